//! What the construction tests of `draft` share: one short article drafted, its claims read back
//! as (speaker name, verb, passage).
//!
//! Each test file compiles this module on its own.
#![allow(dead_code)]

use factline::draft::{Article, draft};

/// A headline and a publication date, so the body is read as an article's text.
pub const HEAD: &str = "A headline\n\nPublished On: Jan 22, 2024\n\n";

/// (speaker name, verb, passage) of every claim drafted from `body` under `HEAD`.
pub fn claims(body: &str) -> Vec<(String, String, String)> {
    let text = format!("{HEAD}{body}");
    let article = Article { file_name: "a.txt".into(), text: text.clone() };
    let drafted = draft(&[article], None, |_| {});
    drafted
        .claims
        .iter()
        .map(|c| {
            let passage = c.found.pieces.iter().map(|p| &text[p.clone()]).collect::<Vec<_>>().join(" | ");
            (drafted.entities[c.found.speaker].name.clone(), c.found.verb.clone(), passage)
        })
        .collect()
}
