//! A sentence's dependency parse as a tree the event reader walks: children by relation,
//! subtrees, phrases and their spans.

use std::borrow::Cow;
use std::ops::Range;

use crate::grammar::{Deprel, Sentence, Token, Upos, Xpos};

pub(super) struct Tree<'s> {
    /// The parse, with the misreadings [`repair_complementizer`] undoes (a copy only then).
    pub(super) tokens: Cow<'s, [Token]>,
    pub(super) children: Vec<Vec<usize>>,
}

impl<'s> Tree<'s> {
    pub(super) fn new(sentence: &'s Sentence) -> Tree<'s> {
        let mut tokens = repair_complementizer(&sentence.tokens);
        repair_clause_edges(&mut tokens);
        if let Some((day, noun)) = day_of_an_occurrence_misattached(&tokens) {
            let owned = tokens.to_mut();
            owned[day].head = Some(noun);
            owned[day].deprel = Deprel::Nmod;
        }
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, token) in tokens.iter().enumerate() {
            if let Some(head) = token.head.filter(|&h| h < tokens.len() && h != i) {
                children[head].push(i);
            }
        }
        Tree { tokens, children }
    }

    pub(super) fn lemma(&self, i: usize) -> &str {
        &self.tokens[i].lemma
    }

    pub(super) fn child(&self, i: usize, rel: &[Deprel]) -> Option<usize> {
        self.children[i].iter().copied().find(|&c| rel.contains(&self.tokens[c].deprel))
    }

    pub(super) fn children_with(&self, i: usize, rel: &[Deprel]) -> impl Iterator<Item = usize> + '_ {
        let rel = rel.to_vec();
        self.children[i].iter().copied().filter(move |&c| rel.contains(&self.tokens[c].deprel))
    }

    pub(super) fn has_child_lemma(&self, i: usize, rel: &[Deprel], lemmas: &[&str]) -> bool {
        self.children_with(i, rel).any(|c| lemmas.contains(&self.lemma(c).to_lowercase().as_str()))
    }

    /// The case marker of a nominal: "in" of "in Boulder".
    pub(super) fn case(&self, i: usize) -> Option<String> {
        self.child(i, &[Deprel::Case]).map(|c| self.lemma(c).to_lowercase())
    }

    /// Every token under `i`, `i` included, not descending into `stop` relations.
    pub(super) fn gather(&self, i: usize, stop: &dyn Fn(usize) -> bool, out: &mut Vec<usize>) {
        out.push(i);
        for &c in &self.children[i] {
            if !stop(c) {
                self.gather(c, stop, out);
            }
        }
    }

    /// The first word of the phrase `i` heads, following first dependents down (children are
    /// in text order); bounded by the tree's depth, without gathering the phrase.
    pub(super) fn leftmost(&self, i: usize) -> usize {
        let mut at = i;
        for _ in 0..self.tokens.len() {
            match self.children[at].first() {
                Some(&c) if c < at => at = c,
                _ => break,
            }
        }
        at
    }

    pub(super) fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.gather(i, &|_| false, &mut out);
        out
    }

    /// The span of a phrase without its clauses, appositions and parentheses.
    pub(super) fn phrase(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let stop = |c: usize| is_clausal(self.tokens[c].deprel) || matches!(self.tokens[c].deprel, Deprel::Appos);
        self.gather(i, &stop, &mut out);
        out.sort_unstable();
        out
    }

    pub(super) fn span_of(&self, ids: &[usize]) -> Option<Range<usize>> {
        let start = ids.iter().map(|&t| self.tokens[t].span.start).min()?;
        let end = ids.iter().map(|&t| self.tokens[t].span.end).max()?;
        Some(start..end)
    }
}

/// "Pakistan said that Iran's Foreign Minister will visit": a parser may read the `that` opening
/// a complement clause as the pronoun object of the clause's verb, so that the visit's object is
/// "that". An object never comes before the subject of a clause that reports (a relative clause,
/// where it may, is `acl:relcl`, not `ccomp`): there, `that` first in its clause is the
/// subordinator.
fn repair_complementizer(tokens: &[Token]) -> Cow<'_, [Token]> {
    let misread = |i: usize| {
        let token = &tokens[i];
        let Some(verb) = token.head.filter(|&h| h > i && h < tokens.len()) else { return false };
        token.deprel == Deprel::Obj
            && token.upos == Upos::Pron
            && token.lemma.eq_ignore_ascii_case("that")
            && tokens[verb].deprel == Deprel::Ccomp
            && tokens.iter().enumerate().any(|(s, t)| s > i && s < verb && t.head == Some(verb) && is_subject(t.deprel))
            && !tokens[..i].iter().any(|t| t.head == Some(verb))
    };
    let wrong: Vec<usize> = (0..tokens.len()).filter(|&i| misread(i)).collect();
    if wrong.is_empty() {
        return Cow::Borrowed(tokens);
    }
    let mut repaired = tokens.to_vec();
    for i in wrong {
        repaired[i].deprel = Deprel::Mark;
        repaired[i].upos = Upos::Sconj;
        repaired[i].xpos = Xpos::In;
    }
    Cow::Owned(repaired)
}

/// Misreadings of a clause's edges that English word order rules out, undone in place:
/// - a wire's dateline ("PORT AMSEL, June 8 2026 (Wire) – Marovia's coast guard seized …") taken
///   for the subject while the noun phrase after the dash, hung on the same verb, is left without
///   a role: the dateline is set apart (a parataxis), the phrase after the dash is the subject;
/// - a verb hung on a coordinator ("accepted her resignation and named Reyn", `named` an `acl` of
///   `and`): a coordinator joins what stands on its two sides, so the verb is a conjunct of the
///   verb the coordinator's phrase belongs to;
/// - a phrase hung on a noun that comes after it and its preposition ("walked out on May 3 after
///   talks …", the day an `nmod` of `talks`): a noun's modifiers follow its preposition, so the
///   phrase is the verb's, where the noun hangs;
/// - a name set off by commas after a noun and read as a vocative ("arrested the factory's owner,
///   Viktor Hale, on Wednesday"): news prose addresses no one outside quotes, so it is the
///   noun's apposition;
/// - "guilty" tagged a noun, the object of "found", with the one found guilty its compound
///   ("found Lund guilty"): it is the adjective, the verb's complement, and the name its object;
/// - a name a verb without a subject takes as its complement although it stands before it
///   ("Castel named Reyn …", `Castel` an `xcomp`): in a statement nothing but the subject comes
///   before the verb without a preposition, so it is the subject.
fn repair_clause_edges(tokens: &mut Cow<'_, [Token]>) {
    let n = tokens.len();
    let dash = |t: &Token| t.upos == Upos::Punct && matches!(t.lemma.as_str(), "-" | "–" | "—" | "--");
    for i in 0..n {
        let Some(noun) = tokens[i].head.filter(|&h| h > i && h < n) else { continue };
        let case = (i + 1..noun).find(|&c| tokens[c].head == Some(noun) && tokens[c].deprel == Deprel::Case);
        let verb = tokens[noun].head.filter(|&v| v < i && tokens[v].upos == Upos::Verb);
        if tokens[i].deprel == Deprel::Nmod
            && case.is_some()
            && tokens[noun].deprel == Deprel::Obl
            && let Some(verb) = verb
        {
            let owned = tokens.to_mut();
            owned[i].head = Some(verb);
            owned[i].deprel = Deprel::Obl;
        }
    }
    for name in 0..n {
        let Some(verb) = tokens[name].head.filter(|&h| h < n && tokens[name].deprel == Deprel::Vocative) else {
            continue;
        };
        // The word before the name's own ("Viktor" of "Viktor Hale") and its comma.
        let own = |t: usize| tokens[t].head == Some(name) && tokens[t].upos != Upos::Punct;
        let first = (0..name).rev().take_while(|&t| own(t)).last().unwrap_or(name);
        let comma = first.checked_sub(1).filter(|&t| tokens[t].upos == Upos::Punct);
        let Some(before) = comma.and_then(|c| c.checked_sub(1)) else { continue };
        // The phrase the word before belongs to, among the verb's own dependents.
        let mut at = before;
        for _ in 0..8 {
            match tokens[at].head {
                Some(h) if h != verb && h < n => at = h,
                _ => break,
            }
        }
        if tokens[at].head == Some(verb) && matches!(tokens[at].upos, Upos::Noun | Upos::Propn) {
            let owned = tokens.to_mut();
            owned[name].head = Some(at);
            owned[name].deprel = Deprel::Appos;
        }
    }
    for adjective in 0..n {
        let Some(verb) = tokens[adjective].head.filter(|&h| h < n && tokens[h].upos == Upos::Verb) else { continue };
        if !(tokens[adjective].lemma.eq_ignore_ascii_case("guilty") && tokens[adjective].deprel == Deprel::Obj) {
            continue;
        }
        let named = (0..adjective).find(|&c| tokens[c].head == Some(adjective) && tokens[c].deprel == Deprel::Compound);
        let owned = tokens.to_mut();
        owned[adjective].upos = Upos::Adj;
        owned[adjective].deprel = Deprel::Xcomp;
        if let Some(named) = named {
            owned[named].head = Some(verb);
            owned[named].deprel = Deprel::Obj;
        }
    }
    for verb in 0..n {
        if tokens[verb].upos != Upos::Verb {
            continue;
        }
        let on_verb = |t: &Token| t.head == Some(verb);
        // The dateline.
        let subject = (0..verb).find(|&i| on_verb(&tokens[i]) && tokens[i].deprel == Deprel::Nsubj);
        let cut = subject.and_then(|s| (s + 1..verb).find(|&i| dash(&tokens[i])));
        if let (Some(s), Some(cut)) = (subject, cut) {
            let after = (cut + 1..verb).rev().find(|&i| {
                on_verb(&tokens[i])
                    && matches!(tokens[i].upos, Upos::Noun | Upos::Propn)
                    && matches!(
                        tokens[i].deprel,
                        Deprel::Nsubj | Deprel::Parataxis | Deprel::Dep | Deprel::OblUnmarked | Deprel::Appos
                    )
            });
            if let Some(after) = after {
                let owned = tokens.to_mut();
                owned[s].deprel = Deprel::Parataxis;
                owned[after].deprel = Deprel::Nsubj;
            }
        }
        // The verb on a coordinator.
        if let Some(cc) = tokens[verb].head.filter(|&h| h < verb && tokens[h].upos == Upos::Cconj) {
            let mut at = tokens[cc].head;
            let mut host = None;
            for _ in 0..8 {
                let Some(h) = at.filter(|&h| h < cc) else { break };
                if tokens[h].upos == Upos::Verb {
                    host = Some(h);
                    break;
                }
                at = tokens[h].head;
            }
            if let Some(host) = host {
                let owned = tokens.to_mut();
                owned[verb].head = Some(host);
                owned[verb].deprel = Deprel::Conj;
                owned[cc].head = Some(verb);
                owned[cc].deprel = Deprel::Cc;
            }
        }
        // The subject read as a complement.
        let has_subject = tokens.iter().any(|t| on_verb(t) && is_subject(t.deprel));
        let finite = matches!(tokens[verb].xpos, Xpos::Vbd | Xpos::Vbn | Xpos::Vbz | Xpos::Vbp);
        let fronted = (0..verb).find(|&i| {
            on_verb(&tokens[i])
                && matches!(tokens[i].deprel, Deprel::Xcomp | Deprel::Obj)
                && matches!(tokens[i].upos, Upos::Noun | Upos::Propn)
                && !tokens.iter().any(|t| t.head == Some(i) && t.deprel == Deprel::Case)
        });
        let root = tokens[verb].head.is_none();
        if let Some(f) = fronted.filter(|_| !has_subject && finite && root) {
            tokens.to_mut()[f].deprel = Deprel::Nsubj;
        }
    }
}

/// "a phone call between Ruiz and Haddad, on Saturday, in which they agreed …": a parser may hang
/// the day on the main verb ("eased … on Saturday") while the clause `in which …` it carries can
/// only tell of the occurrence: a day is no place where one agrees. The day, next to the
/// occurrence's noun with nothing of the verb's between them, then belongs to that noun's phrase.
/// Returns (the day, the noun) to reattach.
fn day_of_an_occurrence_misattached(tokens: &[Token]) -> Option<(usize, usize)> {
    (0..tokens.len()).find_map(|clause| {
        let token = &tokens[clause];
        let day = token.head.filter(|&h| h < tokens.len() && token.deprel == Deprel::AclRelcl)?;
        let in_which = tokens
            .iter()
            .any(|t| t.head == Some(clause) && t.deprel == Deprel::Obl && t.lemma.eq_ignore_ascii_case("which"));
        if !in_which || !super::when::has_time_words(&tokens[day].lemma) || tokens[day].deprel != Deprel::Obl {
            return None;
        }
        let verb = tokens[day].head?;
        // The verb's dependent right before the day.
        let noun = (0..day).rev().find(|&i| tokens[i].head == Some(verb) && tokens[i].upos != Upos::Punct)?;
        (tokens[noun].upos == Upos::Noun && super::lexicon::noun(&tokens[noun].lemma.to_lowercase()).is_some())
            .then_some((day, noun))
    })
}

pub(super) fn is_clausal(rel: Deprel) -> bool {
    matches!(
        rel,
        Deprel::Ccomp
            | Deprel::Advcl
            | Deprel::AdvclRelcl
            | Deprel::Acl
            | Deprel::AclRelcl
            | Deprel::Parataxis
            | Deprel::Csubj
            | Deprel::CsubjPass
            | Deprel::Xcomp
            | Deprel::List
    )
}

pub(super) fn is_subject(rel: Deprel) -> bool {
    matches!(rel, Deprel::Nsubj | Deprel::NsubjPass | Deprel::NsubjOuter)
}

#[cfg(test)]
#[path = "repair_tests.rs"]
mod repair_tests;
