//! Who a `he` or `she` refers to: the nearest person named before it whom a reader would take —
//! outside quotation marks and outside what someone is reported to have said (a name there is
//! someone talked about), of the gender the pronoun asks for, and, among those named in the last
//! few sentences, the subject of a clause before a name in passing.

use std::collections::HashMap;

use crate::grammar::{Deprel, Sentence, Upos, Xpos};
use crate::store::EntityKind;

use super::super::entities::{Mention, Registry};
use super::super::gender::{self, Gender};
use super::super::lexicon;
use super::super::segment;
use super::{Article, window_after, window_before};

/// How far back (in bytes) a subject is preferred to a nearer name in passing: a few sentences.
const NEAR: usize = 1500;

/// How many sentences before a `they` (and its own) are read for what it means.
const PLURAL_SENTENCES: usize = 2;

/// What a subject says of a later `they`.
enum Plural {
    /// Something named that `they` can mean: an organization, a group, names joined by `and`.
    Named(usize),
    /// A plural that names no one ("Critics", "banking analysts"): `they` means them, and the
    /// draft has no name for it.
    Unnamed,
    /// One person, a country or a pronoun: not what `they` means; look further back.
    Other,
}

/// How many words after a name are read for a pronoun that tells its gender.
const GENDER_WINDOW_WORDS: usize = 30;

impl Article<'_> {
    /// The person a `he` or `she` at `at` refers to: the nearest person named before it, outside
    /// quotation marks and reported words, whose gender — when an honorific, a given name or a
    /// pronoun that refers back to them tells it — agrees; among those, a subject (of the
    /// sentence by the parse, a name opening its clause, or followed by a verb of saying) within
    /// the last few sentences, before a name in passing ("Mosman saw Santilli's words
    /// differently: “…,” he said").
    pub(super) fn pronoun_speaker(&self, registry: &Registry, at: usize, pronoun: &str) -> Option<usize> {
        if pronoun.eq_ignore_ascii_case("they") {
            return self.plural_antecedent(registry, at);
        }
        let wanted = gender::of_pronoun(pronoun);
        let recent = self.recent_before(at);
        let mut genders: HashMap<usize, Option<Gender>> = HashMap::new();
        let mut nearest = None;
        for m in recent.iter().rev().filter(|m| m.end <= at) {
            if registry.entities[m.entity].kind != EntityKind::Person
                || self.in_quote(m.start)
                || self.in_reported_words(m)
            {
                continue;
            }
            if let Some(wanted) = wanted {
                let gender = *genders.entry(m.entity).or_insert_with(|| self.gender_of(registry, recent, m.entity));
                if gender.is_some_and(|g| g != wanted) {
                    continue;
                }
            }
            if nearest.is_none() {
                nearest = Some(m.entity);
            }
            if m.start + NEAR < at {
                break;
            }
            if self.is_subject(m) || self.is_main_subject(m) {
                return Some(m.entity);
            }
        }
        nearest
    }

    /// What a person's name, an honorific before one of their mentions, or a pronoun right after
    /// they are the subject ("Brenda Ortiz railed against it and said it upset her") says of
    /// their gender.
    fn gender_of(&self, registry: &Registry, recent: &[Mention], entity: usize) -> Option<Gender> {
        let e = &registry.entities[entity];
        let given = e.name.split_whitespace().find(|w| !lexicon::is_honorific(w) && !lexicon::is_role(w));
        if let Some(gender) = given.and_then(gender::of_given_name) {
            return Some(gender);
        }
        let mine = || recent.iter().filter(move |m| m.entity == entity);
        let honorific = mine().find_map(|m| {
            let before = self.text[window_before(self.text, 0, m.start)..m.start].trim_end();
            before.rsplit(char::is_whitespace).next().and_then(gender::of_honorific)
        });
        honorific.or_else(|| {
            mine().filter(|m| self.is_main_subject(m) || self.is_subject(m)).find_map(|m| self.pronoun_after(recent, m))
        })
    }

    /// The gender of the first personal pronoun after a subject `m` in its sentence, outside
    /// quotation marks and before anyone else is named: the pronoun most likely refers back to it.
    fn pronoun_after(&self, recent: &[Mention], m: &Mention) -> Option<Gender> {
        let sentence = self.sentence_of(m.start)?;
        let end = window_after(self.text, m.end, sentence.end);
        let next_name = recent.iter().find(|other| other.start >= m.end).map_or(end, |other| other.start);
        let words = segment::tokens(self.text, m.end..end.min(next_name));
        words
            .iter()
            .take(GENDER_WINDOW_WORDS)
            .filter(|t| !self.in_quote(t.start))
            .find_map(|t| gender::of_pronoun(t.text(self.text)))
    }

    /// Whether the parse makes `m` the subject of its sentence's main clause (or of a clause
    /// joined to it by `and`/`but`): "Representative Okafor, who chairs the panel, doesn't mince
    /// words", "62-year-old Brenda Ortiz also railed against it". The subject of a clause that a
    /// verb of saying or a relative pronoun opens is someone talked about, and is not one.
    fn is_main_subject(&self, m: &Mention) -> bool {
        let Some((sentence, verb)) = self.verb_of_subject(m) else { return false };
        let tokens = &sentence.tokens;
        let mut verb = Some(verb);
        // Up the chain of joined clauses to the root; any other clause is subordinate.
        for _ in 0..tokens.len() {
            let Some(v) = verb else { return false };
            match tokens[v].deprel {
                Deprel::Root => return true,
                Deprel::Conj | Deprel::Parataxis => verb = tokens[v].head,
                _ => return false,
            }
        }
        false
    }

    /// The parsed sentence of a mention the parse makes a subject, and the index of its verb.
    fn verb_of_subject(&self, m: &Mention) -> Option<(&Sentence, usize)> {
        let parsed = self.parsed;
        let at = parsed.partition_point(|s| s.span.end <= m.start);
        let sentence = parsed.get(at).filter(|s| s.span.start <= m.start)?;
        let tokens = &sentence.tokens;
        let from = tokens.partition_point(|t| t.span.start < m.start);
        let to = tokens.partition_point(|t| t.span.start < m.end);
        let inside = |i: usize| (from..to).contains(&i);
        let head = (from..to).find(|&i| tokens[i].head.is_none_or(|h| !inside(h)))?;
        if tokens[head].deprel.base() != "nsubj" {
            return None;
        }
        Some((sentence, tokens[head].head?))
    }

    /// Whether a mention is inside what someone is reported to have said ("He argued the group,
    /// unlike Al Qaeda, …"): a verb of saying earlier in its sentence with at least three words
    /// between them. Like a name inside quotation marks, it is someone talked about; the names
    /// right after a verb ("said Gov. Mark Jones") speak.
    fn in_reported_words(&self, m: &Mention) -> bool {
        let Some(sentence) = self.sentence_of(m.start) else { return false };
        let from = window_before(self.text, sentence.start, m.start);
        let words = segment::tokens(self.text, from..m.start);
        words.iter().enumerate().any(|(k, t)| {
            words.len() - k > 3
                && lexicon::verb(t.text(self.text)).is_some_and(|v| v.strength >= 0.65)
                && !self.in_quote(t.start)
                && !self.describes_speaker(t.end, m.start)
        })
    }

    /// A name a verb of saying introduces ("…,” said Katie Harbath, the director): the speaker of
    /// that attribution, and so who a later "she said" most likely means.
    fn introduced_by_verb(&self, m: &Mention) -> bool {
        let from = window_before(self.text, 0, m.start);
        let words = segment::tokens(self.text, from..m.start);
        // "Russell Okoye, a fellow at the institute, said Trump could appeal": the name after the
        // verb is the subject of what was said, not the one saying it.
        let subject_of_another = |t: &segment::Token| {
            self.verb_of_subject(m).is_some_and(|(sentence, verb)| sentence.tokens[verb].span.start != t.start)
        };
        words.iter().rev().take(6).any(|t| {
            // Only an attribution after its statement ("…,” said Name"); "says Name has …" opens
            // what is said, and Name is talked about.
            self.text[..t.start].trim_end().ends_with([',', '”', '"', '\''])
                && lexicon::verb(t.text(self.text)).is_some_and(|v| v.strength >= 0.65)
                && !self.in_quote(t.start)
                && self.describes_speaker(t.end, m.start)
                && !subject_of_another(t)
        })
    }

    /// A mention that opens its clause (only titles, roles, determiners or capitalized words
    /// before it since the sentence start or the last comma), or that a verb of saying follows.
    fn is_subject(&self, m: &Mention) -> bool {
        let text = self.text;
        let after = &text[m.end..window_after(text, m.end, text.len())];
        // "Francis’ message is …": a possessive opening its clause makes its owner what the
        // clause is about; anywhere else, the owner is named in passing.
        let possessive = after.starts_with(['’', '\'']);
        let next = after.split_whitespace().next().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric());
        if !possessive && (lexicon::verb(next).is_some() || self.introduced_by_verb(m)) {
            return true;
        }
        let Some(sentence) = self.sentence_of(m.start) else { return false };
        let before = &text[window_before(text, sentence.start, m.start)..m.start];
        let clause = before.rsplit(',').next().unwrap_or(before);
        let words: Vec<&str> = clause.split_whitespace().collect();
        words.len() <= 4
            && words.iter().all(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                // "62-year-old Brenda Ortiz": an age describes the name.
                w.is_empty()
                    || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    || lexicon::is_role(w)
                    || matches!(w, "the" | "a" | "an")
            })
    }

    /// What a `they` at `at` means: the nearest subject before it (in its sentence or the two
    /// before, outside quotation marks) that agrees in number — names joined by `and` (the first
    /// of them, as for "Pakistan and Iran said"), an organization or a group. A plural that names
    /// no one ends the search: `they` are those critics, and the draft leaves them to the reviewer.
    fn plural_antecedent(&self, registry: &Registry, at: usize) -> Option<usize> {
        let here = self.parsed.partition_point(|s| s.span.end <= at);
        let from = here.saturating_sub(PLURAL_SENTENCES);
        let to = (here + 1).min(self.parsed.len());
        for sentence in self.parsed[from..to].iter().rev() {
            for (i, t) in sentence.tokens.iter().enumerate().rev() {
                let subject = t.deprel.base() == "nsubj" || self.opens_sentence(sentence, i);
                if t.span.end > at || !subject || self.in_quote(t.span.start) {
                    continue;
                }
                match self.plural_subject(registry, sentence, i) {
                    Plural::Named(entity) => return Some(entity),
                    Plural::Unnamed => return None,
                    Plural::Other => {}
                }
            }
        }
        None
    }

    /// A noun the sentence opens with (only determiners, adjectives, numbers and capitalized words
    /// before it): its subject, whatever the parse made of it ("Shop owners … were furious" read
    /// with `Shop` as a verb).
    fn opens_sentence(&self, sentence: &Sentence, at: usize) -> bool {
        let tokens = &sentence.tokens;
        matches!(tokens[at].upos, Upos::Noun | Upos::Propn)
            && tokens[..at].iter().enumerate().all(|(k, t)| {
                matches!(t.upos, Upos::Det | Upos::Adj | Upos::Num)
                    || sentence.text(self.text, k).starts_with(char::is_uppercase)
            })
    }

    fn plural_subject(&self, registry: &Registry, sentence: &Sentence, subject: usize) -> Plural {
        let tokens = &sentence.tokens;
        if tokens[subject].upos == Upos::Pron {
            return Plural::Other;
        }
        let named = |k: usize| {
            let span = &tokens[k].span;
            self.mentions_within(window_before(self.text, 0, span.start)..span.end)
                .iter()
                .rev()
                .find(|m| m.start <= span.start && span.end <= m.end)
                .map(|m| m.entity)
        };
        let joined = sentence.children(subject).any(|c| tokens[c].deprel == Deprel::Conj);
        if joined {
            let conjuncts = std::iter::once(subject)
                .chain(sentence.children(subject).filter(|&c| tokens[c].deprel == Deprel::Conj));
            return conjuncts.filter_map(named).next().map_or(Plural::Unnamed, Plural::Named);
        }
        match named(subject) {
            Some(entity) if matches!(registry.entities[entity].kind, EntityKind::Organization | EntityKind::Group) => {
                Plural::Named(entity)
            }
            Some(_) => Plural::Other,
            None if matches!(tokens[subject].xpos, Xpos::Nns | Xpos::Nnps) => Plural::Unnamed,
            None => Plural::Other,
        }
    }
}
