//! The lemmatizer: exceptions learnt from the treebank (`went` → `go`, `said` → `say`) and, for
//! words it never saw, the treebank's most common rewrite of the word's ending for its tag
//! (`-ing` of a verb → ``, `-ies` of a noun → `y`).
//!
//! Lemmas of proper nouns keep their case (`Trump`); the others are lower-case, as in the
//! treebank (`I` is an exception the treebank itself makes).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use super::features::{hash_bytes, key2};
use super::labels::Upos;
use super::model::{ModelError, Reader, Writer};
use super::spelling;

/// The longest word ending a rule looks at, in characters.
const MAX_SUFFIX: usize = 5;

/// A rewrite of a word's end: drop `strip` characters, append `add`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Rewrite {
    strip: u8,
    add: String,
}

/// Both tables are keyed by a hash of (tag, text), so a lookup hashes a slice of the word instead
/// of building a key; the text is kept beside the value for writing the model.
#[derive(Debug, Default)]
pub struct Lemmatizer {
    exceptions: HashMap<u64, (Upos, String, String), FixedState>,
    rules: HashMap<u64, (Upos, String, Rewrite), FixedState>,
}

fn table_key(upos: Upos, text: &str) -> u64 {
    key2(0x4c45_4d4d, u64::from(upos.code()), hash_bytes(text.as_bytes()))
}

/// The form a lemma is looked up by: proper nouns as written, other words lower-cased.
fn key_form(word: &str, upos: Upos) -> Cow<'_, str> {
    if upos == Upos::Propn || !word.chars().any(char::is_uppercase) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

impl Lemmatizer {
    /// The lemma of `word` used as `upos`.
    pub fn lemmatize<'a>(&self, word: &'a str, upos: Upos) -> Cow<'a, str> {
        let form = key_form(word, upos);
        if form.len() > 64 {
            return form;
        }
        if let Some((_, _, lemma)) = self.exceptions.get(&table_key(upos, &form)) {
            return Cow::Owned(lemma.clone());
        }
        if upos == Upos::Verb
            && let Some(base) = spelling::regular_verb_base(&form)
        {
            return Cow::Owned(base);
        }
        match self.rule_for(&form, upos) {
            Some(rewrite) if rewrite.strip > 0 || !rewrite.add.is_empty() => Cow::Owned(apply(&form, rewrite)),
            _ => form,
        }
    }

    fn rule_for(&self, form: &str, upos: Upos) -> Option<&Rewrite> {
        let chars = form.chars().count();
        let starts = form.char_indices().rev().map(|(at, _)| at).take(MAX_SUFFIX);
        let mut suffixes: Vec<usize> = starts.collect();
        suffixes.reverse();
        suffixes.push(form.len());
        suffixes.into_iter().find_map(|start| {
            self.rules
                .get(&table_key(upos, &form[start..]))
                .map(|(_, _, rewrite)| rewrite)
                .filter(|rewrite| usize::from(rewrite.strip) <= chars)
        })
    }

    fn insert_rule(&mut self, upos: Upos, suffix: String, rewrite: Rewrite) {
        self.rules.insert(table_key(upos, &suffix), (upos, suffix, rewrite));
    }

    fn insert_exception(&mut self, upos: Upos, form: String, lemma: String) {
        self.exceptions.insert(table_key(upos, &form), (upos, form, lemma));
    }

    pub fn write(&self, out: &mut Writer) {
        let mut rules: Vec<_> = self.rules.values().collect();
        rules.sort_unstable();
        out.u32(rules.len() as u32);
        for (upos, suffix, rewrite) in rules {
            out.bytes(&[upos.code(), rewrite.strip]);
            out.string(suffix);
            out.string(&rewrite.add);
        }
        let mut exceptions: Vec<_> = self.exceptions.values().collect();
        exceptions.sort_unstable();
        out.u32(exceptions.len() as u32);
        for (upos, form, lemma) in exceptions {
            out.bytes(&[upos.code()]);
            out.string(form);
            out.string(lemma);
        }
    }

    pub fn read(input: &mut Reader) -> Result<Lemmatizer, ModelError> {
        let mut lemmatizer = Lemmatizer::default();
        for _ in 0..input.u32()? {
            let head = input.take(2)?;
            let (upos, strip) = (head[0], head[1]);
            let upos = Upos::from_code(upos).ok_or_else(|| input.error("a lemma rule for an unknown tag"))?;
            let suffix = input.string()?;
            let add = input.string()?;
            lemmatizer.insert_rule(upos, suffix, Rewrite { strip, add });
        }
        for _ in 0..input.u32()? {
            let upos = input.take(1)?[0];
            let upos = Upos::from_code(upos).ok_or_else(|| input.error("a lemma exception for an unknown tag"))?;
            let form = input.string()?;
            let lemma = input.string()?;
            lemmatizer.insert_exception(upos, form, lemma);
        }
        Ok(lemmatizer)
    }
}

fn apply(form: &str, rewrite: &Rewrite) -> String {
    let strip = usize::from(rewrite.strip);
    let keep = if strip == 0 { form.len() } else { form.char_indices().rev().nth(strip - 1).map_or(0, |(at, _)| at) };
    let mut lemma = String::with_capacity(keep + rewrite.add.len());
    lemma.push_str(&form[..keep]);
    lemma.push_str(&rewrite.add);
    lemma
}

fn rewrite_between(form: &str, lemma: &str) -> Option<Rewrite> {
    let common = form.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
    let strip = u8::try_from(form.chars().count() - common).ok()?;
    Some(Rewrite { strip, add: lemma.chars().skip(common).collect() })
}

/// Learns rules and exceptions from `(form, upos, lemma)` of every treebank word.
pub(crate) fn train<'a>(words: impl Iterator<Item = (&'a str, Upos, &'a str)>) -> Lemmatizer {
    let mut counts: BTreeMap<(Upos, String), BTreeMap<String, u32>> = BTreeMap::new();
    for (form, upos, lemma) in words {
        if form.len() > 64 {
            continue;
        }
        *counts.entry((upos, key_form(form, upos).into_owned())).or_default().entry(lemma.to_owned()).or_default() += 1;
    }
    let majority: BTreeMap<(Upos, String), String> = counts
        .into_iter()
        .map(|(key, lemmas)| {
            let best = lemmas
                .iter()
                .max_by_key(|&(lemma, &count)| (count, std::cmp::Reverse(lemma.clone())))
                .expect("counted");
            (key, best.0.clone())
        })
        .collect();
    // Each word type votes once for the rewrite of each of its endings.
    let mut votes: BTreeMap<(Upos, String), BTreeMap<Rewrite, u32>> = BTreeMap::new();
    for ((upos, form), lemma) in &majority {
        let Some(rewrite) = rewrite_between(form, lemma) else { continue };
        let chars: Vec<char> = form.chars().collect();
        for length in 0..=MAX_SUFFIX.min(chars.len()) {
            let suffix: String = chars[chars.len() - length..].iter().collect();
            *votes.entry((*upos, suffix)).or_default().entry(rewrite.clone()).or_default() += 1;
        }
    }
    let mut lemmatizer = Lemmatizer::default();
    let mut winners: HashMap<(Upos, String), Rewrite> = HashMap::new();
    // Shorter endings first, so a longer one can be compared with the rule it would fall back to.
    let mut votes: Vec<_> = votes.into_iter().collect();
    votes.sort_by_cached_key(|((upos, suffix), _)| (*upos, suffix.chars().count(), suffix.clone()));
    for ((upos, suffix), rewrites) in &votes {
        let (rewrite, &count) = rewrites
            .iter()
            .max_by_key(|&(rewrite, &count)| (count, std::cmp::Reverse(rewrite.clone())))
            .expect("voted");
        winners.insert((*upos, suffix.clone()), rewrite.clone());
        // A rule seen once is an accident of the data; a rule its shorter ending already gives
        // is redundant, since lookups fall back to shorter endings.
        let parent = suffix.chars().skip(1).collect::<String>();
        let redundant = !suffix.is_empty() && winners.get(&(*upos, parent)).is_some_and(|shorter| shorter == rewrite);
        if (count >= 2 || suffix.is_empty()) && !redundant {
            lemmatizer.insert_rule(*upos, suffix.clone(), rewrite.clone());
        }
    }
    for ((upos, form), lemma) in majority {
        if lemmatizer.lemmatize(&form, upos) != lemma.as_str() {
            lemmatizer.insert_exception(upos, form, lemma);
        }
    }
    lemmatizer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_generalise_and_exceptions_win() {
        let words = [
            ("walked", Upos::Verb, "walk"),
            ("talked", Upos::Verb, "talk"),
            ("jumped", Upos::Verb, "jump"),
            ("went", Upos::Verb, "go"),
            ("cities", Upos::Noun, "city"),
            ("parties", Upos::Noun, "party"),
            ("Smiths", Upos::Propn, "Smith"),
            ("Joneses", Upos::Propn, "Jones"),
        ];
        let lemmatizer = train(words.into_iter());
        assert_eq!(lemmatizer.lemmatize("went", Upos::Verb), "go");
        assert_eq!(lemmatizer.lemmatize("Went", Upos::Verb), "go");
        assert_eq!(lemmatizer.lemmatize("kicked", Upos::Verb), "kick");
        assert_eq!(lemmatizer.lemmatize("ladies", Upos::Noun), "lady");
        assert_eq!(lemmatizer.lemmatize("Smiths", Upos::Propn), "Smith");
    }

    #[test]
    fn a_rule_never_strips_more_than_the_word() {
        let rewrite = Rewrite { strip: 9, add: "x".into() };
        assert_eq!(apply("ab", &rewrite), "x");
        assert_eq!(apply("walked", &Rewrite { strip: 2, add: String::new() }), "walk");
        assert_eq!(apply("walk", &Rewrite { strip: 0, add: "s".into() }), "walks");
    }
}
