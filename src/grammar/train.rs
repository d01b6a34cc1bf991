//! Training the model from a treebank and measuring it on a held-out split. Used by
//! `examples/train_grammar.rs` and by the accuracy test; deterministic: one fixed seed drives
//! every shuffle and every exploration choice, so the same treebank gives the same bytes.

pub use super::beam::Beam;
use super::conllu::GoldSentence;
use super::labeler;
use super::labels::{Upos, Xpos};
use super::lemma;
use super::model::{Model, ModelError, Reader, Writer};
use super::parser::{self, ParseSentence, Parser};
use super::tagger::{self, TaggedSentence, Tagger, WordHashes};

const SEED: u64 = 0x6661_6374_6c69_6e65;

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
    /// The parser is trained on tags predicted by a tagger that never saw the sentence
    /// (jackknifing), so it learns from the same kind of tags it gets in use; the more folds,
    /// the closer each fold's tagger is to the full one.
    pub jackknife_folds: usize,
    /// How the parser decodes: set on the parser trained, and used for every dev measurement.
    pub parser_beam: Beam,
}

impl Default for Options {
    /// The settings of the shipped model.
    fn default() -> Options {
        Options {
            tagger_epochs: 8,
            // The epoch with the best dev UAS when trained on train alone (with early stopping);
            // the shipped model, trained on train and dev, stops there.
            parser_epochs: 15,
            labeler_epochs: 10,
            tagger_min_count: 2,
            parser_min_count: 2,
            labeler_min_count: 2,
            jackknife_folds: 10,
            // Chosen on dev with the train-only model: dev UAS 83.99 greedy, 84.64 with two
            // parses kept, 84.79 with four (half the speed of two).
            parser_beam: Beam { width: 2, temperature: 30_000, ..Beam::default() },
        }
    }
}

/// A small, seeded random source (xorshift64*): shuffles and exploration, same on every machine.
pub struct Shuffler {
    pub(crate) state: u64,
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

/// The full tagger, and the tags tagger trained without each training sentence gave it: what
/// the parser learns from. The slow half of training, kept apart so it can be reused.
pub struct Jackknifed {
    pub tagger: Tagger,
    pub predicted: Vec<Vec<(Upos, Xpos)>>,
    /// Where the seeded random source stood afterwards, so the rest of training continues it.
    pub shuffler_state: u64,
}

impl Jackknifed {
    /// The tagging half of training as bytes, to train the rest again without redoing it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::default();
        self.tagger.write(&mut out);
        out.u64(self.shuffler_state);
        out.u32(self.predicted.len() as u32);
        for tags in &self.predicted {
            out.varint(tags.len() as u64);
            for &(upos, xpos) in tags {
                out.bytes(&[upos.code(), xpos.code()]);
            }
        }
        out.into_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Jackknifed, ModelError> {
        let mut input = Reader::new(bytes);
        let tagger = Tagger::read(&mut input)?;
        let shuffler_state = input.u64()?;
        let sentences = input.u32()? as usize;
        let mut predicted = Vec::with_capacity(sentences.min(1 << 20));
        for _ in 0..sentences {
            let words = input.varint()? as usize;
            let pairs = input.take(words.saturating_mul(2))?;
            let tags = pairs
                .chunks(2)
                .map(|pair| match (Upos::from_code(pair[0]), Xpos::from_code(pair[1])) {
                    (Some(upos), Some(xpos)) => Ok((upos, xpos)),
                    _ => Err(input.error("an unknown tag code")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            predicted.push(tags);
        }
        Ok(Jackknifed { tagger, predicted, shuffler_state })
    }
}

/// Trains every part of the model on `train`; `progress` hears what is being done. With `dev`,
/// the parser is measured on it after every epoch and the best epoch is kept (early stopping).
pub fn train_model(
    train: &[GoldSentence],
    dev: Option<&[GoldSentence]>,
    options: &Options,
    progress: &mut dyn FnMut(&str),
) -> Model {
    let jackknifed = jackknife(train, options, progress);
    train_rest(train, jackknifed, dev, options, progress)
}

/// Trains the tagger, and the taggers of the folds for the parser's training tags.
pub fn jackknife(train: &[GoldSentence], options: &Options, progress: &mut dyn FnMut(&str)) -> Jackknifed {
    let mut shuffler = Shuffler::new(SEED);
    let sentences: Vec<TaggedSentence> = train.iter().map(tagged).collect();
    progress("tagger");
    let tagger = tagger::train(&sentences, options.tagger_epochs, options.tagger_min_count, &mut shuffler);
    let mut predicted: Vec<Vec<(Upos, Xpos)>> = vec![Vec::new(); sentences.len()];
    let folds = options.jackknife_folds.max(2);
    for fold in 0..folds {
        progress(&format!("tagger for fold {} of {folds}", fold + 1));
        let rest: Vec<TaggedSentence> = sentences
            .iter()
            .enumerate()
            .filter(|(at, _)| at % folds != fold)
            .map(|(_, s)| TaggedSentence { words: s.words.clone(), tags: s.tags.clone() })
            .collect();
        let fold_tagger = tagger::train(&rest, options.tagger_epochs, options.tagger_min_count, &mut shuffler);
        for (at, sentence) in sentences.iter().enumerate().filter(|(at, _)| at % folds == fold) {
            fold_tagger.tag(&sentence.words, &mut predicted[at]);
        }
    }
    Jackknifed { tagger, predicted, shuffler_state: shuffler.state }
}

/// Trains the labeler, the parser and the lemmatizer on top of a jackknifed tagger.
pub fn train_rest(
    train: &[GoldSentence],
    jackknifed: Jackknifed,
    dev: Option<&[GoldSentence]>,
    options: &Options,
    progress: &mut dyn FnMut(&str),
) -> Model {
    train_rest_each(train, jackknifed, dev, options, progress, &mut |_, _| {})
}

/// [`train_rest`], showing `each_epoch` the whole model after every parser epoch: how a model
/// trained on train and dev together is kept at the epoch chosen on dev beforehand.
pub fn train_rest_each(
    train: &[GoldSentence],
    jackknifed: Jackknifed,
    dev: Option<&[GoldSentence]>,
    options: &Options,
    progress: &mut dyn FnMut(&str),
    each_epoch: &mut dyn FnMut(usize, &Model),
) -> Model {
    let Jackknifed { tagger, predicted, shuffler_state } = jackknifed;
    let mut shuffler = Shuffler::new(shuffler_state);
    let parse_sentences: Vec<ParseSentence> = train
        .iter()
        .zip(&predicted)
        .map(|(gold, tags)| ParseSentence {
            words: gold.words.iter().map(|word| WordHashes::of(&word.form)).collect(),
            tags: tags.clone(),
            heads: gold.words.iter().map(|word| word.head).collect(),
            rels: gold.words.iter().map(|word| word.deprel).collect(),
        })
        .collect();
    progress("labeler");
    // The labeler learns from gold paths alone, so it is ready for the parser's epochs to be
    // measured with.
    let labeler = labeler::train(&parse_sentences, options.labeler_epochs, options.labeler_min_count, &mut shuffler);
    progress("lemmatizer");
    let lemmatizer = lemma::train(
        train.iter().flat_map(|s| s.words.iter()).map(|word| (word.form.as_str(), word.upos, word.lemma.as_str())),
    );
    let mut model = Model { tagger, lemmatizer, parser: Parser::default(), labeler };
    progress("parser");
    let mut best: Option<(f64, usize, Parser)> = None;
    let mut measure = |epoch: usize, mut candidate: Parser| {
        candidate.beam = options.parser_beam;
        model.parser = candidate;
        each_epoch(epoch, &model);
        let Some(dev) = dev else { return };
        let scores = evaluate(&model, dev);
        progress(&format!("parser after epoch {}: dev UAS {:.2} LAS {:.2}", epoch + 1, scores.uas, scores.las));
        let candidate = std::mem::take(&mut model.parser);
        if best.as_ref().is_none_or(|(uas, _, _)| scores.uas > *uas) {
            best = Some((scores.uas, epoch, candidate));
        }
    };
    let last = parser::train(
        &parse_sentences,
        options.parser_epochs,
        options.parser_min_count,
        &mut shuffler,
        Some(&mut measure as &mut dyn FnMut(usize, Parser)),
    );
    model.parser = match best {
        Some((uas, epoch, parser)) => {
            progress(&format!("parser: epoch {} kept (dev UAS {uas:.2})", epoch + 1));
            parser
        }
        None => Parser { beam: options.parser_beam, ..last },
    };
    model
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
    /// Words per CPU second of the measuring thread for tagging, parsing and labelling: CPU
    /// time, not wall time, so other work on the machine does not count.
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
        let started = thread_cpu_seconds();
        let hashes: Vec<WordHashes> = sentence.words.iter().map(|word| WordHashes::of(&word.form)).collect();
        model.tagger.tag(&hashes, &mut tags);
        model.parser.parse(&model.labeler, &hashes, &tags, &mut heads, &mut rels);
        seconds += thread_cpu_seconds() - started;
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

/// CPU time used by the calling thread.
pub fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec through a valid pointer.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return 0.0;
    }
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Vec<GoldSentence> {
        super::super::conllu::parse(text, std::path::Path::new("t.conllu")).unwrap()
    }

    const TINY: &str = "1\tSmith\tSmith\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
        2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n\
        3\tvoters\tvoter\tNOUN\tNNS\t_\t4\tnsubj\t_\t_\n\
        4\tface\tface\tVERB\tVBP\t_\t2\tccomp\t_\t_\n\
        5\ta\ta\tDET\tDT\t_\t6\tdet\t_\t_\n\
        6\tthreat\tthreat\tNOUN\tNN\t_\t4\tobj\t_\t_\n\
        7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    fn tiny_options() -> Options {
        Options {
            tagger_epochs: 3,
            parser_epochs: 3,
            labeler_epochs: 3,
            tagger_min_count: 1,
            parser_min_count: 1,
            labeler_min_count: 1,
            jackknife_folds: 2,
            parser_beam: Beam { width: 2, temperature: 30_000, ..Beam::default() },
        }
    }

    #[test]
    fn the_jackknifed_tags_survive_a_round_trip_and_train_the_same_model() {
        let train: Vec<GoldSentence> = (0..8).flat_map(|_| sentence(TINY)).collect();
        let options = tiny_options();
        let jackknifed = jackknife(&train, &options, &mut |_| {});
        assert_eq!(jackknifed.predicted.len(), train.len());
        let bytes = jackknifed.to_bytes();
        let again = Jackknifed::from_bytes(&bytes).unwrap();
        assert_eq!(again.predicted, jackknifed.predicted);
        assert_eq!(again.shuffler_state, jackknifed.shuffler_state);
        let direct = train_rest(&train, jackknifed, None, &options, &mut |_| {}).to_bytes();
        let cached = train_rest(&train, again, None, &options, &mut |_| {}).to_bytes();
        assert_eq!(direct, cached);
        assert!(Jackknifed::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn a_beam_parses_like_the_greedy_parser_here_and_its_setting_is_stored() {
        let train: Vec<GoldSentence> = (0..8).flat_map(|_| sentence(TINY)).collect();
        let options =
            Options { parser_beam: Beam { width: 4, temperature: 1_000, ..Beam::default() }, ..tiny_options() };
        let mut model = train_model(&train, None, &options, &mut |_| {});
        assert_eq!(model.parser.beam, options.parser_beam);
        assert_eq!(evaluate(&model, &train).uas, 100.0);
        let again = Model::from_bytes(&model.to_bytes()).unwrap();
        assert_eq!(again.parser.beam, options.parser_beam);
        model.parser.beam = Beam { width: 1, ..options.parser_beam };
        assert_eq!(evaluate(&model, &train).uas, 100.0);
        model.parser.beam = Beam { width: 0, ..options.parser_beam };
        assert!(Model::from_bytes(&model.to_bytes()).is_err(), "a width of 0 is refused");
    }

    #[test]
    fn early_stopping_hears_every_epoch_and_keeps_a_parser_that_parses() {
        let train: Vec<GoldSentence> = (0..8).flat_map(|_| sentence(TINY)).collect();
        let mut heard = Vec::new();
        let model = train_model(&train, Some(&train), &tiny_options(), &mut |step| heard.push(step.to_owned()));
        let epochs = heard.iter().filter(|step| step.starts_with("parser after epoch")).count();
        assert_eq!(epochs, 3, "{heard:?}");
        assert!(heard.iter().any(|step| step.contains("kept")), "{heard:?}");
        assert_eq!(evaluate(&model, &train).uas, 100.0);
    }

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
