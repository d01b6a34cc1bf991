//! Every entity of the draft and the rules joining a new spelling to one already seen.

use std::collections::HashMap;

use crate::store::EntityKind;

use super::super::gender;
use super::{DraftEntity, fold, parts};

/// Every entity of the draft, across articles.
#[derive(Debug, Default)]
pub struct Registry {
    pub entities: Vec<DraftEntity>,
    pub(super) by_fold: HashMap<String, Vec<usize>>,
    /// Which articles name each entity.
    seen_in: Vec<Vec<usize>>,
    /// Organizations by their name without `Ltd`/`Inc`.
    orgs_by_bare: HashMap<String, Vec<usize>>,
    /// People by every part of every spelling, so a mention is compared with the few people who
    /// share a part with it rather than with everyone in a thousand articles.
    persons_by_part: HashMap<String, Vec<usize>>,
    /// People by the last part of every spelling (the surname, usually).
    persons_by_last: HashMap<String, Vec<usize>>,
}

fn compatible(a: EntityKind, b: EntityKind) -> bool {
    use EntityKind::*;
    a == b || matches!((a, b), (Organization, Group) | (Group, Organization))
}

pub(super) const CORPORATE: &[&str] = &["ltd", "inc", "plc", "llc", "corp", "gmbh", "sa", "ag", "co", "limited"];

fn without_corporate(folded_parts: &[String]) -> String {
    let mut parts = folded_parts.to_vec();
    while parts.len() > 1 && parts.last().is_some_and(|p| CORPORATE.contains(&p.as_str())) {
        parts.pop();
    }
    parts.concat()
}

/// What follows a surname to tell a father from a son: "Luther Stan Pate IV", "Joseph Murray II",
/// "Donald Trump Jr". Not part of the surname a later short form gives ("Pate").
const GENERATIONAL: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The folded parts of a person's name without a generational suffix.
fn name_parts(spelling: &str) -> Vec<String> {
    let mut full = parts(spelling);
    if full.len() > 2 && full.last().is_some_and(|p| GENERATIONAL.contains(&p.as_str())) {
        full.pop();
    }
    full
}

fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    prefix + suffix >= a.len().max(b.len()) - 1
}

impl Registry {
    fn add(&mut self, article: usize, spelling: &str, kind: EntityKind, note: Option<String>) -> usize {
        let ix = self.entities.len();
        self.entities.push(DraftEntity { name: spelling.to_string(), kind, spellings: Vec::new(), note });
        self.seen_in.push(vec![article]);
        self.index_spelling(ix, spelling);
        ix
    }

    fn index_spelling(&mut self, ix: usize, spelling: &str) {
        self.entities[ix].spellings.push(spelling.to_string());
        self.by_fold.entry(fold(spelling)).or_default().push(ix);
        let spelling_parts = parts(spelling);
        match self.entities[ix].kind {
            EntityKind::Organization | EntityKind::Group => {
                self.orgs_by_bare.entry(without_corporate(&spelling_parts)).or_default().push(ix);
            }
            EntityKind::Person => {
                let surname = name_parts(spelling).pop();
                for last in spelling_parts.last().into_iter().chain(surname.as_ref()) {
                    let list = self.persons_by_last.entry(last.clone()).or_default();
                    if list.last() != Some(&ix) {
                        list.push(ix);
                    }
                }
                for part in spelling_parts {
                    let list = self.persons_by_part.entry(part).or_default();
                    if list.last() != Some(&ix) {
                        list.push(ix);
                    }
                }
            }
            _ => {}
        }
    }

    /// People whose last name part ends `folded`: the only ones a cross-article rule can join it to.
    fn surname_candidates(&self, folded: &str) -> Vec<usize> {
        let mut out: Vec<usize> = (0..folded.len().saturating_sub(2))
            .filter(|&c| folded.is_char_boundary(c))
            .filter_map(|c| self.persons_by_last.get(&folded[c..]))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// People sharing a part with `folded` (any of its parts, prefixes or suffixes).
    fn person_candidates(&self, folded: &str, my_parts: &[String]) -> Vec<usize> {
        let mut keys: Vec<&str> = my_parts.iter().map(String::as_str).collect();
        for cut in (3..folded.len()).filter(|&c| folded.is_char_boundary(c)) {
            keys.push(&folded[..cut]);
            keys.push(&folded[folded.len() - cut..]);
        }
        let mut out: Vec<usize> = keys.iter().filter_map(|k| self.persons_by_part.get(*k)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn attach(&mut self, ix: usize, article: usize, spelling: &str, note: Option<String>) -> usize {
        let entity = &mut self.entities[ix];
        if !entity.spellings.iter().any(|s| s == spelling) {
            // The fullest spelling names the entity ("Hossein Amir-Abdollahian", not "Abdollahian").
            if parts(spelling).len() > parts(&entity.name).len() && !spelling.starts_with('@') {
                entity.name = spelling.to_string();
            }
            self.index_spelling(ix, spelling);
        }
        let entity = &mut self.entities[ix];
        if entity.note.is_none() {
            entity.note = note;
        }
        // Articles are drafted in order, so the last one seen tells whether this one is new.
        if self.seen_in[ix].last() != Some(&article) {
            self.seen_in[ix].push(article);
        }
        ix
    }

    fn in_article(&self, ix: usize, article: usize) -> bool {
        self.seen_in[ix].last() == Some(&article)
    }

    /// Joins `spelling` to the entity it names, or adds a new one. `local` are the entities this
    /// article has named so far, most recent last.
    pub fn join_or_add(
        &mut self,
        article: usize,
        spelling: &str,
        kind: EntityKind,
        note: Option<String>,
        local: &[usize],
    ) -> usize {
        match self.find(article, spelling, kind, local) {
            Some(ix) => self.attach(ix, article, spelling, note),
            None => self.add(article, spelling, kind, note),
        }
    }

    /// An entity named by a description ("a bartender", "banking analysts"): the same words in the
    /// same article are the same entity, never one of another article (two articles' bartenders
    /// are two people).
    pub fn join_description(&mut self, article: usize, spelling: &str, kind: EntityKind) -> usize {
        let folded = fold(spelling);
        let same = self.by_fold.get(&folded).and_then(|found| {
            found.iter().copied().find(|&ix| self.in_article(ix, article) && self.entities[ix].kind == kind)
        });
        match same {
            Some(ix) => self.attach(ix, article, spelling, None),
            None => self.add(article, spelling, kind, Some("named by a description, not a name".into())),
        }
    }

    /// The entity `spelling` names, if the draft already has it.
    pub fn find(&self, article: usize, spelling: &str, kind: EntityKind, local: &[usize]) -> Option<usize> {
        let folded = fold(spelling);
        let my_parts = parts(spelling);
        let single = my_parts.len() == 1 && !spelling.starts_with('@');
        // Same letters: across articles too, except a lone word naming a person (a surname).
        if let Some(found) = self.by_fold.get(&folded) {
            let candidates: Vec<usize> = found
                .iter()
                .copied()
                .filter(|&ix| compatible(self.entities[ix].kind, kind))
                .filter(|&ix| !(single && kind == EntityKind::Person) || self.in_article(ix, article))
                .collect();
            if let Some(&ix) = candidates.iter().find(|&&ix| self.in_article(ix, article)).or(candidates.first()) {
                return Some(ix);
            }
        }
        match kind {
            EntityKind::Person => self.find_person(article, &folded, &my_parts, spelling.starts_with('@'), local),
            EntityKind::Organization | EntityKind::Group => {
                let bare = without_corporate(&my_parts);
                let found = self.orgs_by_bare.get(&bare)?;
                local.iter().rev().copied().find(|ix| found.contains(ix)).or_else(|| found.first().copied())
            }
            _ => None,
        }
    }

    fn find_person(
        &self,
        article: usize,
        folded: &str,
        my_parts: &[String],
        handle: bool,
        local: &[usize],
    ) -> Option<usize> {
        let persons = |ix: &usize| self.entities[*ix].kind == EntityKind::Person;
        // A later part of a full name this article gave: "Abdollahian", "De Groot".
        let suffix_of = |ix: usize| {
            self.entities[ix].spellings.iter().any(|s| {
                let full = name_parts(s);
                (1..full.len()).any(|k| full[k..].concat() == folded)
            })
        };
        // Spells at least two parts of a full name: evidence enough across articles.
        let spans_two = |ix: usize| {
            self.entities[ix].spellings.iter().any(|s| {
                let full = name_parts(s);
                (0..full.len().saturating_sub(1)).any(|k| full[k..].len() >= 2 && full[k..].concat() == folded)
            })
        };
        let given_and_surname = |ix: usize| {
            my_parts.len() >= 2
                && self.entities[ix].spellings.iter().any(|s| {
                    let full = name_parts(s).concat();
                    full.len() > folded.len()
                        && full.starts_with(&my_parts[0])
                        && full.ends_with(my_parts.last().map_or("", String::as_str))
                })
        };
        let local_persons: Vec<usize> = local.iter().rev().copied().filter(persons).collect();
        if let Some(ix) = local_persons.iter().copied().find(|&ix| suffix_of(ix) || given_and_surname(ix)) {
            return Some(ix);
        }
        // A given name alone ("Hillary", "his wife, Jane") for the one person this article named
        // with it. Two of that given name, and it names neither.
        if my_parts.len() == 1 && !handle && gender::of_given_name(folded).is_some() {
            let given_name_of = |ix: &usize| {
                self.entities[*ix].spellings.iter().any(|s| {
                    let full = name_parts(s);
                    full.len() >= 2 && full[0] == folded
                })
            };
            let mut named: Vec<usize> = local_persons.iter().copied().filter(given_name_of).collect();
            named.dedup();
            if named.len() == 1 {
                return Some(named[0]);
            }
        }
        let unique = |hits: Vec<usize>| (hits.len() == 1).then(|| hits[0]);
        let by_surname = self.surname_candidates(folded);
        if let Some(ix) =
            unique(by_surname.iter().copied().filter(|&ix| spans_two(ix) || given_and_surname(ix)).collect())
        {
            return Some(ix);
        }
        if handle && folded.len() >= 10 {
            let everywhere: Vec<usize> = self.person_candidates(folded, my_parts);
            // A handle one letter off a full name or its last two parts (`@Amirabdolahian`).
            let near = |ix: usize| {
                self.entities[ix].spellings.iter().any(|s| {
                    let full = parts(s);
                    (0..full.len())
                        .any(|k| edit_distance_at_most_one(&full[k..].concat(), folded) && full[k..].len() >= 2)
                })
            };
            return unique(everywhere.into_iter().filter(|&ix| near(ix)).collect());
        }
        let _ = article;
        None
    }

    pub fn folds_of(&self, ix: usize) -> Vec<String> {
        self.entities[ix].folds().collect()
    }
}
