//! The dependency parser: arc-hybrid transitions chosen greedily by an averaged perceptron
//! (Zhang & Nivre style feature templates), trained with Goldberg & Nivre's dynamic oracle and
//! exploration so it learns to recover from its own mistakes. It finds the tree's shape; the
//! labeler names each arc afterwards.
//!
//! The root is a token after the last word (Ballesteros & Nivre), so the root word is attached
//! last, once everything else has found its head.

use std::collections::HashMap;

use super::beam::Beam;
use super::features::{key1, key2, key3};
use super::labeler::{Labeler, Scratch};
use super::labels::{Deprel, Upos, Xpos};
use super::model::{ModelError, Reader, Writer};
use super::perceptron::{RowCache, Trainer, Weights};
use super::tagger::{WordHashes, best};
use super::train::Shuffler;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
pub(super) const MOVES: usize = 3;
/// The widest beam a model file may ask for: each kept parse costs a copy of the state per word.
const MAX_BEAM: u32 = 64;

const NONE: usize = usize::MAX;
const NONE_HASH: u64 = 0x4e4f_4e45;
const ROOT_HASH: u64 = 0x524f_4f54;

/// A parse in progress over `n` words; index `n` is the root.
#[derive(Default)]
pub(crate) struct State {
    pub n: usize,
    stack: Vec<usize>,
    buffer: usize,
    heads: Vec<usize>,
    /// The two outermost left children, outermost first; likewise right.
    pub lefts: Vec<[usize; 2]>,
    pub rights: Vec<[usize; 2]>,
    pub left_count: Vec<u8>,
    pub right_count: Vec<u8>,
    /// Each attached word's relation code plus one (0: not attached yet): the labeler names an
    /// arc as it is made, and the parser's later choices see the names.
    pub labels: Vec<u8>,
    /// The relations of each word's left and right children so far, one bit per relation code
    /// (modulo 64): which dependents a head already has says much about which it still takes.
    label_sets: Vec<[u64; 2]>,
}

impl Clone for State {
    fn clone(&self) -> State {
        let mut copy = State::default();
        copy.clone_from(self);
        copy
    }

    /// Copies into the buffers this state already has: the beam recycles the states it drops,
    /// so keeping a second parse allocates nothing.
    fn clone_from(&mut self, source: &State) {
        self.n = source.n;
        self.stack.clone_from(&source.stack);
        self.buffer = source.buffer;
        self.heads.clone_from(&source.heads);
        self.lefts.clone_from(&source.lefts);
        self.rights.clone_from(&source.rights);
        self.left_count.clone_from(&source.left_count);
        self.right_count.clone_from(&source.right_count);
        self.labels.clone_from(&source.labels);
        self.label_sets.clone_from(&source.label_sets);
    }
}

impl State {
    pub(super) fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            buffer: 0,
            heads: vec![NONE; n],
            lefts: vec![[NONE; 2]; n + 1],
            rights: vec![[NONE; 2]; n + 1],
            left_count: vec![0; n + 1],
            right_count: vec![0; n + 1],
            labels: vec![0; n + 1],
            label_sets: vec![[0; 2]; n + 1],
        }
    }

    /// The `(head, dependent)` arc `movement` makes, if it makes one.
    pub(super) fn arc(&self, movement: usize) -> Option<(usize, usize)> {
        match movement {
            LEFT => Some((self.buffer, self.stack_item(0))),
            RIGHT => Some((self.stack_item(1), self.stack_item(0))),
            _ => None,
        }
    }

    pub(super) fn done(&self) -> bool {
        self.stack.is_empty() && self.buffer == self.n
    }

    pub(super) fn valid(&self, movement: usize) -> bool {
        match movement {
            SHIFT => self.buffer < self.n,
            LEFT => !self.stack.is_empty() && (self.buffer < self.n || self.stack.len() == 1),
            RIGHT => self.stack.len() >= 2,
            _ => false,
        }
    }

    pub(super) fn apply(&mut self, movement: usize) {
        match movement {
            SHIFT => {
                self.stack.push(self.buffer);
                self.buffer += 1;
            }
            LEFT => {
                let child = self.stack.pop().expect("LEFT is valid");
                self.attach(self.buffer, child);
            }
            _ => {
                let child = self.stack.pop().expect("RIGHT is valid");
                let head = *self.stack.last().expect("RIGHT is valid");
                self.attach(head, child);
            }
        }
    }

    fn attach(&mut self, head: usize, child: usize) {
        self.heads[child] = head;
        if child < head {
            self.lefts[head] = [child, self.lefts[head][0]];
            self.left_count[head] = self.left_count[head].saturating_add(1);
        } else {
            self.rights[head] = [child, self.rights[head][0]];
            self.right_count[head] = self.right_count[head].saturating_add(1);
        }
    }

    /// Makes `movement`, the labeler naming the arc it makes (in the state before it).
    pub(super) fn advance(&mut self, movement: usize, labeler: &Labeler, tokens: &Tokens, scratch: &mut Scratch) {
        let label = self.arc(movement).map(|(head, child)| {
            let rel = if head == self.n { Deprel::Root } else { labeler.label(tokens, self, head, child, scratch) };
            (child, rel)
        });
        self.apply(movement);
        if let Some((child, rel)) = label {
            self.name(child, rel.code() + 1);
        }
    }

    /// Records the relation (code plus one) of the arc just made to `child`.
    pub(super) fn name(&mut self, child: usize, label: u8) {
        self.labels[child] = label;
        let head = self.heads[child];
        self.label_sets[head][usize::from(child > head)] |= 1 << (label % 64);
    }

    fn stack_item(&self, depth: usize) -> usize {
        self.stack.len().checked_sub(depth + 1).map_or(NONE, |at| self.stack[at])
    }

    /// How many gold arcs `movement` makes unreachable (gold heads: `n` for the root word).
    fn cost(&self, movement: usize, gold: &[usize]) -> usize {
        let s0 = self.stack_item(0);
        let in_buffer_children = |token: usize| (self.buffer..self.n).filter(|&k| gold[k] == token).count();
        match movement {
            SHIFT => {
                let b = self.buffer;
                let below = &self.stack[..self.stack.len().saturating_sub(1)];
                usize::from(below.contains(&gold[b])) + self.stack.iter().filter(|&&k| gold[k] == b).count()
            }
            LEFT => {
                let s1 = self.stack_item(1);
                let head = gold[s0];
                let lost_head = head != self.buffer && (head == s1 || head > self.buffer);
                usize::from(lost_head) + in_buffer_children(s0)
            }
            _ => {
                let s1 = self.stack_item(1);
                let head = gold[s0];
                usize::from(head != s1 && head >= self.buffer) + in_buffer_children(s0)
            }
        }
    }
}

/// What the parser reads of one sentence.
pub(crate) struct Tokens<'a> {
    pub words: &'a [WordHashes],
    pub tags: &'a [(Upos, Xpos)],
}

impl Tokens<'_> {
    pub fn word(&self, at: usize) -> u64 {
        match self.words.get(at) {
            Some(word) => word.lower,
            None if at == self.words.len() => ROOT_HASH,
            None => NONE_HASH,
        }
    }

    pub fn tag(&self, at: usize) -> u64 {
        match self.tags.get(at) {
            Some(&(_, xpos)) => u64::from(xpos.code()) + 1,
            None if at == self.tags.len() => 0xfe,
            None => 0xff,
        }
    }

    /// The word's last three characters, lower-cased: what a rare word shares with common ones.
    fn suffix(&self, at: usize) -> u64 {
        self.words.get(at).map_or(NONE_HASH, |word| word.suffixes[2])
    }

    fn shape(&self, at: usize) -> u64 {
        self.words.get(at).map_or(NONE_HASH, |word| word.shape)
    }

    pub fn upos(&self, at: usize) -> u64 {
        match self.tags.get(at) {
            Some(&(upos, _)) => u64::from(upos.code()) + 1,
            None if at == self.tags.len() => 0xfe,
            None => 0xff,
        }
    }
}

pub(super) fn features(state: &State, tokens: &Tokens, out: &mut Vec<u64>) {
    out.clear();
    let n = state.n;
    let (s0, s1, s2) = (state.stack_item(0), state.stack_item(1), state.stack_item(2));
    let b0 = state.buffer;
    let b1 = if b0 + 1 < n { b0 + 1 } else { NONE };
    let b2 = if b0 + 2 < n { b0 + 2 } else { NONE };
    let child = |token: usize, side: &[[usize; 2]], which: usize| if token == NONE { NONE } else { side[token][which] };
    let (s0l, s0l2) = (child(s0, &state.lefts, 0), child(s0, &state.lefts, 1));
    let (s0r, s0r2) = (child(s0, &state.rights, 0), child(s0, &state.rights, 1));
    let (b0l, b0l2) = (child(b0, &state.lefts, 0), child(b0, &state.lefts, 1));
    let (s1l, s1r, s1r2) = (child(s1, &state.lefts, 0), child(s1, &state.rights, 0), child(s1, &state.rights, 1));
    let w = |at: usize| tokens.word(at);
    let p = |at: usize| tokens.tag(at);
    let u = |at: usize| tokens.upos(at);
    let l = |at: usize| if at == NONE { 0xff } else { u64::from(state.labels[at]) };
    let count = |at: usize, side: &[u8]| if at == NONE { 0xff } else { u64::from(side[at].min(4)) };
    let distance = |near: usize, far: usize| {
        if near == NONE || far == NONE {
            0xff
        } else if far == n {
            0xfe
        } else {
            (far - near).min(6) as u64
        }
    };
    let d1 = distance(s0, b0);
    let d2 = distance(s1, s0);
    let (s0w, s0p, s1w, s1p, b0w, b0p) = (w(s0), p(s0), w(s1), p(s1), w(b0), p(b0));
    out.extend([
        key1(1, s0w),
        key1(2, s0p),
        key2(3, s0w, s0p),
        key1(4, s1w),
        key1(5, s1p),
        key2(6, s1w, s1p),
        key1(7, b0w),
        key1(8, b0p),
        key2(9, b0w, b0p),
        key1(10, w(b1)),
        key1(11, p(b1)),
        key2(12, w(b1), p(b1)),
        key1(13, w(b2)),
        key1(14, p(b2)),
        key1(15, p(s2)),
        key1(16, w(s2)),
        key3(20, key2(0, s0w, s0p), b0w, b0p),
        key3(21, s0w, s0p, b0w),
        key3(22, s0w, b0w, b0p),
        key3(23, s0w, s0p, b0p),
        key3(24, s0p, b0w, b0p),
        key2(25, s0w, b0w),
        key2(26, s0p, b0p),
        key2(27, b0p, p(b1)),
        key2(28, s1p, s0p),
        key2(29, s1w, s0w),
        key3(30, s1w, s1p, s0p),
        key3(31, s1p, s0w, s0p),
        key2(33, s1w, s0p),
        key2(34, s1p, s0w),
        key3(40, b0p, p(b1), p(b2)),
        key3(41, s0p, b0p, p(b1)),
        key3(42, s1p, s0p, b0p),
        key3(43, s0p, p(s0l), b0p),
        key3(44, s0p, p(s0r), b0p),
        key3(45, s1p, s0p, p(s0l)),
        key3(46, s1p, s0p, p(s0r)),
        key3(47, s1p, p(s1r), s0p),
        key3(48, s0p, b0p, p(b0l)),
        key3(49, p(s2), s1p, s0p),
        key3(50, s1p, s0p, p(b1)),
        key3(51, s0w, b0p, p(b1)),
        key2(60, s0w, d1),
        key2(61, s0p, d1),
        key2(62, b0w, d1),
        key2(63, b0p, d1),
        key3(64, s0p, b0p, d1),
        key3(65, s1p, s0p, d2),
        key2(66, s1w, d2),
        key2(67, s0w, d2),
        key2(70, s0w, count(s0, &state.left_count)),
        key2(71, s0p, count(s0, &state.left_count)),
        key2(72, s0w, count(s0, &state.right_count)),
        key2(73, s0p, count(s0, &state.right_count)),
        key2(74, b0w, count(b0, &state.left_count)),
        key2(75, b0p, count(b0, &state.left_count)),
        key2(76, s1p, count(s1, &state.right_count)),
        key2(77, s1w, count(s1, &state.right_count)),
        key1(80, w(s0l)),
        key1(81, p(s0l)),
        key1(82, w(s0r)),
        key1(83, p(s0r)),
        key1(84, w(b0l)),
        key1(85, p(b0l)),
        key1(86, w(s1r)),
        key1(87, p(s1r)),
        key1(88, p(s0l2)),
        key1(89, p(s0r2)),
        key1(90, p(b0l2)),
        key1(91, p(s1l)),
        key1(92, p(s1r2)),
        key3(93, s0p, p(s0l), p(s0l2)),
        key3(94, s0p, p(s0r), p(s0r2)),
        key3(95, b0p, p(b0l), p(b0l2)),
        key3(96, s1p, p(s1r), p(s1r2)),
        key2(97, u(s0), u(b0)),
        key2(98, u(s1), u(s0)),
        key3(99, u(s0), u(s1), u(b0)),
        key2(100, state.stack.len().min(4) as u64, b0p),
        key3(101, s0w, b0w, p(b1)),
        key3(102, s1w, s0w, b0p),
        key1(110, l(s0l)),
        key1(111, l(s0r)),
        key1(112, l(b0l)),
        key1(113, l(s1r)),
        key3(114, s0p, l(s0l), l(s0l2)),
        key3(115, s0p, l(s0r), l(s0r2)),
        key3(116, b0p, l(b0l), l(b0l2)),
        key3(117, s0p, l(s0l), l(s0r)),
        key3(118, s1p, l(s1r), s0p),
    ]);
    let set = |at: usize, side: usize| if at == NONE { 0xff } else { state.label_sets[at][side] };
    let (s0ls, s0rs, b0ls, s1rs) = (set(s0, 0), set(s0, 1), set(b0, 0), set(s1, 1));
    out.extend([
        key2(120, s0w, s0ls),
        key2(121, s0p, s0ls),
        key2(122, s0w, s0rs),
        key2(123, s0p, s0rs),
        key2(124, b0w, b0ls),
        key2(125, b0p, b0ls),
        key2(126, s1w, s1rs),
        key2(127, s1p, s1rs),
        key3(128, s0p, s0rs, b0p),
        key3(129, s1p, s1rs, s0p),
        key2(130, tokens.suffix(s0), s0p),
        key2(131, tokens.suffix(b0), b0p),
        key2(132, tokens.suffix(s1), s1p),
        key3(133, tokens.shape(s0), tokens.shape(b0), d1),
        key1(134, tokens.shape(b0)),
        key1(140, w(s0l2)),
        key1(141, w(s0r2)),
        key1(142, w(b0l2)),
        key3(143, s0w, p(s0l), b0p),
        key3(144, s0w, p(s0r), b0p),
        key3(145, s0p, w(s0r), b0p),
        key2(146, b0w, w(b1)),
        key3(147, s0w, b0w, d1),
        key2(148, s0w, u(b0)),
        key2(149, u(s0), b0w),
        // Where a phrase hangs: the head candidate, the phrase's preposition or marker (its
        // leftmost child: `with` of `with a fork`) and the phrase's own head.
        key3(150, s1w, w(s0l), s0p),
        key3(151, s1p, w(s0l), s0w),
        key3(152, s1p, w(s0l), s0p),
        key3(153, w(s0l), s0p, b0p),
        key3(154, w(s0l), s0w, b0w),
        key3(155, b0w, s0p, s1p),
        key3(156, s0w, s1p, b0p),
        key3(157, w(b0l), b0p, s0p),
        key3(158, w(b0l), b0w, s0w),
    ]);
}

/// The trained parser.
#[derive(Debug, Default)]
pub struct Parser {
    pub(crate) weights: Weights,
    /// How many partial parses are kept (1: greedy) and how they are compared (see
    /// [`Beam`]); width and temperature chosen on the dev split.
    pub(crate) beam: Beam,
}

impl Parser {
    /// Heads (`None` for the root word) and relations of the words of one tagged sentence.
    pub(crate) fn parse(
        &self,
        labeler: &Labeler,
        words: &[WordHashes],
        tags: &[(Upos, Xpos)],
        heads: &mut Vec<Option<usize>>,
        rels: &mut Vec<Deprel>,
    ) {
        let tokens = Tokens { words, tags };
        if self.beam.width > 1 {
            let state = super::beam::decode(self, labeler, &tokens);
            return write_tree(&state, heads, rels);
        }
        let n = words.len();
        let mut state = State::new(n);
        let mut keys = Vec::with_capacity(192);
        let mut scores = [0i32; MOVES];
        let mut labelling = labeler.scratch();
        let mut rows = RowCache::new();
        while !state.done() {
            features(&state, &tokens, &mut keys);
            self.weights.score_cached(&keys, &mut scores, &mut rows);
            for (movement, score) in scores.iter_mut().enumerate() {
                if !state.valid(movement) {
                    *score = i32::MIN;
                }
            }
            state.advance(best(&scores), labeler, &tokens, &mut labelling);
        }
        write_tree(&state, heads, rels);
    }

    pub fn write(&self, out: &mut Writer) {
        self.weights.write(out);
        out.u32(self.beam.width);
        out.u32(self.beam.temperature);
    }

    pub fn read(input: &mut Reader) -> Result<Parser, ModelError> {
        let weights = Weights::read(input)?;
        if weights.classes() != MOVES {
            return Err(input.error("parser weights for a different set of moves"));
        }
        let width = input.u32()?;
        if !(1..=MAX_BEAM).contains(&width) {
            return Err(input.error("a parser beam width out of range"));
        }
        let temperature = input.u32()?;
        if temperature == 0 {
            return Err(input.error("a parser beam temperature of zero"));
        }
        Ok(Parser { weights, beam: Beam { width, temperature, ..Beam::default() } })
    }
}

/// The heads (`None` for the root word) and relations of a finished parse.
fn write_tree(state: &State, heads: &mut Vec<Option<usize>>, rels: &mut Vec<Deprel>) {
    let n = state.n;
    heads.clear();
    heads.extend(state.heads.iter().map(|&head| (head < n).then_some(head)));
    rels.clear();
    rels.extend(state.labels[..n].iter().map(|&code| Deprel::from_code(code.wrapping_sub(1)).unwrap_or(Deprel::Dep)));
}

/// A training sentence: predicted tags, gold tree (`None` for the root word's head).
pub(crate) struct ParseSentence {
    pub words: Vec<WordHashes>,
    pub tags: Vec<(Upos, Xpos)>,
    pub heads: Vec<Option<usize>>,
    pub rels: Vec<Deprel>,
}

/// Walks the gold tree of a projective sentence by zero-cost moves, calling `visit` before each
/// move with the state and the move; arcs are labelled with their gold relations.
pub(crate) fn walk_gold(sentence: &ParseSentence, mut visit: impl FnMut(&Tokens, &State, usize)) {
    let n = sentence.words.len();
    let gold: Vec<usize> = sentence.heads.iter().map(|head| head.unwrap_or(n)).collect();
    let tokens = Tokens { words: &sentence.words, tags: &sentence.tags };
    let mut state = State::new(n);
    while !state.done() {
        let Some(movement) = (0..MOVES).rev().find(|&m| state.valid(m) && state.cost(m, &gold) == 0) else { break };
        visit(&tokens, &state, movement);
        apply_gold(&mut state, movement, &sentence.rels);
    }
}

/// Applies `movement`, labelling the arc it makes with the dependent's gold relation.
fn apply_gold(state: &mut State, movement: usize, rels: &[Deprel]) {
    let child = state.arc(movement).map(|(_, child)| child);
    state.apply(movement);
    if let Some(child) = child {
        state.name(child, rels[child].code() + 1);
    }
}

impl State {
    /// The arc `movement` would make, for the labeler's training.
    pub(crate) fn arc_of(&self, movement: usize) -> Option<(usize, usize)> {
        self.arc(movement)
    }
}

/// Whether the tree has no crossing arcs: the arc-hybrid system can only build those.
pub(crate) fn is_projective(heads: &[Option<usize>]) -> bool {
    let arcs: Vec<(usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(child, head)| {
            let head = head.unwrap_or(heads.len());
            (child.min(head), child.max(head))
        })
        .collect();
    arcs.iter().all(|&(left, right)| {
        arcs.iter().all(|&(other_left, other_right)| !(left < other_left && other_left < right && right < other_right))
    })
}

/// The tree with crossing arcs lifted, shortest first, each dependent moved to its head's head,
/// until no arcs cross; `None` if that needs lifting a child of the root word (the transition
/// system allows one root word) or does not settle.
pub(crate) fn projectivize(heads: &[Option<usize>]) -> Option<Vec<Option<usize>>> {
    let n = heads.len();
    let mut heads = heads.to_vec();
    let span = |child: usize, head: Option<usize>| {
        let head = head.unwrap_or(n);
        (child.min(head), child.max(head))
    };
    for _ in 0..=2 * n {
        if is_projective(&heads) {
            return Some(heads);
        }
        let crossed = |child: usize| {
            let (left, right) = span(child, heads[child]);
            (0..n).any(|other| {
                let (other_left, other_right) = span(other, heads[other]);
                (left < other_left && other_left < right && right < other_right)
                    || (other_left < left && left < other_right && other_right < right)
            })
        };
        let child = (0..n).filter(|&child| heads[child].is_some() && crossed(child)).min_by_key(|&child| {
            let (left, right) = span(child, heads[child]);
            (right - left, child)
        })?;
        let head = heads[child]?;
        heads[child] = Some(heads[head]?);
    }
    None
}

/// Trains the parser; from the second epoch on it follows its own (possibly wrong) moves nine
/// times in ten, so it is trained on the states its mistakes lead to. `after_epoch`, if given,
/// receives the averaged parser as it stands after each epoch; the last one is returned.
pub(crate) fn train(
    sentences: &[ParseSentence],
    epochs: usize,
    min_count: u32,
    shuffler: &mut Shuffler,
    mut after_epoch: Option<&mut dyn FnMut(usize, Parser)>,
) -> Parser {
    // A sentence with crossing arcs is learnt from with those arcs lifted until none cross, so its
    // other arcs still teach (about one EWT training sentence in forty crosses).
    let lifted: Vec<ParseSentence> = sentences
        .iter()
        .filter(|s| !is_projective(&s.heads))
        .filter_map(|s| {
            let heads = projectivize(&s.heads)?;
            Some(ParseSentence { words: s.words.clone(), tags: s.tags.clone(), heads, rels: s.rels.clone() })
        })
        .collect();
    let usable: Vec<&ParseSentence> =
        sentences.iter().filter(|s| is_projective(&s.heads)).chain(lifted.iter()).collect();
    let mut keys = Vec::with_capacity(112);
    // Features seen fewer than `min_count` times on the gold paths are left out.
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for sentence in &usable {
        walk_gold(sentence, |tokens, state, _| {
            features(state, tokens, &mut keys);
            for &key in &keys {
                *counts.entry(key).or_default() += 1;
            }
        });
    }
    let frequent = counts.into_iter().filter(|&(_, count)| count >= min_count).map(|(key, _)| key);
    let mut trainer = Trainer::with_features(MOVES, frequent);
    let mut order: Vec<usize> = (0..usable.len()).collect();
    let mut scores = [0i64; MOVES];
    for epoch in 0..epochs {
        shuffler.shuffle(&mut order);
        for &index in &order {
            let sentence = usable[index];
            let n = sentence.words.len();
            let gold: Vec<usize> = sentence.heads.iter().map(|head| head.unwrap_or(n)).collect();
            let tokens = Tokens { words: &sentence.words, tags: &sentence.tags };
            let mut state = State::new(n);
            while !state.done() {
                features(&state, &tokens, &mut keys);
                trainer.score(&keys, &mut scores);
                let mut guess = NONE;
                let mut best_right = NONE;
                let mut guess_cost = 0;
                for movement in 0..MOVES {
                    if !state.valid(movement) {
                        continue;
                    }
                    let cost = state.cost(movement, &gold);
                    if guess == NONE || scores[movement] > scores[guess] {
                        guess = movement;
                        guess_cost = cost;
                    }
                    if cost == 0 && (best_right == NONE || scores[movement] > scores[best_right]) {
                        best_right = movement;
                    }
                }
                if best_right == NONE {
                    // Cannot happen on a projective tree; leave such a sentence unfinished.
                    break;
                }
                if guess_cost > 0 {
                    trainer.update(&keys, best_right, guess);
                }
                trainer.tick();
                let explore = epoch > 0 && shuffler.below(10) < 9;
                apply_gold(&mut state, if explore { guess } else { best_right }, &sentence.rels);
            }
        }
        if let Some(after_epoch) = after_epoch.as_mut().filter(|_| epoch + 1 < epochs) {
            after_epoch(epoch, Parser { weights: trainer.freeze(2), beam: Beam::default() });
        }
    }
    let last = Parser { weights: trainer.freeze(2), beam: Beam::default() };
    match after_epoch {
        Some(after_epoch) => {
            after_epoch(epochs - 1, Parser { weights: trainer.freeze(2), beam: Beam::default() });
            last
        }
        None => last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_knows_the_relations_of_its_children_on_each_side() {
        // "Smith said voters face a threat": said is the root.
        let words: Vec<WordHashes> = (0..6).map(|at| WordHashes::of(&at.to_string())).collect();
        let sentence = ParseSentence {
            words,
            tags: vec![(Upos::Propn, Xpos::Nnp); 6],
            heads: vec![Some(1), None, Some(3), Some(1), Some(5), Some(3)],
            rels: vec![Deprel::Nsubj, Deprel::Root, Deprel::Nsubj, Deprel::Ccomp, Deprel::Det, Deprel::Obj],
        };
        let mut last = None;
        walk_gold(&sentence, |_, state, _| last = Some(state.label_sets.clone()));
        let bit = |rel: Deprel| 1u64 << ((rel.code() + 1) % 64);
        let sets = last.expect("the walk makes moves");
        assert_eq!(sets[1], [bit(Deprel::Nsubj), bit(Deprel::Ccomp)]);
        assert_eq!(sets[3], [bit(Deprel::Nsubj), bit(Deprel::Obj)]);
        assert_eq!(sets[0], [0, 0]);
    }

    #[test]
    fn crossing_arcs_are_lifted_to_the_heads_head() {
        // 0 <- 2, 1 <- 3 cross; 3 is the root word and 2 hangs from it. The shorter crossing
        // arc (2 -> 0 and 3 -> 1 are as long; the first found, 0's) is lifted to 3.
        let heads = [Some(2), Some(3), Some(3), None];
        assert!(!is_projective(&heads));
        let lifted = projectivize(&heads).unwrap();
        assert!(is_projective(&lifted));
        assert_eq!(lifted, [Some(3), Some(3), Some(3), None]);
        // An arc crossing the root word's own arc: the other one is lifted.
        assert_eq!(projectivize(&[Some(1), None, Some(0)]).map(|heads| is_projective(&heads)), Some(true));
        let projective = [Some(1), None, Some(1)];
        assert_eq!(projectivize(&projective).as_deref(), Some(&projective[..]));
    }

    #[test]
    fn crossing_arcs_are_not_projective() {
        // 0 <- 2, 1 <- 3 cross.
        assert!(!is_projective(&[Some(2), Some(3), None, Some(2)]));
        assert!(is_projective(&[Some(1), None, Some(1)]));
    }

    #[test]
    fn following_zero_cost_moves_rebuilds_the_gold_tree() {
        // "Smith said voters face a threat": said is the root.
        let gold = [1, 6, 3, 1, 5, 3];
        let mut state = State::new(6);
        while !state.done() {
            let movement = (0..MOVES).find(|&m| state.valid(m) && state.cost(m, &gold) == 0).expect("a zero-cost move");
            state.apply(movement);
        }
        assert_eq!(state.heads, gold);
    }
}
