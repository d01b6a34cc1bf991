//! What the parser's beam margin costs and gains, for each margin given (in the weights' units;
//! `full` keeps every parse the width allows, `greedy` decodes with one parse):
//!
//! ```text
//! cargo run --profile train --locked --example beam_margin -- PATH/TO/UD_English-EWT test full 90000 greedy
//! cargo run --profile train --locked --example beam_margin -- --text FOLDER full 90000 60000 greedy
//! ```
//!
//! On a UD_English-EWT split: the bundled model's UAS and LAS and its speed (words per CPU second
//! of tagging, parsing and labelling). The bundled model was trained on the dev split too, so
//! only the test split says how well it parses. With `--text`: how many words of the `.txt`
//! files in FOLDER get the same head and relation as with the full beam, and how many
//! sentences the same tree, with the CPU time of analysing them all: what the margin is chosen
//! on, with no treebank needed, before the test split checks it once.

use std::path::Path;
use std::process::ExitCode;

use factline::grammar::conllu::read_split;
use factline::grammar::train::{Beam, evaluate, thread_cpu_seconds};
use factline::grammar::{Model, Sentence, Token};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (text, rest) = match args.split_first() {
        Some((first, rest)) if first == "--text" => (true, rest),
        _ => (false, args.as_slice()),
    };
    let [source, rest @ ..] = rest else { return usage() };
    let (split, margins) = if text {
        ("text", rest)
    } else {
        let [split, margins @ ..] = rest else { return usage() };
        (split.as_str(), margins)
    };
    let mut model = match Model::from_bytes(factline::grammar::model_bytes()) {
        Ok(model) => model,
        Err(error) => return fail(&error.to_string()),
    };
    let shipped = model.parser_beam();
    let mut beams = Vec::new();
    for margin in margins {
        beams.push(match margin.as_str() {
            "full" => Beam { margin: u32::MAX, ..shipped },
            "greedy" => Beam { width: 1, ..shipped },
            number => match number.parse() {
                Ok(margin) => Beam { margin, ..shipped },
                Err(_) => return fail(&format!("{number:?} is not a margin (a whole number, full or greedy)")),
            },
        });
    }
    if text {
        let texts = match read_texts(Path::new(source)) {
            Ok(texts) => texts,
            Err(error) => return fail(&format!("{source}: {error}")),
        };
        model.set_parser_beam(Beam { margin: u32::MAX, ..shipped });
        let full: Vec<Vec<Sentence>> = texts.iter().map(|text| model.analyze_range(text, 0..text.len())).collect();
        for (margin, beam) in margins.iter().zip(beams) {
            model.set_parser_beam(beam);
            let started = thread_cpu_seconds();
            let parsed: Vec<Vec<Sentence>> =
                texts.iter().map(|text| model.analyze_range(text, 0..text.len())).collect();
            let seconds = thread_cpu_seconds() - started;
            let (mut words, mut same_words, mut sentences, mut same_sentences) = (0, 0, 0, 0);
            for (sentence, reference) in parsed.iter().flatten().zip(full.iter().flatten()) {
                let same = |(token, other): (&Token, &Token)| token.head == other.head && token.deprel == other.deprel;
                words += sentence.tokens.len();
                same_words += sentence.tokens.iter().zip(&reference.tokens).filter(|&pair| same(pair)).count();
                sentences += 1;
                same_sentences += usize::from(sentence.tokens.iter().zip(&reference.tokens).all(same));
            }
            let share = |part: usize, whole: usize| 100.0 * part as f64 / whole.max(1) as f64;
            println!(
                "text margin {margin:>10}: as the full beam: words {:.2}%  sentences {:.2}% (of {sentences})  \
                 {seconds:.2} CPU s for {words} words",
                share(same_words, words),
                share(same_sentences, sentences),
            );
        }
        return ExitCode::SUCCESS;
    }
    let sentences = match read_split(Path::new(source), split) {
        Ok(sentences) => sentences,
        Err(error) => return fail(&error.to_string()),
    };
    for (margin, beam) in margins.iter().zip(beams) {
        model.set_parser_beam(beam);
        let scores = evaluate(&model, &sentences);
        println!(
            "{split} margin {margin:>10}: UAS {:.2}%  LAS {:.2}%  {:.0} words/s",
            scores.uas, scores.las, scores.words_per_second
        );
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: beam_margin PATH/TO/UD_English-EWT SPLIT MARGIN|full|greedy...");
    eprintln!("       beam_margin --text FOLDER MARGIN|full|greedy...");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("beam_margin: {message}");
    ExitCode::FAILURE
}

/// The `.txt` files of `folder`, in name order.
fn read_texts(folder: &Path) -> std::io::Result<Vec<String>> {
    let mut paths: Vec<_> =
        std::fs::read_dir(folder)?.map(|entry| entry.map(|entry| entry.path())).collect::<Result<_, _>>()?;
    paths.retain(|path| path.extension().is_some_and(|extension| extension == "txt"));
    paths.sort();
    paths.iter().map(std::fs::read_to_string).collect()
}
