//! What the construction tests of `draft` share: one short article drafted, its claims read back.
//!
//! Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

use factline::draft::{Article, draft};

/// A headline and a publication date, so a body is read as an article's text.
pub const HEAD: &str = "A headline\n\nPublished On: Jan 22, 2024\n\n";

/// One claim drafted from an article, as a test asserts it.
pub struct DraftedClaim {
    pub speaker: String,
    pub verb: String,
    /// The passage's pieces as the article writes them, joined by " | ".
    pub passage: String,
    pub date: Option<String>,
}

/// Every claim drafted from the article `text` (headline and date included).
pub fn claims_in(text: &str) -> Vec<DraftedClaim> {
    let article = Article { file_name: "a.txt".into(), text: text.into() };
    let drafted = draft(&[article], None, |_| {});
    drafted
        .claims
        .iter()
        .map(|c| DraftedClaim {
            speaker: drafted.entities[c.found.speaker].name.clone(),
            verb: c.found.verb.clone(),
            passage: c.found.pieces.iter().map(|p| &text[p.clone()]).collect::<Vec<_>>().join(" | "),
            date: c.found.date.map(|d| d.to_string()),
        })
        .collect()
}

/// (speaker name, verb, passage) of every claim drafted from `body` under `HEAD`.
pub fn claims(body: &str) -> Vec<(String, String, String)> {
    claims_in(&format!("{HEAD}{body}")).into_iter().map(|c| (c.speaker, c.verb, c.passage)).collect()
}
