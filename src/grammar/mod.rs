//! Grammar for the drafter: tokens, sentences, part-of-speech tags, lemmas and a dependency tree
//! for English text, from a model trained on the Universal Dependencies English Web Treebank
//! (UD_English-EWT) and compiled into the binary.
//!
//! # The API (stable: other modules build on it)
//!
//! - [`analyze`]`(text) -> Vec<`[`Sentence`]`>` and [`analyze_range`]`(text, range)` (one
//!   paragraph): tokenize, split sentences, tag, lemmatize, parse.
//! - A [`Sentence`] has its byte `span` in the text and its [`Token`]s; a token has its byte
//!   `span`, [`Upos`], [`Xpos`] (Penn tag: `VBD` "said" vs `VBZ` "says"), `lemma`, `head` (index
//!   in `tokens`, `None` for the root) and [`Deprel`] (UD relation with subtype,
//!   `Display` gives the UD name). Helpers: [`Sentence::root`], [`Sentence::children`],
//!   [`Sentence::child`], [`Sentence::subtree_span`], [`Sentence::text`].
//! - [`lemma`]`(word, upos)`: the lemmatizer on its own ("acknowledging" → "acknowledge").
//! - [`tokenize`]`(text)`: token byte ranges, no model needed.
//!
//! The model (`assets/grammar/en-ewt.bin`, see `examples/train_grammar.rs`) is decoded on first
//! use, so commands that never analyse text never pay for it.
//!
//! Long inputs stay linear: a "sentence" of more than [`MAX_SENTENCE_TOKENS`] tokens (a 50 MB
//! line without a period) is analysed as windows of that many tokens.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

mod beam;
pub mod conllu;
mod features;
mod labeler;
pub mod labels;
mod lemma;
pub mod model;
mod parser;
mod perceptron;
mod sentence;
mod spelling;
mod tagger;
mod tokenize;
pub mod train;

pub use labels::{Deprel, Upos, Xpos};
pub use lemma::Lemmatizer;
pub use model::{Model, ModelError};
pub use sentence::MAX_SENTENCE_TOKENS;
pub use tokenize::tokenize;

use tagger::WordHashes;

/// One token of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the analysed text.
    pub span: Range<usize>,
    pub upos: Upos,
    pub xpos: Xpos,
    pub lemma: String,
    /// Index of the head in [`Sentence::tokens`]; `None` for the sentence's root.
    pub head: Option<usize>,
    pub deprel: Deprel,
}

/// One sentence of analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the analysed text, from the first token's start to the last one's end.
    pub span: Range<usize>,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The root token (every sentence has exactly one).
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|token| token.head.is_none())
    }

    /// The tokens whose head is `index`, in text order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens.iter().enumerate().filter(move |(_, token)| token.head == Some(index)).map(|(at, _)| at)
    }

    /// The first child of `index` with relation `deprel`.
    pub fn child(&self, index: usize, deprel: Deprel) -> Option<usize> {
        self.children(index).find(|&child| self.tokens[child].deprel == deprel)
    }

    /// The byte range covering `index` and everything that depends on it.
    pub fn subtree_span(&self, index: usize) -> Range<usize> {
        let mut span = self.tokens[index].span.clone();
        let mut pending = vec![index];
        while let Some(at) = pending.pop() {
            for child in self.children(at) {
                span.start = span.start.min(self.tokens[child].span.start);
                span.end = span.end.max(self.tokens[child].span.end);
                pending.push(child);
            }
        }
        span
    }

    /// The text of token `index` in `text` (the text this sentence was analysed from).
    pub fn text<'a>(&self, text: &'a str, index: usize) -> &'a str {
        text.get(self.tokens[index].span.clone()).unwrap_or("")
    }
}

/// The model compiled into the binary; decoded on first use.
static EMBEDDED: &[u8] = include_bytes!("../../assets/grammar/en-ewt.bin");
static MODEL: OnceLock<Model> = OnceLock::new();
/// The lemmatizer decoded on its own, when lemmas are wanted before (or without) a parse.
static LEMMATIZER: OnceLock<lemma::Lemmatizer> = OnceLock::new();

/// The bundled model. Its bytes are checked by the tests, so failing to decode them is a build
/// error, not bad input.
pub fn model() -> &'static Model {
    MODEL.get_or_init(|| match Model::from_bytes(EMBEDDED) {
        Ok(model) => model,
        Err(error) => panic!("the grammar model compiled into factline is unusable: {error}"),
    })
}

/// The bytes of the model compiled into the binary.
pub fn model_bytes() -> &'static [u8] {
    EMBEDDED
}

/// Tokenizes, splits, tags, lemmatizes and parses `text`.
pub fn analyze(text: &str) -> Vec<Sentence> {
    analyze_range(text, 0..text.len())
}

/// Like [`analyze`] for the part `range` of `text` (a paragraph); spans stay offsets into the
/// whole `text`. A range past the end or inside a character is narrowed to whole characters.
pub fn analyze_range(text: &str, range: Range<usize>) -> Vec<Sentence> {
    model().analyze_range(text, range)
}

/// The lemma of `word` used as `upos`: "acknowledging"/VERB → "acknowledge", "Iranians"/PROPN →
/// "Iranian". Lower-case except for proper nouns.
pub fn lemma(word: &str, upos: Upos) -> Cow<'_, str> {
    let lemmatizer = match MODEL.get() {
        Some(model) => &model.lemmatizer,
        None => LEMMATIZER.get_or_init(|| match Model::lemmatizer_from_bytes(EMBEDDED) {
            Ok(lemmatizer) => lemmatizer,
            Err(error) => panic!("the grammar model compiled into factline is unusable: {error}"),
        }),
    };
    lemmatizer.lemmatize(word, upos)
}

/// The spelling the model was trained on: the treebank writes straight quotes and apostrophes.
fn treebank_form(word: &str) -> Cow<'_, str> {
    if !word.contains(['’', '‘', '“', '”', '«', '»', '„']) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|ch| match ch {
                '’' | '‘' => '\'',
                '“' | '”' | '«' | '»' | '„' => '"',
                other => other,
            })
            .collect(),
    )
}

fn char_floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Model {
    /// [`analyze_range`] with this model.
    pub fn analyze_range(&self, text: &str, range: Range<usize>) -> Vec<Sentence> {
        let range = char_floor(text, range.start)..char_floor(text, range.end);
        if range.start >= range.end {
            return Vec::new();
        }
        let mut spans = Vec::new();
        tokenize::tokenize_into(text, range, &mut spans);
        let mut sentences = Vec::new();
        let (mut hashes, mut tags, mut heads, mut rels) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for tokens in sentence::split(text, &spans) {
            let spans = &spans[tokens];
            let forms: Vec<Cow<str>> = spans.iter().map(|span| treebank_form(&text[span.clone()])).collect();
            hashes.clear();
            hashes.extend(forms.iter().map(|form| WordHashes::of(form)));
            self.tagger.tag(&hashes, &mut tags);
            self.parser.parse(&self.labeler, &hashes, &tags, &mut heads, &mut rels);
            let tokens = spans
                .iter()
                .zip(&forms)
                .enumerate()
                .map(|(at, (span, form))| Token {
                    span: span.clone(),
                    upos: tags[at].0,
                    xpos: tags[at].1,
                    lemma: self.lemmatizer.lemmatize(form, tags[at].0).into_owned(),
                    head: heads[at],
                    deprel: rels[at],
                })
                .collect();
            let span = spans[0].start..spans[spans.len() - 1].end;
            sentences.push(Sentence { span, tokens });
        }
        sentences
    }
}
