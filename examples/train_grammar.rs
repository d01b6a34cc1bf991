//! Trains the grammar model compiled into factline from a UD_English-EWT checkout:
//!
//! ```text
//! cargo run --release --locked --example train_grammar -- PATH/TO/UD_English-EWT [OUT]
//! ```
//!
//! `OUT` defaults to `assets/grammar/en-ewt.bin`. The treebank folder may hold the released
//! `en_ewt-ud-{train,dev,test}.conllu` or the per-document sources with their file lists
//! (`not-to-release/file-lists/files.train`). Training is deterministic: the same treebank gives
//! the same file. The parser is measured on the dev split after every epoch and the best epoch
//! is kept; the test split is read only at the end, to measure the model written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use factline::grammar::Model;
use factline::grammar::conllu::read_split;
use factline::grammar::train::{Options, Scores, evaluate, train_model};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(treebank) = args.next().map(PathBuf::from) else {
        eprintln!("usage: train_grammar PATH/TO/UD_English-EWT [OUT.bin]");
        return ExitCode::from(2);
    };
    let out = args.next().map_or_else(|| PathBuf::from("assets/grammar/en-ewt.bin"), PathBuf::from);
    match run(&treebank, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train_grammar: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(treebank: &Path, out: &Path) -> Result<(), String> {
    let started = Instant::now();
    let train = read_split(treebank, "train").map_err(|error| error.to_string())?;
    let words: usize = train.iter().map(|sentence| sentence.words.len()).sum();
    eprintln!("train: {} sentences, {words} words", train.len());
    let dev = read_split(treebank, "dev").map_err(|error| error.to_string())?;
    let model = train_model(&train, Some(&dev), &Options::default(), &mut |step| {
        eprintln!("[{:6.1}s] training the {step}", started.elapsed().as_secs_f64())
    });
    let bytes = model.to_bytes();
    write_atomically(out, &bytes).map_err(|error| format!("{}: {error}", out.display()))?;
    eprintln!("[{:6.1}s] wrote {} ({} bytes)", started.elapsed().as_secs_f64(), out.display(), bytes.len());
    // Measure what was written, read back, so the figures describe the shipped file.
    let model = Model::from_bytes(&bytes).map_err(|error| error.to_string())?;
    for split in ["dev", "test"] {
        let sentences = read_split(treebank, split).map_err(|error| error.to_string())?;
        report(split, &evaluate(&model, &sentences));
    }
    Ok(())
}

fn report(split: &str, scores: &Scores) {
    println!(
        "{split}: {} words  UPOS {:.2}%  XPOS {:.2}%  UAS {:.2}%  LAS {:.2}%  lemma {:.2}%  {:.0} words/s",
        scores.words, scores.upos, scores.xpos, scores.uas, scores.las, scores.lemma, scores.words_per_second
    );
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("bin.tmp");
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}
