//! What makes a clause an occurrence: an event verb, or an event noun with the verb that makes it
//! happen, in a real (not negated, modal or conditional) clause; its kind and family.

use super::lexicon::{self, Sense};
use super::scheduled::is_timetable;
use super::tree::{Tree, is_subject};
use super::when;
use crate::grammar::{Deprel, Upos, Xpos};

/// A trigger found in a sentence, before its arguments are read.
#[derive(Debug, Clone)]
pub(super) struct Trigger {
    /// The verb that carries the clause (tense, negation, subject).
    pub(super) verb: usize,
    /// The event noun, when the verb only makes it happen ("held talks").
    pub(super) noun: Option<usize>,
    pub(super) kind: &'static str,
    pub(super) family: String,
    /// Triggers folded into this one: a participle or `when` clause telling the same occurrence.
    pub(super) folded: Vec<usize>,
}

pub(super) fn family_of(lemma: &str) -> String {
    match lemma {
        "talk" | "meet" | "meeting" | "negotiation" => "talks",
        "call" | "phone" | "telephone" | "speak" => "phone-call",
        "quake" | "earthquake" | "tremor" => "earthquake",
        "walkout" | "stoppage" | "walk" => "labour-strike",
        "verdict" | "convict" | "guilty" | "find" => "conviction",
        "lawsuit" | "suit" | "sue" => "lawsuit",
        "arrest" | "detain" | "apprehend" => "arrest",
        "agree" | "agreement" | "deal" | "accord" | "sign" => "agreement",
        "protest" | "march" | "rally" | "demonstrate" | "demonstration" => "protest",
        "visit" | "fly" | "travel" | "arrive" | "trip" => "visit",
        "name" | "appoint" | "nominate" | "appointment" | "nomination" => "appointment",
        other => other,
    }
    .to_string()
}

pub(super) fn is_envoy(lemma: &str) -> bool {
    matches!(lemma, "ambassador" | "envoy" | "diplomat" | "emissary" | "ambassadors")
}

/// What a court hears: "will hear the case", "heard the appeal".
fn is_legal_matter(lemma: &str) -> bool {
    matches!(lemma, "case" | "appeal" | "petition" | "challenge" | "lawsuit" | "suit" | "complaint" | "argument")
}

pub(super) fn is_past_or_present(xpos: Xpos) -> bool {
    matches!(xpos, Xpos::Vbd | Xpos::Vbz | Xpos::Vbp | Xpos::Vbn | Xpos::Vbg)
}

impl Tree<'_> {
    /// The subject of `verb`, inherited from the first conjunct or the clause a participle hangs
    /// on when it has none of its own.
    pub(super) fn subject(&self, verb: usize) -> Option<usize> {
        let mut at = verb;
        for _ in 0..8 {
            if let Some(s) = self.children[at].iter().copied().find(|&c| is_subject(self.tokens[c].deprel)) {
                // "Ortega, who declared": the relative pronoun stands for the noun its clause modifies.
                let relative = matches!(self.tokens[s].xpos, Xpos::Wp | Xpos::Wdt)
                    || self.tokens[s].upos == Upos::Pron && self.lemma(s).eq_ignore_ascii_case("that");
                // "said on Wednesday that six … were killed" parsed as a relative clause of the
                // day: a time word is never what a clause is about; the subject is the next one.
                let of_a_time = self.tokens[at].head.is_some_and(|h| when::has_time_words(self.lemma(h)));
                if relative && of_a_time && self.tokens[at].deprel == Deprel::AclRelcl {
                    return self.children[at].iter().copied().find(|&c| c != s && is_subject(self.tokens[c].deprel));
                }
                return match (relative, self.tokens[at].deprel, self.tokens[at].head) {
                    (true, Deprel::AclRelcl, Some(head)) => Some(head),
                    // "Ortega, who declared …, flew": a relative clause the parser hung on the
                    // main verb still speaks for the noun right before its pronoun.
                    (true, ..) => self.noun_before(s),
                    _ => Some(s),
                };
            }
            if let Some(bare) = self.bare_subject(at) {
                return Some(bare);
            }
            let token = &self.tokens[at];
            match (token.deprel, token.head) {
                // "prompting Pakistan to retaliate": who was made to act is the one acting.
                (_, Some(head)) if self.caused_by(at) == Some(head) => return self.child(head, &[Deprel::Obj]),
                (Deprel::Xcomp, Some(_)) if self.is_misread_complement(at) => return self.subject_before(at),
                (Deprel::Conj, Some(head)) => at = head,
                (Deprel::Advcl | Deprel::Xcomp, Some(head)) if token.xpos == Xpos::Vbg => {
                    at = self.set_off_host(at).unwrap_or(head)
                }
                // "Abdollahian is set to visit": the timetable's subject is the visitor.
                (Deprel::Xcomp, Some(head))
                    if matches!(self.lemma(head).to_lowercase().as_str(), "set" | "due" | "schedule" | "slate") =>
                {
                    at = head
                }
                (Deprel::AclRelcl, Some(head)) => return Some(head),
                // "FBI agents arrested Greer" misread as a noun modified by a participle: a
                // participle with an object of its own is the clause's verb, the noun its subject.
                (Deprel::Acl, Some(head)) if self.is_misread_finite(at) => return Some(head),
                _ => return None,
            }
        }
        None
    }

    /// The noun or name right before token `i`, over punctuation: what a relative pronoun
    /// stands for.
    fn noun_before(&self, i: usize) -> Option<usize> {
        let noun = (0..i).rev().find(|&k| self.tokens[k].upos != Upos::Punct)?;
        matches!(self.tokens[noun].upos, Upos::Noun | Upos::Propn).then_some(noun)
    }

    /// A noun phrase before a verb that has no subject, which the parser made a bare adverbial
    /// (`obl:unmarked`) of the verb or of an adverb before it ("The two foreign ministers later
    /// spoke", the ministers read as a time like "next week"): when it names no time, it is the
    /// subject, since a finite clause has one.
    fn bare_subject(&self, verb: usize) -> Option<usize> {
        let adverbs = self.children_with(verb, &[Deprel::Advmod]).filter(|&a| a < verb);
        let hosts: Vec<usize> = std::iter::once(verb).chain(adverbs).collect();
        let token = &self.tokens[verb];
        if token.upos != Upos::Verb || !matches!(token.xpos, Xpos::Vbd | Xpos::Vbz | Xpos::Vbp) {
            return None;
        }
        hosts.into_iter().flat_map(|h| self.children_with(h, &[Deprel::OblUnmarked])).find(|&n| {
            n < verb
                && matches!(self.tokens[n].upos, Upos::Noun | Upos::Propn)
                && self.child(n, &[Deprel::Case]).is_none()
                && !when::has_time_words(&self.lemma(n).to_lowercase())
        })
    }

    /// The verb a participle set off by a comma belongs to when the parser hung it on an
    /// infinitive complement ("had not allowed his counterpart to return …, as well as cancelling
    /// all engagements"): the complement's own verb, whose subject does both.
    fn set_off_host(&self, participle: usize) -> Option<usize> {
        let head = self.tokens[participle].head?;
        let comma = self.children[participle]
            .first()
            .is_some_and(|&c| c < participle && self.tokens[c].upos == Upos::Punct && self.tokens[c].span.len() == 1);
        let infinitive = self.tokens[head].deprel == Deprel::Xcomp && self.tokens[head].xpos == Xpos::Vb;
        (comma && infinitive).then(|| self.tokens[head].head).flatten()
    }

    /// A past participle the parser hung on a noun (`acl`) although it takes an object, or on a
    /// noun that heads the whole sentence ("Protesters marched through …", "The summit opened on
    /// Tuesday" parsed as noun phrases): English has no such reduced relative, and a sentence
    /// needs a verb, so it is the finite verb of the clause, tagged wrong. Not when an agent
    /// follows ("a dinner hosted by the Queen" is a modifier).
    pub(super) fn is_misread_finite(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        let Some(head) = token.head else { return false };
        // The noun heads the sentence, or hangs on a conjunction the parse made its root ("But
        // the situation quickly de-escalated"); only adverbs come between it and the verb.
        let heads_sentence = self.tokens[head].head.is_none_or(|root| {
            self.tokens[root].head.is_none() && root < head && self.tokens[root].upos == Upos::Cconj
        });
        let adjacent = (head + 1..verb).all(|t| self.tokens[t].upos == Upos::Adv);
        let sentence_noun = heads_sentence && head < verb && adjacent;
        let agent = self.child(verb, &[Deprel::OblAgent]).is_some()
            || self.children_with(verb, &[Deprel::Obl]).any(|c| self.case(c).as_deref() == Some("by"));
        token.deprel == Deprel::Acl
            && matches!(token.xpos, Xpos::Vbn | Xpos::Vbd)
            && (self.child(verb, &[Deprel::Obj]).is_some() || sentence_noun && !agent)
            && head < verb
            && (matches!(self.tokens[head].upos, Upos::Noun | Upos::Propn)
                // "The shelling prompted …" with "shelling" tagged an adjective: a word after a
                // determiner that heads the sentence is a noun.
                || sentence_noun && self.child(head, &[Deprel::Det]).is_some())
    }

    /// A simple past the parser hung on another verb as its complement ("have raised alarm …
    /// since the war … erupted on October 7"): a complement has no tense of its own, so a simple
    /// past is a finite clause, read as one unless what it hangs on is saying or believing (then
    /// it is what someone alleges: "alleging it targeted …").
    pub(super) fn is_misread_complement(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        let Some(head) = token.head else { return false };
        let head_lemma = self.lemma(head).to_lowercase();
        token.deprel == Deprel::Xcomp
            && token.xpos == Xpos::Vbd
            && self.child(verb, &[Deprel::Mark]).is_none()
            && self.tokens[head].upos == Upos::Verb
            && !lexicon::is_speech(&head_lemma)
            && !lexicon::is_irrealis(&head_lemma)
            && !lexicon::is_attitude(&head_lemma)
    }

    /// The subject of a misread complement: the noun phrase ending right before it that the
    /// parser gave the clause's subordinator as a preposition ("since the war between Israel and
    /// Hamas erupted": "war", marked by "since").
    fn subject_before(&self, verb: usize) -> Option<usize> {
        // Over the commas closing an apposition ("talks with the operator, Raillink, broke down").
        let mut at = (0..verb).rev().find(|&t| self.tokens[t].upos != Upos::Punct)?;
        for _ in 0..8 {
            let subordinated = self
                .case(at)
                .is_some_and(|c| matches!(c.as_str(), "since" | "after" | "before" | "until" | "when" | "as" | "once"));
            if matches!(self.tokens[at].upos, Upos::Noun | Upos::Propn) && subordinated {
                return Some(at);
            }
            at = self.tokens[at].head.filter(|&h| h < verb)?;
        }
        None
    }

    /// Whether `verb` is a past perfect ("had recalled"), its auxiliary its own or its first
    /// conjunct's ("had recalled … and cancelled").
    pub(super) fn is_past_perfect(&self, verb: usize) -> bool {
        let mut at = verb;
        for _ in 0..8 {
            let had = self
                .children_with(at, &[Deprel::Aux])
                .any(|c| self.lemma(c).eq_ignore_ascii_case("have") && self.tokens[c].xpos == Xpos::Vbd);
            if had {
                return self.tokens[verb].xpos == Xpos::Vbn || at != verb;
            }
            match (self.tokens[at].deprel, self.tokens[at].head) {
                (Deprel::Conj, Some(head)) if self.child(at, &[Deprel::Aux, Deprel::Nsubj]).is_none() => at = head,
                _ => return false,
            }
        }
        false
    }

    /// For a participle with no subject of its own ("…, as well as cancelling all engagements"),
    /// the verbs whose clause it belongs to, nearest first: the verb it hangs on and that verb's
    /// first conjuncts.
    pub(super) fn main_verbs_of(&self, verb: usize) -> Vec<usize> {
        let token = &self.tokens[verb];
        let participle = token.xpos == Xpos::Vbg
            && matches!(token.deprel, Deprel::Advcl | Deprel::Conj)
            && self.child(verb, &[Deprel::Nsubj, Deprel::NsubjPass]).is_none();
        let mut out = Vec::new();
        let mut at = token.head.filter(|_| participle).map(|head| self.set_off_host(verb).unwrap_or(head));
        while let Some(head) = at.filter(|_| out.len() < 8) {
            out.push(head);
            at = self.tokens[head].head.filter(|_| self.tokens[head].deprel == Deprel::Conj);
        }
        out
    }

    /// The verb that made `verb` happen, when `verb` is the infinitive complement of a causative
    /// one with an object ("prompting Pakistan to retaliate", "forced the mill to close").
    pub(super) fn caused_by(&self, verb: usize) -> Option<usize> {
        let token = &self.tokens[verb];
        let head = token.head?;
        let infinitive = token.xpos == Xpos::Vb && self.has_child_lemma(verb, &[Deprel::Mark], &["to"]);
        let complement = matches!(token.deprel, Deprel::Xcomp | Deprel::Advcl | Deprel::Ccomp);
        (infinitive
            && complement
            && lexicon::is_causative(&self.lemma(head).to_lowercase())
            && self.child(head, &[Deprel::Obj]).is_some())
        .then_some(head)
    }

    /// Whether the clause of `verb` says the occurrence happened (not negated, not modal, not a
    /// condition, not an infinitive or a modifier).
    pub(super) fn is_real(&self, verb: usize) -> bool {
        self.is_real_within(verb, 8)
    }

    /// [`Tree::is_real`], following causes up at most `depth` verbs (a malformed parse may loop).
    fn is_real_within(&self, verb: usize, depth: usize) -> bool {
        // What a real occurrence made someone do happened too, unless it is itself negated.
        if let Some(cause) = self.caused_by(verb) {
            let negated = self.has_child_lemma(verb, &[Deprel::Advmod], &["not", "never"]);
            return !negated && depth > 0 && self.is_real_within(cause, depth - 1);
        }
        let token = &self.tokens[verb];
        if token.upos != Upos::Verb || !is_past_or_present(token.xpos) {
            return false;
        }
        if matches!(token.deprel, Deprel::Xcomp | Deprel::Acl | Deprel::Csubj | Deprel::CsubjPass)
            && !self.is_misread_finite(verb)
            && !self.is_misread_complement(verb)
        {
            return false;
        }
        if token.xpos == Xpos::Vbg
            && !matches!(token.deprel, Deprel::Advcl | Deprel::Conj | Deprel::Root | Deprel::Parataxis)
            && !self.has_child_lemma(verb, &[Deprel::Aux], &["be"])
        {
            return false;
        }
        // A bare past participle is a modifier, unless it heads its sentence or has a subject of
        // its own (the tagger often reads a simple past as a participle: "Police arrested").
        if token.xpos == Xpos::Vbn
            && !matches!(token.deprel, Deprel::AclRelcl | Deprel::Conj | Deprel::Root)
            && self.child(verb, &[Deprel::Aux, Deprel::AuxPass, Deprel::Nsubj]).is_none()
            && !self.is_misread_finite(verb)
        {
            return false;
        }
        let negated = self.children[verb].iter().any(|&c| {
            let lemma = self.lemma(c).to_lowercase();
            matches!(self.tokens[c].deprel, Deprel::Advmod | Deprel::Det)
                && matches!(lemma.as_str(), "not" | "never" | "n't")
        });
        let modal = self
            .children_with(verb, &[Deprel::Aux, Deprel::AuxPass])
            .any(|c| self.tokens[c].xpos == Xpos::Md || lexicon::is_modal(&self.lemma(c).to_lowercase()));
        let conditional = self.has_child_lemma(verb, &[Deprel::Mark], &["if", "unless", "whether", "lest", "to"]);
        if negated || modal || conditional {
            return false;
        }
        // A clause hanging on an intention or a possibility has not happened; follow conjuncts
        // up to the verb they share.
        let mut at = verb;
        for _ in 0..8 {
            let t = &self.tokens[at];
            let Some(head) = t.head else { break };
            match t.deprel {
                Deprel::Conj => {
                    if !self.is_modal_free(head) {
                        return false;
                    }
                    at = head;
                }
                Deprel::Ccomp | Deprel::Xcomp if lexicon::is_irrealis(&self.lemma(head).to_lowercase()) => {
                    return false;
                }
                _ => break,
            }
        }
        true
    }

    /// Whether `verb` ("named", "nominated") puts a named person into an office: a name among its
    /// complements and an office word ("minister", "director", "successor") in what it takes,
    /// with `as` or without ("named Reyn as acting minister", "named Reyn acting minister").
    fn to_an_office(&self, verb: usize) -> bool {
        let complements: Vec<usize> =
            self.children_with(verb, &[Deprel::Obj, Deprel::Xcomp, Deprel::Advcl, Deprel::Obl]).collect();
        let named = complements.iter().any(|&c| self.tokens[c].upos == Upos::Propn);
        let office = complements.iter().flat_map(|&c| self.subtree(c)).any(|w| {
            let lemma = self.lemma(w).to_lowercase();
            self.tokens[w].upos == Upos::Noun
                && (crate::draft::lexicon::is_person_noun(&lemma)
                    || matches!(lemma.as_str(), "successor" | "chief" | "head" | "secretary" | "deputy"))
        });
        named && office
    }

    pub(super) fn is_modal_free(&self, verb: usize) -> bool {
        !self
            .children_with(verb, &[Deprel::Aux, Deprel::AuxPass])
            .any(|c| self.tokens[c].xpos == Xpos::Md || lexicon::is_modal(&self.lemma(c).to_lowercase()))
    }

    pub(super) fn event_noun(&self, i: usize) -> Option<&'static str> {
        let token = &self.tokens[i];
        matches!(token.upos, Upos::Noun).then(|| lexicon::noun(&self.lemma(i).to_lowercase())).flatten()
    }

    /// The labour or military sense of a strike, from who strikes.
    pub(super) fn strike_kind(&self, verb: usize, noun: Option<usize>) -> (&'static str, Option<String>) {
        let subject = self.subject(verb);
        let subject_lemma = subject.map(|s| self.lemma(s).to_lowercase()).unwrap_or_default();
        if lexicon::is_disaster(&subject_lemma) {
            return ("other", Some(family_of(&subject_lemma)));
        }
        let workers = lexicon::is_worker(&subject_lemma)
            || subject
                .is_some_and(|s| self.children[s].iter().any(|&c| lexicon::is_worker(&self.lemma(c).to_lowercase())));
        let arms = |c: usize| matches!(self.lemma(c).to_lowercase().as_str(), "missile" | "air" | "drone");
        let by_arms = noun.is_some_and(|n| self.children[n].iter().any(|&c| arms(c)));
        // "a national rail strike", "a general strike": a sector or a reach, not a weapon,
        // names a stoppage when no one is said to strike.
        let of_a_sector = subject.is_none_or(|s| Some(s) == noun)
            && noun.is_some_and(|n| {
                self.children[n].iter().any(|&c| {
                    let lemma = self.lemma(c).to_lowercase();
                    !arms(c)
                        && (self.tokens[c].deprel == Deprel::Compound && self.tokens[c].upos == Upos::Noun
                            || matches!(lemma.as_str(), "general" | "nationwide" | "national"))
                })
            });
        if (workers || of_a_sector) && !by_arms {
            ("peaceful-protest", Some("labour-strike".into()))
        } else {
            ("strike", None)
        }
    }

    /// The trigger of `verb` making the event noun `noun` happen: the noun's type, a strike's
    /// sense read from who strikes.
    fn noun_trigger(&self, verb: usize, noun: usize) -> Option<Trigger> {
        let mut kind = self.event_noun(noun)?;
        let mut family = family_of(&self.lemma(noun).to_lowercase());
        if kind == "strike" {
            let (k, f) = self.strike_kind(verb, Some(noun));
            kind = k;
            family = f.unwrap_or(family);
        }
        Some(Trigger { verb, noun: Some(noun), kind, family, folded: vec![] })
    }

    pub(super) fn trigger(&self, verb: usize) -> Option<Trigger> {
        let lemma = self.lemma(verb).to_lowercase();
        let sense = lexicon::verb(&lemma)?;
        let plain = |kind: &'static str| Trigger { verb, noun: None, kind, family: family_of(&lemma), folded: vec![] };
        let obj = self.child(verb, &[Deprel::Obj]);
        let particle = self.child(verb, &[Deprel::CompoundPrt]).map(|p| self.lemma(p).to_lowercase());
        Some(match sense {
            // Guns fire at a place; a company fires a person.
            Sense::Fixed(_)
                if lemma == "fire" && obj.is_none_or(|o| lexicon::is_weapon(&self.lemma(o).to_lowercase())) =>
            {
                Trigger { family: "strike".into(), ..plain("strike") }
            }
            Sense::Fixed(_) if lemma == "speak" || lemma == "talk" => {
                let by_phone = self.children_with(verb, &[Deprel::Obl]).any(|c| {
                    matches!(self.case(c).as_deref(), Some("by" | "over" | "on"))
                        && matches!(self.lemma(c).to_lowercase().as_str(), "phone" | "telephone")
                });
                // "Both foreign ministers have spoken twice": two sides speaking with each other,
                // nowhere in particular, is the diplomats' call (in person they "met").
                let with_each_other = lemma == "speak"
                    && self.subject(verb).is_some_and(|s| {
                        self.has_child_lemma(s, &[Deprel::Det, Deprel::DetPredet, Deprel::Cc], &["both"])
                            || self.child(s, &[Deprel::Conj]).is_some()
                    })
                    && !self.children_with(verb, &[Deprel::Obl]).any(|c| {
                        matches!(self.case(c).as_deref(), Some("in" | "at"))
                            && !super::when::has_time_words(&self.lemma(c).to_lowercase())
                    });
                if !by_phone && !with_each_other {
                    return None;
                }
                Trigger { family: family_of("phone"), ..plain("phone-call") }
            }
            // "named Reyn acting minister": `name` is an appointment only to an office; a court
            // hears a case, not a speech.
            Sense::Fixed(_) if matches!(lemma.as_str(), "name" | "nominate") && !self.to_an_office(verb) => {
                return None;
            }
            Sense::Fixed(_)
                if lemma == "hear" && !obj.is_some_and(|o| is_legal_matter(&self.lemma(o).to_lowercase())) =>
            {
                return None;
            }
            Sense::Fixed("ambassador-recall") => {
                obj.filter(|&o| is_envoy(&self.lemma(o).to_lowercase()))?;
                plain("ambassador-recall")
            }
            Sense::Fixed(kind) => plain(kind),
            Sense::Strike => {
                let (kind, family) = self.strike_kind(verb, None);
                Trigger { family: family.unwrap_or_else(|| family_of(&lemma)), ..plain(kind) }
            }
            Sense::Toll => {
                // "the strikes … killed nine people": the toll of the strikes.
                let cause = self.child(verb, &[Deprel::Nsubj]).and_then(|s| self.event_noun(s).map(|k| (s, k)));
                match cause {
                    Some((noun, kind)) if matches!(kind, "strike" | "attack") => Trigger {
                        verb,
                        noun: Some(noun),
                        kind,
                        family: family_of(&self.lemma(noun).to_lowercase()),
                        folded: vec![],
                    },
                    _ => plain("casualties"),
                }
            }
            Sense::Travel => {
                let to_a_place = self
                    .children_with(verb, &[Deprel::Obl])
                    .any(|c| matches!(self.case(c).as_deref(), Some("to" | "in" | "at")));
                if lemma != "visit" && !to_a_place {
                    return None;
                }
                plain("diplomatic-visit")
            }
            Sense::Phase => {
                if lemma == "break" && !matches!(particle.as_deref(), Some("down" | "off")) {
                    return None;
                }
                let misread = || self.is_misread_finite(verb).then_some(self.tokens[verb].head).flatten();
                // Or the subject the clause takes from elsewhere: the noun a relative pronoun stands
                // for ("a strike, which began on Tuesday"), a timetable's ("talks are scheduled to
                // resume").
                let subject = self
                    .child(verb, &[Deprel::Nsubj])
                    .filter(|&s| self.event_noun(s).is_some())
                    .or_else(misread)
                    // "walked out after talks with the operator broke down", `after` read as the
                    // preposition of `talks` and `broke` as a conjunct of `walked`.
                    .or_else(|| {
                        self.child(verb, &[Deprel::Nsubj])
                            .is_none()
                            .then(|| self.subject_before(verb).filter(|&s| self.event_noun(s).is_some()))
                            .flatten()
                    })
                    .or_else(|| self.subject(verb))?;
                self.noun_trigger(verb, subject)?
            }
            Sense::Support => {
                if lemma == "walk" {
                    return None;
                }
                if lemma == "return" {
                    let envoy = [obj, self.child(verb, &[Deprel::Nsubj, Deprel::NsubjPass])]
                        .into_iter()
                        .flatten()
                        .any(|a| is_envoy(&self.lemma(a).to_lowercase()));
                    return envoy.then(|| plain("ambassador-return"));
                }
                // "went on strike", "retaliated with strikes": the event noun is the object, or
                // an oblique after go, retaliate or respond; in the passive, the subject ("the
                // strikes were carried out by Iran").
                let noun = obj
                    .filter(|&o| self.event_noun(o).is_some())
                    .or_else(|| {
                        matches!(lemma.as_str(), "go" | "retaliate" | "respond")
                            .then(|| self.children_with(verb, &[Deprel::Obl]).find(|&c| self.event_noun(c).is_some()))
                            .flatten()
                    })
                    .or_else(|| {
                        self.child(verb, &[Deprel::NsubjPass]).filter(|&s| {
                            self.event_noun(s).is_some() && !matches!(lemma.as_str(), "call" | "make" | "pay" | "issue")
                        })
                    })?;
                self.noun_trigger(verb, noun)?
            }
        })
        .map(|mut t| {
            // "The meeting, chaired by …, ratified the move": what a meeting does is the meeting.
            let meeting = self.subject(verb).filter(|&s| {
                self.event_noun(s).is_some_and(|k| matches!(k, "meeting" | "security-meeting"))
                    && self.has_child_lemma(s, &[Deprel::Det], &["the", "this"])
            });
            if let Some(noun) = meeting.filter(|_| t.noun.is_none() && matches!(t.kind, "agreement" | "other")) {
                t.kind = "meeting";
                t.family = family_of(&self.lemma(noun).to_lowercase());
            }
            if lemma == "find" {
                // "was found guilty": a conviction; any other finding is not an occurrence here.
                t.kind = "other";
                t.family = family_of("find");
            }
            t
        })
        // The tagger may take "guilty" for a noun, the object ("found Lund guilty").
        .filter(|t| lemma != "find" || self.has_child_lemma(t.verb, &[Deprel::Xcomp, Deprel::Obj], &["guilty"]))
    }
}

impl Tree<'_> {
    /// A statement that something is to happen ("Pakistan said on Monday that Iran's foreign
    /// minister will visit", "…, the ministry confirmed"): the statement happened, whatever comes
    /// of what it schedules. Its passage is the statement's own clause, never the scheduled one,
    /// which is no occurrence yet.
    pub(super) fn announcement(&self, verb: usize) -> Option<Trigger> {
        self.scheduled_by(verb)?;
        Some(Trigger { verb, noun: None, kind: "announcement", family: "announcement".into(), folded: vec![] })
    }

    /// A word for the occurrence `event` reports, for a title: its event noun ("talks"), or the
    /// noun of its verb ("meet" → "meeting").
    pub(super) fn event_noun_lemma(&self, event: usize) -> String {
        match self.trigger(event).and_then(|t| t.noun) {
            Some(noun) => self.text_lemma(noun),
            None => lexicon::noun_of_verb(lexicon::spelled(&self.lemma(event).to_lowercase())).to_string(),
        }
    }

    fn text_lemma(&self, i: usize) -> String {
        let lemma = self.lemma(i).to_lowercase();
        if lemma == "talk" { "talks".into() } else { lemma }
    }

    /// The verb of the occurrence a verb of stating (`verb`) says is to happen: its reported
    /// clause (or the clause it is set into: "X will visit next week, the office said") with
    /// `will`, `would` or `shall`, or `is set / due / scheduled to`, whose verb reports an
    /// occurrence; not negated and not a condition ("would strike if …").
    pub(super) fn scheduled_by(&self, verb: usize) -> Option<usize> {
        if !lexicon::is_statement(&self.lemma(verb).to_lowercase()) {
            return None;
        }
        let token = &self.tokens[verb];
        let told =
            self.child(verb, &[Deprel::Ccomp]).or_else(|| token.head.filter(|_| token.deprel == Deprel::Parataxis))?;
        let event =
            if is_timetable(&self.lemma(told).to_lowercase()) { self.child(told, &[Deprel::Xcomp])? } else { told };
        let future = self
            .children_with(told, &[Deprel::Aux])
            .any(|c| matches!(self.lemma(c).to_lowercase().as_str(), "will" | "would" | "shall"))
            || event != told;
        let negated_or_conditional = [told, event].iter().any(|&v| self.is_negated_or_conditional(v));
        let happening = self.tokens[event].upos == Upos::Verb && self.trigger(event).is_some();
        (future && happening && !negated_or_conditional).then_some(event)
    }
}

impl Tree<'_> {
    /// Whether the time words of a causing verb date what it caused ("prompted a meeting of the
    /// committee …, on Friday"): a day, not an interval, hung on the verb itself.
    pub(super) fn caused_on_its_day(&self, verb: usize) -> bool {
        self.children_with(verb, &[Deprel::Obl, Deprel::OblTmod, Deprel::OblUnmarked]).any(|c| {
            let lemma = self.lemma(c).to_lowercase();
            crate::draft::lexicon::WEEKDAYS.contains(&lemma.as_str())
                || self.children_with(c, &[Deprel::Nummod]).next().is_some() && super::when::has_time_words(&lemma)
        })
    }
}

/// "walk out" is a verb with a particle; the lexicon holds single words.
pub(super) fn walk_out(tree: &Tree<'_>, verb: usize) -> Option<Trigger> {
    let lemma = tree.lemma(verb).to_lowercase();
    let particle = tree.child(verb, &[Deprel::CompoundPrt]).map(|p| tree.lemma(p).to_lowercase());
    // "walked out of hospitals": the parser may make "out" a preposition of the place left.
    let out_of = || {
        tree.children_with(verb, &[Deprel::Obl, Deprel::Advmod])
            .any(|c| tree.lemma(c).eq_ignore_ascii_case("out") || tree.has_child_lemma(c, &[Deprel::Case], &["out"]))
    };
    // "drivers stopped work", "dockers downed tools": a stoppage told without the word.
    let stopped_work = matches!(lemma.as_str(), "stop" | "down" | "halt")
        && tree
            .child(verb, &[Deprel::Obj])
            .is_some_and(|o| matches!(tree.lemma(o).to_lowercase().as_str(), "work" | "tool"))
        && tree.subject(verb).is_some_and(|s| lexicon::is_worker(&tree.lemma(s).to_lowercase()));
    (lemma == "walk" && (particle.as_deref() == Some("out") || out_of()) || stopped_work).then(|| Trigger {
        verb,
        noun: None,
        kind: "peaceful-protest",
        family: "labour-strike".into(),
        folded: vec![],
    })
}

/// A disaster doing something to a place ("Flash floods swept through the valley", "a storm
/// battered the coast"): the disaster occurred, whatever the verb.
pub(super) fn disaster_at(tree: &Tree<'_>, verb: usize) -> Option<Trigger> {
    let subject = tree.child(verb, &[Deprel::Nsubj])?;
    let disaster = tree.lemma(subject).to_lowercase();
    if !lexicon::is_disaster(&disaster) || tree.tokens[subject].upos != Upos::Noun {
        return None;
    }
    let on_a_place = tree.child(verb, &[Deprel::Obj]).is_some()
        || tree.children_with(verb, &[Deprel::Obl]).any(|c| {
            matches!(
                tree.case(c).as_deref(),
                Some("through" | "across" | "into" | "over" | "along" | "in" | "on" | "near" | "off")
            ) && !super::when::has_time_words(&tree.lemma(c).to_lowercase())
        });
    // "Rain had battered the region since the weekend" tells a state lasting, not an occurrence.
    let lasting =
        tree.children_with(verb, &[Deprel::Obl]).any(|c| matches!(tree.case(c).as_deref(), Some("since" | "for")));
    let family = family_of(&disaster);
    (on_a_place && !lasting).then(|| Trigger { verb, noun: None, kind: "other", family, folded: vec![] })
}

/// Occurrences a real clause takes as given, when they carry their own date: an event noun after
/// `after` or `following` ("de-escalated after a phone call between Jilani and Abdollahian on
/// Friday"), or what a cause brought about ("prompted a high-level meeting … on Friday"). The
/// noun is the trigger; without time words of its own it is left to the clauses that tell it.
fn presupposed(tree: &Tree<'_>, verb: usize) -> Vec<Trigger> {
    let lemma = tree.lemma(verb).to_lowercase();
    let mut out = Vec::new();
    for &c in &tree.children[verb] {
        let Some(kind) = tree.event_noun(c) else { continue };
        let deprel = tree.tokens[c].deprel;
        let after = matches!(deprel, Deprel::Obl | Deprel::Nmod)
            && matches!(tree.case(c).as_deref(), Some("after" | "following"));
        let caused =
            deprel == Deprel::Obj && matches!(lemma.as_str(), "prompt" | "trigger" | "spark" | "cause" | "provoke");
        let dated = tree.children[c].iter().any(|&t| {
            !matches!(tree.tokens[t].deprel, Deprel::Det | Deprel::Case)
                && tree.subtree(t).iter().any(|&w| super::when::has_time_words(tree.lemma(w)))
        }) || caused && tree.caused_on_its_day(verb);
        if (after || caused) && dated {
            let noun_lemma = tree.lemma(c).to_lowercase();
            out.push(Trigger { verb: c, noun: Some(c), kind, family: family_of(&noun_lemma), folded: vec![] });
        }
    }
    out
}

pub(super) fn find_triggers(tree: &Tree<'_>) -> Vec<Trigger> {
    let mut found: Vec<Trigger> = Vec::new();
    for verb in 0..tree.tokens.len() {
        if tree.tokens[verb].upos != Upos::Verb || !tree.is_real(verb) {
            continue;
        }
        let trigger = walk_out(tree, verb)
            .or_else(|| tree.announcement(verb))
            .or_else(|| tree.trigger(verb))
            .or_else(|| disaster_at(tree, verb));
        if let Some(trigger) = trigger {
            found.push(trigger);
        }
        found.extend(presupposed(tree, verb));
    }
    // A participle without a subject of its own ("…, killing at least 14") and a `when` clause
    // tell the same occurrence as the clause they hang on: fold them into it.
    let verbs: Vec<usize> = found.iter().map(|t| t.verb).collect();
    let mut folded_into: Vec<Option<usize>> = vec![None; found.len()];
    for (n, trigger) in found.iter().enumerate() {
        let token = &tree.tokens[trigger.verb];
        let Some(head) = token.head else { continue };
        // Not one the parser hung on a verb with a coordinator ("…, as well as cancelling all
        // engagements"): another deed.
        let coordinated = token.deprel == Deprel::Advcl && tree.child(trigger.verb, &[Deprel::Cc]).is_some();
        let participle =
            token.xpos == Xpos::Vbg && tree.child(trigger.verb, &[Deprel::Nsubj]).is_none() && !coordinated;
        // "when" may be parsed as an adverb of the clause, not its marker.
        let at_the_time = tree.has_child_lemma(trigger.verb, &[Deprel::Mark], &["when", "as", "while"])
            || tree.children_with(trigger.verb, &[Deprel::Advmod]).any(|c| {
                c < trigger.verb && tree.tokens[c].xpos == Xpos::Wrb && tree.lemma(c).eq_ignore_ascii_case("when")
            });
        // "a phone call …, in which they agreed to …": what happened in an occurrence is part of it.
        // The parse may hang the clause on a word of the noun's phrase ("a call … on Saturday, in
        // which"): the occurrence whose phrase holds that word.
        let in_which = token.deprel == Deprel::AclRelcl
            && tree.children_with(trigger.verb, &[Deprel::Obl]).any(|c| {
                tree.lemma(c).eq_ignore_ascii_case("which")
                    && matches!(tree.case(c).as_deref(), Some("in" | "during" | "at"))
            });
        let holder = in_which
            .then(|| {
                found.iter().position(|t| t.noun.is_some_and(|noun| noun == head || tree.phrase(noun).contains(&head)))
            })
            .flatten();
        if holder.is_some() {
            folded_into[n] = holder;
            continue;
        }
        let attached = matches!(token.deprel, Deprel::Advcl) && (participle || at_the_time)
            || token.deprel == Deprel::Conj && participle;
        if attached {
            // A conjunct participle joins the occurrence its first conjunct joined; a participle
            // the parser hung on the verb of saying ("…, killing 14, the agency said") joins the
            // occurrence that verb reports.
            let said_by = |v: usize| {
                let t = &tree.tokens[v];
                (matches!(t.deprel, Deprel::Parataxis | Deprel::Ccomp)
                    && lexicon::is_speech(&tree.lemma(v).to_lowercase()))
                .then_some(t.head)
                .flatten()
            };
            let host = if verbs.contains(&head) { Some(head) } else { said_by(head) };
            let target = host.and_then(|h| verbs.iter().position(|&v| v == h)).map(|p| folded_into[p].unwrap_or(p));
            folded_into[n] = target;
        }
    }
    // A toll in a sentence that names a disaster is the disaster's ("16 people died when a strong
    // earthquake shook…"), whatever the parser made of the rest.
    let disaster = tree
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| t.upos == Upos::Noun && lexicon::is_disaster(&t.lemma.to_lowercase()));
    if let Some((_, token)) = disaster {
        for trigger in found.iter_mut().filter(|t| t.kind == "casualties") {
            trigger.kind = "other";
            trigger.family = family_of(&token.lemma.to_lowercase());
        }
    }
    let mut out: Vec<Trigger> = Vec::new();
    let mut index_of: Vec<Option<usize>> = vec![None; found.len()];
    for (n, trigger) in found.iter().enumerate() {
        // A participle with no subject of its own that tells no other occurrence ("…, halting
        // traffic") says what followed something that is not an event here: leave it.
        let token = &tree.tokens[trigger.verb];
        // One coordinated ("…, as well as cancelling all engagements") is another deed of the
        // same subject, not a modifier.
        let dangling = token.xpos == Xpos::Vbg
            && token.deprel == Deprel::Advcl
            && tree.child(trigger.verb, &[Deprel::Nsubj, Deprel::NsubjPass, Deprel::Cc]).is_none();
        if folded_into[n].is_none() && !dangling {
            index_of[n] = Some(out.len());
            out.push(trigger.clone());
        }
    }
    for (n, trigger) in found.into_iter().enumerate() {
        let Some(into) = folded_into[n].and_then(|p| index_of[p]) else { continue };
        let main = &mut out[into];
        main.folded.push(trigger.verb);
        // The disaster beneath a toll names the occurrence ("died when a quake shook").
        if trigger.kind == "other" && main.kind == "casualties" && trigger.family != family_of(tree.lemma(trigger.verb))
        {
            main.kind = "other";
            main.family = trigger.family;
        } else if main.kind == "casualties" && trigger.kind != "casualties" {
            main.kind = trigger.kind;
            main.family = trigger.family;
        }
    }
    out
}

#[cfg(test)]
#[path = "misparse_tests.rs"]
mod misparse_tests;
