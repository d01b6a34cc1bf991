//! The closed label sets: Universal POS tags, Penn Treebank tags (as English UD treebanks use them)
//! and UD dependency relations with the subtypes English uses.
//!
//! Each set is a list of names fixed at compile time, so a model file stores one byte per label
//! and a token carries a `Copy` value, never a string.

use std::fmt;

macro_rules! closed_set {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant,)* }

        impl $name {
            /// Every value, in the order of their byte codes.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The name the treebanks write.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// The value a treebank name stands for, if it is one of this set.
            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }

            pub(crate) fn code(self) -> u8 {
                self as u8
            }

            pub(crate) fn from_code(code: u8) -> Option<$name> {
                Self::ALL.get(usize::from(code)).copied()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

closed_set! {
    /// A Universal Dependencies part-of-speech tag.
    Upos {
        Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET",
        Intj = "INTJ", Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN",
        Punct = "PUNCT", Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
    }
}

closed_set! {
    /// A Penn Treebank part-of-speech tag, with the additions English UD treebanks use
    /// (ADD, AFX, GW, HYPH, NFP, XX). It carries tense and number: `VBD` "said" vs `VBZ` "says".
    Xpos {
        Dollar = "$", CloseQuote = "''", Comma = ",", Lrb = "-LRB-", Rrb = "-RRB-", Period = ".",
        Colon = ":", Add = "ADD", Afx = "AFX", Cc = "CC", Cd = "CD", Dt = "DT", Ex = "EX",
        Fw = "FW", Gw = "GW", Hyph = "HYPH", In = "IN", Jj = "JJ", Jjr = "JJR", Jjs = "JJS",
        Ls = "LS", Md = "MD", Nfp = "NFP", Nn = "NN", Nnp = "NNP", Nnps = "NNPS", Nns = "NNS",
        Pdt = "PDT", Pos = "POS", Prp = "PRP", PrpPoss = "PRP$", Rb = "RB", Rbr = "RBR",
        Rbs = "RBS", Rp = "RP", Sym = "SYM", To = "TO", Uh = "UH", Vb = "VB", Vbd = "VBD",
        Vbg = "VBG", Vbn = "VBN", Vbp = "VBP", Vbz = "VBZ", Wdt = "WDT", Wp = "WP",
        WpPoss = "WP$", Wrb = "WRB", OpenQuote = "``", Xx = "XX",
    }
}

closed_set! {
    /// A UD dependency relation; subtypes (`nsubj:pass`, `obl:tmod`, `acl:relcl`, …) are values
    /// of their own. [`Deprel::base`] gives the universal relation without the subtype.
    Deprel {
        Acl = "acl", AclRelcl = "acl:relcl", Advcl = "advcl", AdvclRelcl = "advcl:relcl",
        Advmod = "advmod", Amod = "amod", Appos = "appos", Aux = "aux", AuxPass = "aux:pass",
        Case = "case", Cc = "cc", CcPreconj = "cc:preconj", Ccomp = "ccomp", Clf = "clf",
        Compound = "compound", CompoundPrt = "compound:prt", Conj = "conj", Cop = "cop",
        Csubj = "csubj", CsubjOuter = "csubj:outer", CsubjPass = "csubj:pass", Dep = "dep",
        Det = "det", DetPredet = "det:predet", Discourse = "discourse", Dislocated = "dislocated",
        Expl = "expl", Fixed = "fixed", Flat = "flat", FlatForeign = "flat:foreign",
        Goeswith = "goeswith", Iobj = "iobj", List = "list", Mark = "mark", Nmod = "nmod",
        NmodDesc = "nmod:desc", NmodNpmod = "nmod:npmod", NmodPoss = "nmod:poss",
        NmodTmod = "nmod:tmod", NmodUnmarked = "nmod:unmarked", Nsubj = "nsubj",
        NsubjOuter = "nsubj:outer", NsubjPass = "nsubj:pass", Nummod = "nummod", Obj = "obj",
        Obl = "obl", OblAgent = "obl:agent", OblNpmod = "obl:npmod", OblTmod = "obl:tmod",
        OblUnmarked = "obl:unmarked", Orphan = "orphan", Parataxis = "parataxis",
        Punct = "punct", Reparandum = "reparandum", Root = "root", Vocative = "vocative",
        Xcomp = "xcomp",
    }
}

impl Deprel {
    /// The universal relation without its subtype: `nsubj:pass` → `nsubj`.
    pub fn base(self) -> &'static str {
        let name = self.as_str();
        name.split_once(':').map_or(name, |(base, _)| base)
    }

    /// The subtype after the colon, if any: `obl:tmod` → `tmod`.
    pub fn subtype(self) -> Option<&'static str> {
        self.as_str().split_once(':').map(|(_, sub)| sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_codes() {
        for &rel in Deprel::ALL {
            assert_eq!(Deprel::parse(rel.as_str()), Some(rel));
            assert_eq!(Deprel::from_code(rel.code()), Some(rel));
        }
        for &tag in Xpos::ALL {
            assert_eq!(Xpos::parse(&tag.to_string()), Some(tag));
        }
        assert_eq!(Upos::parse("PROPN"), Some(Upos::Propn));
        assert_eq!(Upos::parse("propn"), None);
    }

    #[test]
    fn subtypes_split_from_the_universal_relation() {
        assert_eq!(Deprel::NsubjPass.base(), "nsubj");
        assert_eq!(Deprel::NsubjPass.subtype(), Some("pass"));
        assert_eq!(Deprel::Ccomp.base(), "ccomp");
        assert_eq!(Deprel::Ccomp.subtype(), None);
    }
}
