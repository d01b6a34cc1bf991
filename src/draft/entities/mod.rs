//! Named people, organizations, groups, countries and places, found without a parser: runs of
//! capitalized words, stripped of titles and roles ("Foreign Minister", "Mr"), classified by their
//! head words and a small gazetteer, and every spelling merged into one entity:
//!
//! - the same letters (case, hyphens, spaces and accents folded): `Amir-Abdollahian` = `Amir Abdollahian`;
//! - a later part of a full name in the same article: `Abdollahian`, `Ferreira Santos`, `De Groot`;
//!   in another article only when it spells at least two parts of the name (`Amirabdollahian`),
//!   never on a surname alone;
//! - the given name and the surname of a known full name (`Anwaar Kakar`, `@JalilJilani`);
//! - an acronym or handle given in parentheses (`Jaish al Adl (JAA)`);
//! - a company name with or without `Ltd`, `Inc`.

use crate::store::EntityKind;

mod recognize;
mod registry;
mod spans;

pub use recognize::{recognize, speaker_entity};
pub use registry::Registry;
pub use spans::is_title_case;

/// Letters and digits only, lowercase, accents removed: the key every spelling is compared by.
pub use crate::text::fold;

/// The folded parts of a name: `Anwaar-ul-Haq Kakar` → anwaar, ul, haq, kakar. A handle is split
/// where its case changes: `@JalilJilani` → jalil, jilani.
pub fn parts(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let handle = name.starts_with('@');
    let mut prev_lower = false;
    for c in name.trim_start_matches('@').chars() {
        if handle && c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(fold(&current));
            current.clear();
        }
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(fold(&current));
            current.clear();
        }
        prev_lower = c.is_lowercase();
    }
    if !current.is_empty() {
        out.push(fold(&current));
    }
    out.retain(|p| !p.is_empty());
    out
}

#[derive(Debug, Clone)]
pub struct DraftEntity {
    pub name: String,
    pub kind: EntityKind,
    /// Every spelling seen, the name first.
    pub spellings: Vec<String>,
    pub note: Option<String>,
}

impl DraftEntity {
    fn folds(&self) -> impl Iterator<Item = String> + '_ {
        self.spellings.iter().map(|s| fold(s))
    }
}

/// A place in an article where an entity is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}
