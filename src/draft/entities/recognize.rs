//! One article's names found and joined into the registry: each run of capitals classified, a lone
//! surname or short name taken as someone the article named, a bracketed acronym or handle kept
//! as another spelling.

use std::collections::HashMap;
use std::ops::Range;

use crate::store::EntityKind;

use super::super::gender;
use super::super::lexicon;
use super::super::segment;
use super::registry::CORPORATE;
use super::spans::{Candidate, after_place_noun, classify, has_head, is_acronym, is_title_case, runs};
use super::{Mention, Registry, fold, parts};

/// How many distinct entities, most recently named, a short form is compared with.
const LOCAL_RECENT: usize = 256;

/// Finds the entities named in one article and joins them into `registry`. `skip` are byte ranges
/// (headlines, bylines) whose capitals say nothing.
pub fn recognize(
    registry: &mut Registry,
    article: usize,
    text: &str,
    paragraphs: &[Range<usize>],
    skip: &[Range<usize>],
) -> Vec<Mention> {
    let mut mentions: Vec<Mention> = Vec::new();
    let mut local: Vec<usize> = Vec::new();
    let mut acronyms: HashMap<String, usize> = HashMap::new();
    let mut singles: Vec<Range<usize>> = Vec::new();
    // Words the article also writes in lowercase are ordinary words ("Visits", "Relations"), not
    // parts of a person's name.
    let lowercase: std::collections::HashSet<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    let ordinary = |word: &str| {
        let lower = word.to_lowercase();
        lowercase.contains(lower.as_str()) || lower.strip_suffix('s').is_some_and(|stem| lowercase.contains(stem))
    };
    for paragraph in paragraphs {
        if skip.iter().any(|s| s.start <= paragraph.start && paragraph.end <= s.end)
            || is_title_case(&text[paragraph.clone()])
        {
            continue;
        }
        let tokens = segment::tokens(text, paragraph.clone());
        for (run, before_the) in runs(text, &tokens) {
            for candidate in classify(text, &tokens[run.clone()], before_the, &ordinary) {
                let (range, ix) = match candidate {
                    Candidate::Named { range, mut kind, role } => {
                        // "the village of Khairpur Nathan Shah", "the town of Acarí": a place.
                        if kind == EntityKind::Person && role.is_none() && after_place_noun(&text[..range.start]) {
                            kind = EntityKind::Place;
                        }
                        let guessed = (kind == EntityKind::Person && role.is_none())
                            || (kind == EntityKind::Organization && !has_head(&text[range.clone()]));
                        if guessed
                            && text[range.clone()].split([' ', '-']).any(|w| {
                                !lexicon::is_name_connector(&w.to_lowercase())
                                    && lowercase.contains(w.to_lowercase().as_str())
                            })
                        {
                            continue;
                        }
                        let ix = registry.join_or_add(article, &text[range.clone()], kind, role, &local);
                        (range, Some(ix))
                    }
                    Candidate::Single { range } => {
                        let found = resolve_single(registry, article, &text[range.clone()], &local);
                        if found.is_none() {
                            singles.push(range.clone());
                        }
                        (range, found)
                    }
                    Candidate::Acronym { range } => {
                        let spelling = &text[range.clone()];
                        let found = acronyms
                            .get(spelling)
                            .copied()
                            .or_else(|| registry.by_fold.get(&fold(spelling)).and_then(|v| v.first().copied()));
                        (range, found)
                    }
                    Candidate::Handle { range } => {
                        let found = registry.find(article, &text[range.clone()], EntityKind::Person, &local);
                        (range, found)
                    }
                };
                let Some(mut ix) = ix else { continue };
                // "Jaish al Adl (JAA)", "Embassy … (@IraninIslamabad)": the bracket is another spelling.
                if let Some(alias) = bracketed(text, range.end, paragraph.end) {
                    registry.attach(ix, article, alias, None);
                    acronyms.insert(alias.to_string(), ix);
                }
                ix = registry.attach(ix, article, &text[range.clone()], None);
                if text[range.clone()].starts_with('@') {
                    // already attached
                }
                mentions.push(Mention { start: range.start, end: range.end, entity: ix });
                local.retain(|&l| l != ix);
                local.push(ix);
                // A short form refers back to someone named lately; a bounded list keeps each
                // mention's look-up constant in an article naming thousands.
                if local.len() > LOCAL_RECENT {
                    local.remove(0);
                }
            }
        }
    }
    // A surname named before its full name ("Okafor:" in a transcript whose intro comes later is
    // rare, but a handle or a short form in a caption is not).
    let mut unexplained: Vec<Range<usize>> = Vec::new();
    for range in singles {
        if let Some(ix) = resolve_single(registry, article, &text[range.clone()], &local) {
            // The short form is one of the entity's spellings, as in the first pass.
            let ix = registry.attach(ix, article, &text[range.clone()], None);
            mentions.push(Mention { start: range.start, end: range.end, entity: ix });
        } else {
            unexplained.push(range);
        }
    }
    for (range, ix) in given_names_alone(registry, article, text, &unexplained, &ordinary, &local) {
        mentions.push(Mention { start: range.start, end: range.end, entity: ix });
    }
    mentions.sort_by_key(|m| m.start);
    mentions
}

/// A person the article names by a given name alone ("Bob agreed to talk on the condition that his
/// last name not be used"): a common given name no full name explains, written more than once,
/// never in lowercase, and at least once followed by a lowercase word (a verb, most likely: "Bob
/// said") rather than punctuation (a place: "in Austin, Texas").
fn given_names_alone(
    registry: &mut Registry,
    article: usize,
    text: &str,
    unexplained: &[Range<usize>],
    ordinary: &dyn Fn(&str) -> bool,
    local: &[usize],
) -> Vec<(Range<usize>, usize)> {
    let mut by_word: HashMap<&str, Vec<Range<usize>>> = HashMap::new();
    for range in unexplained {
        by_word.entry(&text[range.clone()]).or_default().push(range.clone());
    }
    let mut out = Vec::new();
    let mut words: Vec<&str> = by_word.keys().copied().collect();
    words.sort_unstable();
    for word in words {
        let ranges = &by_word[word];
        let acts = ranges.iter().any(|r| {
            let after = &text[r.end..];
            after.starts_with(' ') && after.trim_start().starts_with(char::is_lowercase)
        });
        if ranges.len() < 2 || !acts || ordinary(word) || gender::of_given_name(word).is_none() {
            continue;
        }
        let ix = registry.join_or_add(article, word, EntityKind::Person, None, local);
        out.extend(ranges.iter().map(|r| (r.clone(), ix)));
    }
    out
}

/// A lone capitalized word: the surname of a person this article named, or the short name of an
/// organization it named ("Skyway" for "Skyway Airlines").
fn resolve_single(registry: &Registry, article: usize, word: &str, local: &[usize]) -> Option<usize> {
    if let Some(ix) = registry.find(article, word, EntityKind::Person, local) {
        return Some(ix);
    }
    let folded = fold(word);
    local.iter().rev().copied().find(|&ix| {
        let entity = &registry.entities[ix];
        matches!(entity.kind, EntityKind::Organization | EntityKind::Group)
            && entity.spellings.iter().any(|s| {
                let p = parts(s);
                p.len() >= 2
                    && p[0] == folded
                    && p[1..].iter().all(|w| lexicon::is_org_head(w) || CORPORATE.contains(&w.as_str()))
            })
    })
}

/// The acronym or handle in brackets right after a name: `(JAA)`, `(@IraninIslamabad)`. Not a
/// dateline's credit: in `LIMA, Peru (AP) —` the bracket names the agency, not Peru.
fn bracketed(text: &str, after: usize, limit: usize) -> Option<&str> {
    let rest = &text[after..limit];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let inner = rest.strip_prefix('(')?;
    let close = inner.find(')')?;
    let alias = &inner[..close];
    let following = inner[close + 1..].trim_start();
    if following.starts_with(['—', '–', '-', '‒']) {
        return None;
    }
    let ok = (alias.starts_with('@') && alias.len() > 2 && alias[1..].chars().all(|c| c.is_alphanumeric() || c == '_'))
        || is_acronym(alias);
    ok.then_some(alias)
}

/// Creates (or finds) the entity a speaker phrase names when no capitalized run did: a lone
/// surname before a reporting verb, or an organization named by a common noun
/// ("the Pakistani foreign ministry").
pub fn speaker_entity(
    registry: &mut Registry,
    article: usize,
    spelling: &str,
    kind: EntityKind,
    local: &[usize],
) -> usize {
    registry.join_or_add(article, spelling, kind, None, local)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Registry, Vec<String>) {
        let mut registry = Registry::default();
        let paras = segment::paragraphs(text);
        let mentions = recognize(&mut registry, 0, text, &paras, &[]);
        let found = mentions.iter().map(|m| registry.entities[m.entity].name.clone()).collect();
        (registry, found)
    }

    #[test]
    fn an_organizations_head_before_its_of_names_it() {
        let (registry, found) = names(
            "According to the Royal College of Nursing, a quarter of nursing posts at the hospital are unfilled.",
        );
        let org = registry.entities.iter().find(|e| e.name == "Royal College of Nursing");
        assert_eq!(org.map(|e| e.kind), Some(EntityKind::Organization), "{found:?}");
    }

    #[test]
    fn the_village_of_a_name_is_a_place() {
        let (registry, found) = names("Ghulam Rasool, a farmer from the village of Khairpur Nathan Shah, spoke.");
        let kind = |name: &str| registry.entities.iter().find(|e| e.name == name).map(|e| e.kind);
        assert_eq!(kind("Khairpur Nathan Shah"), Some(EntityKind::Place), "{found:?}");
        assert_eq!(kind("Ghulam Rasool"), Some(EntityKind::Person), "{found:?}");
    }

    #[test]
    fn headline_verbs_and_role_nouns_are_not_people() {
        let (registry, found) = names(
            "Iranian Foreign Minister Visits Pakistan to Restore Ties. The visit follows a call between the Foreign Ministers of Pakistan and Iran, and Foreign Affairs Minister Ishaq Dar spoke.",
        );
        let person = |name: &str| registry.entities.iter().any(|e| e.name == name && e.kind == EntityKind::Person);
        assert!(
            !person("Visits Pakistan") && !person("Ministers of Pakistan") && !person("Affairs Minister"),
            "{found:?}"
        );
        assert!(person("Ishaq Dar"), "{found:?}");
        assert_eq!(found.iter().filter(|n| *n == "Pakistan").count(), 2, "{found:?}");
    }

    #[test]
    fn a_place_after_of_and_a_role_after_its_body_are_not_part_of_the_name() {
        let (registry, found) =
            names("Chancellor Rosa Diaz of Tulsa met House Speaker Omar Feld and Rabbi Ezra Cohen.");
        assert_eq!(found, ["Rosa Diaz", "Omar Feld", "Ezra Cohen"]);
        assert_eq!(registry.entities[1].note.as_deref(), Some("House Speaker"));
    }

    #[test]
    fn roles_are_stripped_and_kinds_found() {
        let (registry, found) = names(
            "Iran’s Foreign Minister Hossein Amir Abdollahian met the caretaker Prime Minister Anwaarul Haq Kakar in Islamabad and the Ministry of Foreign Affairs said so.",
        );
        assert_eq!(
            found,
            ["Iran", "Hossein Amir Abdollahian", "Anwaarul Haq Kakar", "Islamabad", "Ministry of Foreign Affairs"]
        );
        let hossein = registry.entities.iter().find(|e| e.name == "Hossein Amir Abdollahian").unwrap();
        assert_eq!(hossein.note.as_deref(), Some("Foreign Minister"), "{:?}", registry.entities);
        assert_eq!(registry.entities[4].kind, EntityKind::Organization);
    }

    #[test]
    fn every_spelling_joins_the_full_name() {
        let (registry, found) = names(
            "Hossein Amir Abdollahian arrived. Amir-Abdollahian spoke. Later Abdollahian left. Amirabdollahian said more.",
        );
        assert!(found.iter().all(|n| n == "Hossein Amir Abdollahian"), "{found:?}");
        assert_eq!(registry.entities.len(), 1);
        assert_eq!(registry.entities[0].spellings.len(), 4);
    }

    #[test]
    fn acronyms_and_handles_in_brackets_are_aliases() {
        let (registry, found) =
            names("Strikes hit the Jaish al Adl (JAA) group. JAA denied it. Later Jaish al-Adl said more.");
        // The name, its bracket, the acronym alone, the hyphenated spelling.
        assert_eq!(found, ["Jaish al Adl", "Jaish al Adl", "Jaish al Adl", "Jaish al Adl"]);
        assert!(registry.entities[0].spellings.contains(&"JAA".to_string()));
    }

    #[test]
    fn a_surname_alone_does_not_cross_articles() {
        let mut registry = Registry::default();
        let one = "Anna Kowalski spoke first.";
        recognize(&mut registry, 0, one, &segment::paragraphs(one), &[]);
        let two = "Later Kowalski disagreed with Tom Berg.";
        let mentions = recognize(&mut registry, 1, two, &segment::paragraphs(two), &[]);
        assert!(mentions.iter().all(|m| registry.entities[m.entity].name != "Anna Kowalski"));
        let three = "Anna Kowalski and @AnnaKowalski agree.";
        let mentions = recognize(&mut registry, 2, three, &segment::paragraphs(three), &[]);
        assert!(mentions.iter().all(|m| m.entity == 0), "the full name and a handle spelling it join across articles");
    }

    #[test]
    fn handles_split_on_case_and_tolerate_one_letter() {
        assert_eq!(parts("@JalilJilani"), ["jalil", "jilani"]);
        let (_, found) = names(
            "Jalil Abbas Jilani and Hossein Amir-Abdollahian met. Tweets by @JalilJilani and @Amirabdolahian followed.",
        );
        assert_eq!(
            found,
            ["Jalil Abbas Jilani", "Hossein Amir-Abdollahian", "Jalil Abbas Jilani", "Hossein Amir-Abdollahian"]
        );
    }

    #[test]
    fn a_surname_joins_a_full_name_ending_in_a_generational_suffix() {
        let (registry, found) =
            names("Luther Stan Pate IV paid for it. Later Pate and Joseph Murray Jr. spoke. Murray left.");
        assert_eq!(found, ["Luther Stan Pate IV", "Luther Stan Pate IV", "Joseph Murray Jr", "Joseph Murray Jr"]);
        let pate = registry.entities.iter().find(|e| e.name == "Luther Stan Pate IV").unwrap();
        assert!(pate.spellings.contains(&"Pate".to_string()), "{:?}", pate.spellings);
    }

    #[test]
    fn broadcasters_papers_and_watchdogs_are_organizations() {
        let (registry, found) = names(
            "Pastor Kevin Swanson spoke, Right Wing Watch first reported. Vatican Radio and the Keene Tribune followed.",
        );
        let kind = |name: &str| registry.entities.iter().find(|e| e.name == name).map(|e| e.kind);
        assert_eq!(kind("Right Wing Watch"), Some(EntityKind::Organization), "{found:?}");
        assert_eq!(kind("Vatican Radio"), Some(EntityKind::Organization), "{found:?}");
        assert_eq!(kind("Keene Tribune"), Some(EntityKind::Organization), "{found:?}");
        assert_eq!(kind("Kevin Swanson"), Some(EntityKind::Person), "{found:?}");
    }

    #[test]
    fn a_bodys_name_keeps_its_for_and_a_party_is_no_part_of_a_name() {
        let (registry, found) = names(
            "The Center for Responsive Politics and the Organization for Economic Cooperation and Development \
             wrote to Republican Dana Okafor and to the Department of Justice.",
        );
        assert_eq!(
            found,
            [
                "Center for Responsive Politics",
                "Organization for Economic Cooperation and Development",
                "Dana Okafor",
                "Department of Justice"
            ]
        );
        assert_eq!(registry.entities[0].kind, EntityKind::Organization);
        assert_eq!(registry.entities[2].note.as_deref(), Some("Republican"));
    }

    #[test]
    fn a_short_form_named_before_its_full_name_is_kept_as_a_spelling() {
        let (registry, found) = names("His wife, Jane, spoke first. Later Jane Okafor said more.");
        assert_eq!(found, ["Jane Okafor", "Jane Okafor"]);
        let jane = registry.entities.iter().find(|e| e.name == "Jane Okafor").unwrap();
        assert!(jane.spellings.contains(&"Jane".to_string()), "{:?}", jane.spellings);
    }
}
