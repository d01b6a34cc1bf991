//! The part-of-speech tagger: a greedy averaged perceptron over word, prefix, suffix and shape
//! features with two tags of history. One label carries both tags (`VERB`+`VBD`), so the Penn
//! tag's tense and number come with the universal tag in one decision.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use super::features::{hash_bytes, hash_lower, key1, key2, key3, shape_hash};
use super::labels::{Upos, Xpos};
use super::model::{ModelError, Reader, Writer};
use super::perceptron::{Trainer, Weights};
use super::train::Shuffler;

/// What the features look at in one word, hashed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHashes {
    pub exact: u64,
    pub lower: u64,
    prefixes: [u64; 3],
    pub suffixes: [u64; 4],
    pub shape: u64,
}

const PAD: u64 = 0x5041_445f_5041_445f;
const PADDING: WordHashes = WordHashes { exact: PAD, lower: PAD, prefixes: [PAD; 3], suffixes: [PAD; 4], shape: PAD };
/// The history tag before the first word.
const START: u64 = 0xff;

impl WordHashes {
    pub(crate) fn of(word: &str) -> WordHashes {
        let lower = hash_lower(word);
        let mut prefixes = [PAD; 3];
        let mut suffixes = [PAD; 4];
        for (slot, (at, ch)) in prefixes.iter_mut().zip(word.char_indices()) {
            *slot = hash_lower(&word[..at + ch.len_utf8()]);
        }
        for (slot, (at, _)) in suffixes.iter_mut().zip(word.char_indices().rev()) {
            *slot = hash_lower(&word[at..]);
        }
        WordHashes { exact: hash_bytes(word.as_bytes()), lower, prefixes, suffixes, shape: shape_hash(word) }
    }
}

/// The features of word `at` given the two tags before it.
pub(crate) fn features(
    words: &[WordHashes],
    ambiguity: &[u64],
    at: usize,
    previous: u64,
    before: u64,
    out: &mut Vec<u64>,
) {
    let class = |offset: isize| -> u64 {
        at.checked_add_signed(offset).and_then(|index| ambiguity.get(index)).copied().unwrap_or(PAD)
    };
    let word = |offset: isize| -> &WordHashes {
        at.checked_add_signed(offset).and_then(|index| words.get(index)).unwrap_or(&PADDING)
    };
    let here = word(0);
    out.clear();
    out.push(key1(0, 0));
    out.push(key1(1, here.lower));
    for (template, &suffix) in (2..).zip(&here.suffixes) {
        out.push(key1(template, suffix));
    }
    for (template, &prefix) in (6..).zip(&here.prefixes) {
        out.push(key1(template, prefix));
    }
    out.push(key1(9, here.shape));
    out.push(key1(10, previous));
    out.push(key1(11, before));
    out.push(key2(12, previous, before));
    out.push(key2(13, previous, here.lower));
    out.push(key1(14, word(-1).lower));
    out.push(key1(15, word(-1).suffixes[2]));
    out.push(key1(16, word(-2).lower));
    out.push(key1(17, word(1).lower));
    out.push(key1(18, word(1).suffixes[2]));
    out.push(key1(19, word(2).lower));
    out.push(key1(20, word(1).shape));
    out.push(key2(21, here.lower, word(1).lower));
    out.push(key2(22, word(-1).lower, here.lower));
    out.push(key2(23, previous, word(1).lower));
    out.push(key2(24, u64::from(at == 0), here.shape));
    out.push(key1(25, here.exact));
    out.push(key3(26, previous, here.suffixes[2], word(1).suffixes[1]));
    out.push(key1(27, word(1).suffixes[0]));
    out.push(key1(28, word(-1).shape));
    out.push(key1(30, class(0)));
    out.push(key1(31, class(1)));
    out.push(key2(32, class(1), class(2)));
    out.push(key2(33, previous, class(1)));
    out.push(key3(34, previous, class(0), class(1)));
    out.push(key2(35, class(-1), class(0)));
}

/// The hash of the set of tags a word was seen with: what the word could be, for words near
/// the one being tagged, whose tags are not known yet.
fn ambiguity_of(ambiguity: &HashMap<u64, u64, FixedState>, word: &WordHashes) -> u64 {
    ambiguity.get(&word.lower).copied().unwrap_or(UNKNOWN_WORD)
}

const UNKNOWN_WORD: u64 = 0x554e_4b4e_4f57_4e21;

/// The trained tagger.
#[derive(Debug, Default)]
pub struct Tagger {
    classes: Vec<(Upos, Xpos)>,
    dictionary: HashMap<u64, u8, FixedState>,
    ambiguity: HashMap<u64, u64, FixedState>,
    pub(crate) weights: Weights,
}

impl Tagger {
    /// Tags a sentence: one `(UPOS, XPOS)` per word.
    pub(crate) fn tag(&self, words: &[WordHashes], tags: &mut Vec<(Upos, Xpos)>) {
        tags.clear();
        let mut keys = Vec::with_capacity(40);
        let mut scores = vec![0; self.classes.len()];
        let ambiguity: Vec<u64> = words.iter().map(|word| ambiguity_of(&self.ambiguity, word)).collect();
        let (mut previous, mut before) = (START, START);
        for at in 0..words.len() {
            let class = match self.dictionary.get(&words[at].exact) {
                Some(&class) => usize::from(class),
                None => {
                    features(words, &ambiguity, at, previous, before, &mut keys);
                    self.weights.score(&keys, &mut scores);
                    best(&scores)
                }
            };
            tags.push(self.classes[class]);
            before = previous;
            previous = class as u64;
        }
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.classes.len() as u32);
        for &(upos, xpos) in &self.classes {
            out.bytes(&[upos.code(), xpos.code()]);
        }
        let mut entries: Vec<(u64, u8)> = self.dictionary.iter().map(|(&key, &class)| (key, class)).collect();
        entries.sort_unstable();
        out.u32(entries.len() as u32);
        for (key, class) in entries {
            out.u64(key);
            out.bytes(&[class]);
        }
        let mut classes: Vec<(u64, u64)> = self.ambiguity.iter().map(|(&word, &class)| (word, class)).collect();
        classes.sort_unstable();
        out.u32(classes.len() as u32);
        for (word, class) in classes {
            out.u64(word);
            out.u64(class);
        }
        self.weights.write(out);
    }

    /// Moves past a tagger's tables without building them (see `Model::lemmatizer_from_bytes`).
    pub fn skip(input: &mut Reader) -> Result<(), ModelError> {
        let count = input.u32()? as usize;
        input.take(count * 2)?;
        let entries = input.u32()? as usize;
        input.take(entries.checked_mul(9).ok_or_else(|| input.error("a dictionary too large"))?)?;
        let words = input.u32()? as usize;
        input.take(words.checked_mul(16).ok_or_else(|| input.error("an ambiguity table too large"))?)?;
        Weights::skip(input)
    }

    pub fn read(input: &mut Reader) -> Result<Tagger, ModelError> {
        let count = input.u32()? as usize;
        if count == 0 || count > 256 {
            return Err(input.error("a tagger with an impossible number of tags"));
        }
        let mut classes = Vec::with_capacity(count);
        for _ in 0..count {
            let pair = input.take(2)?;
            let upos = Upos::from_code(pair[0]).ok_or_else(|| input.error("an unknown UPOS code"))?;
            let xpos = Xpos::from_code(pair[1]).ok_or_else(|| input.error("an unknown XPOS code"))?;
            classes.push((upos, xpos));
        }
        let entries = input.u32()? as usize;
        let mut dictionary = HashMap::with_capacity_and_hasher(entries.min(1 << 20), FixedState::default());
        for _ in 0..entries {
            let key = input.u64()?;
            let class = input.take(1)?[0];
            if usize::from(class) >= count {
                return Err(input.error("a dictionary entry for a tag that does not exist"));
            }
            dictionary.insert(key, class);
        }
        let words = input.u32()? as usize;
        let mut ambiguity = HashMap::with_capacity_and_hasher(words.min(1 << 20), FixedState::default());
        for _ in 0..words {
            let word = input.u64()?;
            ambiguity.insert(word, input.u64()?);
        }
        let weights = Weights::read(input)?;
        if weights.classes() != count {
            return Err(input.error("tagger weights for a different number of tags"));
        }
        Ok(Tagger { classes, dictionary, ambiguity, weights })
    }
}

pub(crate) fn best(scores: &[i32]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

/// A tagged training sentence: its words' hashes and gold tags.
pub(crate) struct TaggedSentence {
    pub words: Vec<WordHashes>,
    pub tags: Vec<(Upos, Xpos)>,
}

/// Trains a tagger on `sentences`, visiting them in a fresh seeded order each of `epochs`.
pub(crate) fn train(sentences: &[TaggedSentence], epochs: usize, min_count: u32, shuffler: &mut Shuffler) -> Tagger {
    let mut classes: Vec<(Upos, Xpos)> = sentences.iter().flat_map(|s| s.tags.iter().copied()).collect();
    classes.sort_unstable();
    classes.dedup();
    assert!(classes.len() <= 256, "more tag pairs than a byte can name");
    let class_of = |tag: &(Upos, Xpos)| classes.binary_search(tag).expect("every tag pair is listed");
    let dictionary = tag_dictionary(sentences, &class_of);
    let ambiguity = ambiguity_classes(sentences, &class_of);
    let ambiguities: Vec<Vec<u64>> =
        sentences.iter().map(|s| s.words.iter().map(|word| ambiguity_of(&ambiguity, word)).collect()).collect();
    let mut keys = Vec::with_capacity(40);
    // Features seen fewer than `min_count` times with the gold history are left out.
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for (sentence, classes) in sentences.iter().zip(&ambiguities) {
        let (mut previous, mut before) = (START, START);
        for (at, tag) in sentence.tags.iter().enumerate() {
            if !dictionary.contains_key(&sentence.words[at].exact) {
                features(&sentence.words, classes, at, previous, before, &mut keys);
                for &key in &keys {
                    *counts.entry(key).or_default() += 1;
                }
            }
            before = previous;
            previous = class_of(tag) as u64;
        }
    }
    let frequent = counts.into_iter().filter(|&(_, count)| count >= min_count).map(|(key, _)| key);
    let mut trainer = Trainer::with_features(classes.len(), frequent);
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut scores = vec![0i64; classes.len()];
    for _ in 0..epochs {
        shuffler.shuffle(&mut order);
        for &index in &order {
            let sentence = &sentences[index];
            let (mut previous, mut before) = (START, START);
            for (at, tag) in sentence.tags.iter().enumerate() {
                let truth = class_of(tag);
                let guess = match dictionary.get(&sentence.words[at].exact) {
                    Some(&class) => usize::from(class),
                    None => {
                        features(&sentence.words, &ambiguities[index], at, previous, before, &mut keys);
                        trainer.score(&keys, &mut scores);
                        let guess = best_wide(&scores);
                        trainer.update(&keys, truth, guess);
                        trainer.tick();
                        guess
                    }
                };
                before = previous;
                previous = guess as u64;
            }
        }
    }
    Tagger { classes: classes.clone(), dictionary, ambiguity, weights: trainer.freeze(2) }
}

pub(crate) fn best_wide(scores: &[i64]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

/// The tag sets of words seen at least three times, counting a tag when it is at least a
/// twentieth of the word's uses.
fn ambiguity_classes(
    sentences: &[TaggedSentence],
    class_of: &dyn Fn(&(Upos, Xpos)) -> usize,
) -> HashMap<u64, u64, FixedState> {
    let mut counts: HashMap<u64, HashMap<usize, u32>> = HashMap::new();
    for sentence in sentences {
        for (word, tag) in sentence.words.iter().zip(&sentence.tags) {
            *counts.entry(word.lower).or_default().entry(class_of(tag)).or_default() += 1;
        }
    }
    let mut ambiguity = HashMap::with_hasher(FixedState::default());
    for (word, tags) in counts {
        let total: u32 = tags.values().sum();
        if total < 3 {
            continue;
        }
        let mut set: Vec<usize> =
            tags.into_iter().filter(|&(_, count)| count * 20 >= total).map(|(class, _)| class).collect();
        set.sort_unstable();
        let bytes: Vec<u8> = set.iter().map(|&class| class as u8).collect();
        ambiguity.insert(word, hash_bytes(&bytes));
    }
    ambiguity
}

/// Frequent words that nearly always carry one tag are tagged by lookup (Honnibal's trick): it
/// is faster and as accurate.
fn tag_dictionary(
    sentences: &[TaggedSentence],
    class_of: &dyn Fn(&(Upos, Xpos)) -> usize,
) -> HashMap<u64, u8, FixedState> {
    let mut counts: HashMap<u64, HashMap<usize, u32>> = HashMap::new();
    for sentence in sentences {
        for (word, tag) in sentence.words.iter().zip(&sentence.tags) {
            *counts.entry(word.exact).or_default().entry(class_of(tag)).or_default() += 1;
        }
    }
    let mut dictionary = HashMap::with_hasher(FixedState::default());
    for (word, tags) in counts {
        let total: u32 = tags.values().sum();
        let (&class, &count) =
            tags.iter().max_by_key(|&(&class, &count)| (count, std::cmp::Reverse(class))).expect("counted");
        if total >= 20 && f64::from(count) / f64::from(total) >= 0.97 {
            dictionary.insert(word, class as u8);
        }
    }
    dictionary
}
