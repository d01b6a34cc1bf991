//! Trains the grammar model compiled into factline from a UD_English-EWT checkout:
//!
//! ```text
//! cargo run --release --locked --example train_grammar -- PATH/TO/UD_English-EWT [OUT]
//! cargo run --release --locked --example train_grammar -- --choose PATH/TO/UD_English-EWT [OUT]
//! ```
//!
//! `OUT` defaults to `assets/grammar/en-ewt.bin`. The treebank folder may hold the released
//! `en_ewt-ud-{train,dev,test}.conllu` or the per-document sources with their file lists
//! (`not-to-release/file-lists/files.train`). Training is deterministic: the same treebank gives
//! the same file.
//!
//! The shipped model is trained on the train and dev splits together with the settings of
//! `Options::default()`, then measured on the test split. Those settings were chosen with
//! `--choose`: trained on train alone, the parser measured on dev after every epoch and the
//! best epoch kept; it prints dev figures only, so the test split is read once per model.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use factline::grammar::Model;
use factline::grammar::conllu::read_split;
use factline::grammar::train::{Options, Scores, evaluate, train_model};

fn main() -> ExitCode {
    let mut args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let choose = args.first().is_some_and(|first| first.as_os_str() == "--choose");
    if choose {
        args.remove(0);
    }
    let mut args = args.into_iter();
    let Some(treebank) = args.next() else {
        eprintln!("usage: train_grammar [--choose] PATH/TO/UD_English-EWT [OUT.bin]");
        return ExitCode::from(2);
    };
    let out = args.next().unwrap_or_else(|| PathBuf::from("assets/grammar/en-ewt.bin"));
    match run(&treebank, &out, choose) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("train_grammar: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(treebank: &Path, out: &Path, choose: bool) -> Result<(), String> {
    let started = Instant::now();
    let mut train = read_split(treebank, "train").map_err(|error| error.to_string())?;
    let dev = read_split(treebank, "dev").map_err(|error| error.to_string())?;
    let options = Options::default();
    if choose {
        // An upper bound: the epoch with the best dev UAS is kept.
        let options = Options { parser_epochs: options.parser_epochs + 10, ..options };
        eprintln!("train: {} sentences; dev measured after every parser epoch", train.len());
        let model = train_model(&train, Some(&dev), &options, &mut |step| {
            eprintln!("[{:6.1}s] training the {step}", started.elapsed().as_secs_f64())
        });
        let bytes = write(out, &model, &started)?;
        let model = Model::from_bytes(&bytes).map_err(|error| error.to_string())?;
        report("dev", &evaluate(&model, &dev));
        return Ok(());
    }
    train.extend(dev);
    let words: usize = train.iter().map(|sentence| sentence.words.len()).sum();
    eprintln!("train + dev: {} sentences, {words} words", train.len());
    let model = train_model(&train, None, &options, &mut |step| {
        eprintln!("[{:6.1}s] training the {step}", started.elapsed().as_secs_f64())
    });
    let bytes = write(out, &model, &started)?;
    // Measure what was written, read back, so the figures describe the shipped file.
    let model = Model::from_bytes(&bytes).map_err(|error| error.to_string())?;
    let test = read_split(treebank, "test").map_err(|error| error.to_string())?;
    report("test", &evaluate(&model, &test));
    Ok(())
}

fn write(out: &Path, model: &Model, started: &Instant) -> Result<Vec<u8>, String> {
    let bytes = model.to_bytes();
    write_atomically(out, &bytes).map_err(|error| format!("{}: {error}", out.display()))?;
    eprintln!("[{:6.1}s] wrote {} ({} bytes)", started.elapsed().as_secs_f64(), out.display(), bytes.len());
    Ok(bytes)
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
