//! Prints the parse of every sentence of the given text files, one token a line
//! (index, word, UPOS, head index or 0 for the root, relation), a blank line between sentences:
//!
//! ```text
//! cargo run --release --locked --example parse_text -- ARTICLE.txt...
//! ```
//!
//! Two builds' outputs compared with `diff` show which sentences a new model parses differently.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in std::env::args_os().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("parse_text: {}: {error}", path.to_string_lossy());
                status = ExitCode::FAILURE;
                continue;
            }
        };
        for sentence in factline::grammar::analyze(&text) {
            let words: Vec<&str> = (0..sentence.tokens.len()).map(|at| sentence.text(&text, at)).collect();
            println!("# {} {}", path.to_string_lossy(), words.join(" "));
            for (at, token) in sentence.tokens.iter().enumerate() {
                let head = token.head.map_or(0, |head| head + 1);
                println!("{}\t{}\t{}\t{head}\t{}", at + 1, words[at], token.upos.as_str(), token.deprel);
            }
            println!();
        }
    }
    status
}
