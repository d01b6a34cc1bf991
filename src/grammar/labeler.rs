//! Naming the arcs of the tree as the parser makes them: an averaged perceptron picks each
//! word's relation from the word, its head, its own children (complete when the arc is made: a
//! `by` child makes `obl:agent`) and the head's children so far (a `was` beside it makes
//! `nsubj:pass`). The parser's later moves see these names.

use std::collections::HashMap;

use super::features::{key1, key2, key3};
use super::labels::Deprel;
use super::model::{ModelError, Reader, Writer};
use super::parser::{ParseSentence, State, Tokens, is_projective, walk_gold};
use super::perceptron::{Trainer, Weights};
use super::tagger::{best, best_wide};
use super::train::Shuffler;

const NONE: usize = usize::MAX;
const NONE_HASH: u64 = 0x4e4f_4e45;

/// The features of the arc `head` → `word`, before it is added to `state`.
fn features(tokens: &Tokens, state: &State, head: usize, word: usize, out: &mut Vec<u64>) {
    out.clear();
    let w = |at: usize| tokens.word(at);
    let p = |at: usize| tokens.tag(at);
    let u = |at: usize| tokens.upos(at);
    let (dw, dp, hw, hp) = (w(word), p(word), w(head), p(head));
    let right = u64::from(word > head);
    let distance = word.abs_diff(head).min(8) as u64;
    let children = u64::from(state.left_count[word].min(3)) * 4 + u64::from(state.right_count[word].min(3));
    out.extend([
        key1(1, dw),
        key1(2, dp),
        key2(3, dw, dp),
        key1(4, hw),
        key1(5, hp),
        key2(6, hw, hp),
        key2(7, dw, hp),
        key2(8, dp, hw),
        key2(9, dp, hp),
        key3(10, dp, hp, right),
        key2(11, dw, hw),
        key3(12, dp, hp, distance),
        key3(13, u(word), u(head), right),
        key2(16, dw, right),
        key2(17, if word + 1 < state.n { w(word + 1) } else { NONE_HASH }, dp),
        key2(18, word.checked_sub(1).map_or(NONE_HASH, w), dp),
        key3(19, dp, children, right),
    ]);
    let label = |at: usize| u64::from(state.labels[at]);
    let own = state.lefts[word].iter().chain(&state.rights[word]);
    for (slot, &child) in own.enumerate().filter(|&(_, &child)| child != NONE) {
        let side = u64::from(child > word) + 2 * slot as u64;
        out.extend([
            key2(20, w(child), side),
            key2(21, p(child), side),
            key3(22, w(child), dp, side),
            key3(23, label(child), dp, side),
        ]);
    }
    let siblings = state.lefts[head].iter().chain(&state.rights[head]);
    for &sibling in siblings.filter(|&&sibling| sibling != NONE && sibling != word) {
        let side = u64::from(sibling > word);
        out.extend([
            key2(30, w(sibling), side),
            key2(31, p(sibling), side),
            key3(32, w(sibling), dp, side),
            key3(33, label(sibling), dp, side),
        ]);
    }
}

/// The trained labeler.
#[derive(Debug, Default)]
pub struct Labeler {
    classes: Vec<Deprel>,
    pub(crate) weights: Weights,
}

/// Buffers reused across the arcs of a parse.
pub(crate) struct Scratch {
    keys: Vec<u64>,
    scores: Vec<i32>,
}

impl Labeler {
    pub(crate) fn scratch(&self) -> Scratch {
        Scratch { keys: Vec::with_capacity(64), scores: vec![0; self.classes.len()] }
    }

    /// The relation of the arc `head` → `word` about to be added to `state`.
    pub(crate) fn label(
        &self,
        tokens: &Tokens,
        state: &State,
        head: usize,
        word: usize,
        scratch: &mut Scratch,
    ) -> Deprel {
        features(tokens, state, head, word, &mut scratch.keys);
        self.weights.score(&scratch.keys, &mut scratch.scores);
        self.classes[best(&scratch.scores)]
    }

    pub fn write(&self, out: &mut Writer) {
        out.u32(self.classes.len() as u32);
        out.bytes(&self.classes.iter().map(|rel| rel.code()).collect::<Vec<_>>());
        self.weights.write(out);
    }

    pub fn read(input: &mut Reader) -> Result<Labeler, ModelError> {
        let count = input.u32()? as usize;
        if count == 0 || count > Deprel::ALL.len() {
            return Err(input.error("a labeler with an impossible number of relations"));
        }
        let codes = input.take(count)?;
        let classes = codes
            .iter()
            .map(|&code| Deprel::from_code(code).ok_or_else(|| input.error("an unknown relation code")))
            .collect::<Result<Vec<_>, _>>()?;
        let weights = Weights::read(input)?;
        if weights.classes() != count {
            return Err(input.error("labeler weights for a different number of relations"));
        }
        Ok(Labeler { classes, weights })
    }
}

/// Trains on the arcs of the gold trees, each seen in the state the parser is in when it
/// makes it.
pub(crate) fn train(sentences: &[ParseSentence], epochs: usize, min_count: u32, shuffler: &mut Shuffler) -> Labeler {
    let usable: Vec<&ParseSentence> = sentences.iter().filter(|s| is_projective(&s.heads)).collect();
    let mut classes: Vec<Deprel> =
        usable.iter().flat_map(|s| s.rels.iter().copied()).filter(|&rel| rel != Deprel::Root).collect();
    classes.sort_unstable();
    classes.dedup();
    let mut keys = Vec::with_capacity(64);
    let arc = |state: &State, movement: usize| state.arc_of(movement).filter(|&(head, _)| head != state.n);
    // Features seen fewer than `min_count` times are left out.
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for sentence in &usable {
        walk_gold(sentence, |tokens, state, movement| {
            if let Some((head, word)) = arc(state, movement) {
                features(tokens, state, head, word, &mut keys);
                for &key in &keys {
                    *counts.entry(key).or_default() += 1;
                }
            }
        });
    }
    let frequent = counts.into_iter().filter(|&(_, count)| count >= min_count).map(|(key, _)| key);
    let mut trainer = Trainer::with_features(classes.len(), frequent);
    let mut order: Vec<usize> = (0..usable.len()).collect();
    let mut scores = vec![0i64; classes.len()];
    for _ in 0..epochs {
        shuffler.shuffle(&mut order);
        for &index in &order {
            let sentence = usable[index];
            walk_gold(sentence, |tokens, state, movement| {
                if let Some((head, word)) = arc(state, movement) {
                    let truth = classes.binary_search(&sentence.rels[word]).expect("every relation is listed");
                    features(tokens, state, head, word, &mut keys);
                    trainer.score(&keys, &mut scores);
                    trainer.update(&keys, truth, best_wide(&scores));
                    trainer.tick();
                }
            });
        }
    }
    Labeler { classes, weights: trainer.freeze(2) }
}
