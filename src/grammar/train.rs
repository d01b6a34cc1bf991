//! Training the model from a treebank and measuring it on a held-out split. Used by
//! `examples/train_grammar.rs` and by the accuracy test; deterministic: one fixed seed drives
//! every shuffle and every exploration choice, so the same treebank gives the same bytes.

use std::time::Instant;

use super::conllu::GoldSentence;
use super::labeler;
use super::labels::{Upos, Xpos};
use super::lemma;
use super::model::Model;
use super::parser::{self, ParseSentence};
use super::tagger::{self, TaggedSentence, WordHashes};

const SEED: u64 = 0x6661_6374_6c69_6e65;
/// The parser is trained on tags predicted by a tagger that never saw the sentence (jackknifing),
/// so it learns from the same kind of tags it gets in use.
const FOLDS: usize = 4;

/// How long each part trains, and how often a feature must occur in the training data to be
/// kept: rare features are most of a model's size and add little.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    pub labeler_epochs: usize,
    pub tagger_min_count: u32,
    pub parser_min_count: u32,
    pub labeler_min_count: u32,
}

impl Default for Options {
    /// The settings of the shipped model.
    fn default() -> Options {
        Options {
            tagger_epochs: 8,
            parser_epochs: 15,
            labeler_epochs: 10,
            tagger_min_count: 2,
            parser_min_count: 3,
            labeler_min_count: 2,
        }
    }
}

/// A small, seeded random source (xorshift64*): shuffles and exploration, same on every machine.
pub struct Shuffler {
    state: u64,
}

impl Shuffler {
    pub fn new(seed: u64) -> Shuffler {
        Shuffler { state: seed.max(1) }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for at in (1..items.len()).rev() {
            let other = self.below(at as u64 + 1) as usize;
            items.swap(at, other);
        }
    }
}

fn tagged(sentence: &GoldSentence) -> TaggedSentence {
    TaggedSentence {
        words: sentence.words.iter().map(|word| WordHashes::of(&word.form)).collect(),
        tags: sentence.words.iter().map(|word| (word.upos, word.xpos)).collect(),
    }
}

/// Trains every part of the model on `train`; `progress` hears what is being done.
pub fn train_model(train: &[GoldSentence], options: &Options, progress: &mut dyn FnMut(&str)) -> Model {
    let mut shuffler = Shuffler::new(SEED);
    let sentences: Vec<TaggedSentence> = train.iter().map(tagged).collect();
    progress("tagger");
    let tagger = tagger::train(&sentences, options.tagger_epochs, options.tagger_min_count, &mut shuffler);
    let mut predicted: Vec<Vec<(Upos, Xpos)>> = vec![Vec::new(); sentences.len()];
    for fold in 0..FOLDS {
        progress(&format!("tagger for fold {} of {FOLDS}", fold + 1));
        let rest: Vec<TaggedSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(at, _)| at % FOLDS != fold)
            .map(|(_, s)| TaggedSentence { words: s.words.clone(), tags: s.tags.clone() })
            .collect();
        let fold_tagger = tagger::train(&rest, options.tagger_epochs, options.tagger_min_count, &mut shuffler);
        for (at, sentence) in sentences.iter().enumerate().filter(|(at, _)| at % FOLDS == fold) {
            fold_tagger.tag(&sentence.words, &mut predicted[at]);
        }
    }
    progress("parser");
    let parse_sentences: Vec<ParseSentence> = train
        .iter()
        .zip(&sentences)
        .zip(&predicted)
        .map(|((gold, tagged), tags)| ParseSentence {
            words: tagged.words.clone(),
            tags: tags.clone(),
            heads: gold.words.iter().map(|word| word.head).collect(),
            rels: gold.words.iter().map(|word| word.deprel).collect(),
        })
        .collect();
    let parser = parser::train(&parse_sentences, options.parser_epochs, options.parser_min_count, &mut shuffler);
    progress("labeler");
    let labeler = labeler::train(&parse_sentences, options.labeler_epochs, options.labeler_min_count, &mut shuffler);
    progress("lemmatizer");
    let lemmatizer = lemma::train(
        train.iter().flat_map(|s| s.words.iter()).map(|word| (word.form.as_str(), word.upos, word.lemma.as_str())),
    );
    Model { tagger, lemmatizer, parser, labeler }
}

/// Accuracy on a treebank split, on its own (gold) tokens, all words counted (as in the CoNLL
/// 2018 shared task, punctuation included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub uas: f64,
    pub las: f64,
    pub lemma: f64,
    /// Words per second for tagging, parsing and labelling on one core.
    pub words_per_second: f64,
}

/// Tags, parses and lemmatises `test` with `model` and compares with the gold analysis.
pub fn evaluate(model: &Model, test: &[GoldSentence]) -> Scores {
    let (mut upos, mut xpos, mut uas, mut las, mut lemmas, mut words) = (0, 0, 0, 0, 0, 0);
    let mut tags = Vec::new();
    let mut heads = Vec::new();
    let mut rels = Vec::new();
    let mut seconds = 0.0;
    for sentence in test {
        let started = Instant::now();
        let hashes: Vec<WordHashes> = sentence.words.iter().map(|word| WordHashes::of(&word.form)).collect();
        model.tagger.tag(&hashes, &mut tags);
        model.parser.parse(&model.labeler, &hashes, &tags, &mut heads, &mut rels);
        seconds += started.elapsed().as_secs_f64();
        for (at, gold) in sentence.words.iter().enumerate() {
            words += 1;
            upos += usize::from(tags[at].0 == gold.upos);
            xpos += usize::from(tags[at].1 == gold.xpos);
            let attached = heads[at] == gold.head;
            uas += usize::from(attached);
            las += usize::from(attached && rels[at] == gold.deprel);
            lemmas += usize::from(model.lemmatizer.lemmatize(&gold.form, tags[at].0) == gold.lemma.as_str());
        }
    }
    let share = |count: usize| 100.0 * count as f64 / words.max(1) as f64;
    Scores {
        words,
        upos: share(upos),
        xpos: share(xpos),
        uas: share(uas),
        las: share(las),
        lemma: share(lemmas),
        words_per_second: words as f64 / seconds.max(1e-9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shuffler_is_seeded_and_permutes() {
        let mut first: Vec<u32> = (0..50).collect();
        let mut second = first.clone();
        Shuffler::new(7).shuffle(&mut first);
        Shuffler::new(7).shuffle(&mut second);
        assert_eq!(first, second);
        assert_ne!(first, (0..50).collect::<Vec<_>>());
        first.sort_unstable();
        assert_eq!(first, (0..50).collect::<Vec<_>>());
    }
}
