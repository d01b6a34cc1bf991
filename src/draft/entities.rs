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

use std::collections::HashMap;
use std::ops::Range;

use crate::store::EntityKind;

use super::lexicon;
use super::segment::{self, Token, strip_possessive};

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

/// Every entity of the draft, across articles.
#[derive(Debug, Default)]
pub struct Registry {
    pub entities: Vec<DraftEntity>,
    by_fold: HashMap<String, Vec<usize>>,
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

const CORPORATE: &[&str] = &["ltd", "inc", "plc", "llc", "corp", "gmbh", "sa", "ag", "co", "limited"];

fn without_corporate(folded_parts: &[String]) -> String {
    let mut parts = folded_parts.to_vec();
    while parts.len() > 1 && parts.last().is_some_and(|p| CORPORATE.contains(&p.as_str())) {
        parts.pop();
    }
    parts.concat()
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
                if let Some(last) = spelling_parts.last() {
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
                let full = parts(s);
                (1..full.len()).any(|k| full[k..].concat() == folded)
            })
        };
        // Spells at least two parts of a full name: evidence enough across articles.
        let spans_two = |ix: usize| {
            self.entities[ix].spellings.iter().any(|s| {
                let full = parts(s);
                (0..full.len().saturating_sub(1)).any(|k| full[k..].len() >= 2 && full[k..].concat() == folded)
            })
        };
        let given_and_surname = |ix: usize| {
            my_parts.len() >= 2
                && self.entities[ix].spellings.iter().any(|s| {
                    let full = fold(s);
                    full.len() > folded.len()
                        && full.starts_with(&my_parts[0])
                        && full.ends_with(my_parts.last().map_or("", String::as_str))
                })
        };
        let local_persons: Vec<usize> = local.iter().rev().copied().filter(persons).collect();
        if let Some(ix) = local_persons.iter().copied().find(|&ix| suffix_of(ix) || given_and_surname(ix)) {
            return Some(ix);
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

/// What a run of capitalized words turned out to be.
#[derive(Debug, Clone, PartialEq)]
enum Candidate {
    Named {
        range: Range<usize>,
        kind: EntityKind,
        role: Option<String>,
    },
    /// One capitalized word that may be a surname or a short company name.
    Single {
        range: Range<usize>,
    },
    Acronym {
        range: Range<usize>,
    },
    Handle {
        range: Range<usize>,
    },
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && word.chars().all(char::is_alphanumeric)
}

/// A heading or headline in Title Case: its capitals do not mark names.
pub fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> =
        text.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    if words.len() < 3 {
        return !text.trim_end().ends_with(['.', '”', '"', '»']);
    }
    let caps = words.iter().filter(|w| is_capitalized(w)).count();
    caps * 10 >= words.len() * 7 && !text.trim_end().ends_with('.')
}

/// The candidates of a name read after a role: a lone word or a person is that person, with the role.
fn as_person_with_role(candidates: Vec<Candidate>, role: String) -> Vec<Candidate> {
    candidates
        .into_iter()
        .map(|candidate| match candidate {
            Candidate::Single { range } | Candidate::Named { range, kind: EntityKind::Person, role: None } => {
                Candidate::Named { range, kind: EntityKind::Person, role: Some(role.clone()) }
            }
            other => other,
        })
        .collect()
}

/// `ordinary` says whether a capitalized word is one the article also writes in lowercase (an
/// ordinary word capitalized by a headline, not part of a name).
fn classify(text: &str, run: &[Token], preceded_by_the: bool, ordinary: &dyn Fn(&str) -> bool) -> Vec<Candidate> {
    let word = |t: &Token| strip_possessive(t.text(text)).0;
    let mut first = 0;
    while first < run.len()
        && !lexicon::is_role(word(&run[first]))
        && (lexicon::is_not_name(word(&run[first])) || lexicon::is_name_connector(word(&run[first])))
    {
        // "The European Commission": the article is not part of the name, but says it is a thing.
        first += 1;
    }
    let mut run = &run[first..];
    // "Dennis Prager Tells …", "Trump Says …": a headline's verb of saying ends the name before it.
    // Only verbs no name ends with: not "States", "Reports", "Notes", "Claims", "Posts".
    while run.len() > 1
        && word(&run[run.len() - 1]).ends_with('s')
        && lexicon::verb(&word(&run[run.len() - 1]).to_lowercase()).is_some_and(|v| {
            matches!(
                v.lemma,
                "say" | "tell" | "write" | "warn" | "insist" | "admit" | "vow" | "urge" | "deny" | "argue"
            )
        })
    {
        run = &run[..run.len() - 1];
    }
    if run.is_empty() {
        return Vec::new();
    }
    let range = run[0].start..run[run.len() - 1].start + word(&run[run.len() - 1]).len();
    let words: Vec<&str> = run.iter().map(word).collect();
    if run.len() == 1 {
        let w = words[0];
        if w.starts_with('@') {
            return vec![Candidate::Handle { range }];
        }
        let folded = w.to_lowercase();
        if lexicon::is_country(&folded) {
            return vec![Candidate::Named { range, kind: EntityKind::Country, role: None }];
        }
        if lexicon::is_place(&folded) {
            return vec![Candidate::Named { range, kind: EntityKind::Place, role: None }];
        }
        if lexicon::is_group_word(w) && !matches!(folded.as_str(), "front" | "liberation") {
            return vec![Candidate::Named { range, kind: EntityKind::Group, role: None }];
        }
        if is_acronym(w) {
            return vec![Candidate::Acronym { range }];
        }
        if lexicon::is_role(w) || lexicon::demonym(w).is_some() {
            return Vec::new();
        }
        return vec![Candidate::Single { range }];
    }
    let full = text[range.clone()].to_lowercase();
    if lexicon::is_country(&full) {
        return vec![Candidate::Named { range, kind: EntityKind::Country, role: None }];
    }
    if lexicon::is_place(&full) {
        return vec![Candidate::Named { range, kind: EntityKind::Place, role: None }];
    }
    if words.iter().any(|w| lexicon::is_group_word(w)) {
        return vec![Candidate::Named { range, kind: EntityKind::Group, role: None }];
    }
    let last = words[words.len() - 1];
    if lexicon::is_org_head(last) || head_before_of(&words) {
        return vec![Candidate::Named { range, kind: EntityKind::Organization, role: None }];
    }
    if lexicon::is_place_head(last) {
        return vec![Candidate::Named { range, kind: EntityKind::Place, role: None }];
    }
    // Titles and roles in front: "Foreign Minister", "Italian Finance Minister", "Ms".
    let roles = words
        .iter()
        .enumerate()
        .take_while(|(i, w)| {
            lexicon::is_role(w) || lexicon::demonym(w).is_some() || *i == 0 && lexicon::is_profession(w)
        })
        .count();
    let rest = &run[roles..];
    if rest.is_empty() {
        return Vec::new();
    }
    if word(&rest[0]) == "of" {
        // "Foreign Minister of the Islamic Republic of Iran": a role, then what it is of.
        let mut skip = 1;
        while skip < rest.len() && lexicon::is_not_name(word(&rest[skip])) {
            skip += 1;
        }
        return classify(text, &rest[skip..], false, ordinary);
    }
    let rest_words = &words[roles..];
    // "South Carolina Gov. Jim Hodges", "Navy Capt. Jeff Davis": what comes before a title written
    // short says where or what the person serves; the name starts after the title.
    if let Some(title) =
        rest_words.iter().position(|w| lexicon::is_abbreviated_title(w)).filter(|&t| t >= 1 && t + 1 < rest_words.len())
    {
        let role = words[..roles + title + 1].join(" ");
        return as_person_with_role(classify(text, &rest[title + 1..], false, ordinary), role);
    }
    // "Ministers of Pakistan", "Affairs Minister": a role noun inside is not part of a person's
    // name; what the role is of may still be named after it.
    if let Some(noun) = rest_words.iter().position(|w| lexicon::is_person_noun(w.strip_suffix('s').unwrap_or(w))) {
        return match rest_words.get(noun + 1) {
            Some(&"of") => {
                let mut skip = noun + 2;
                while skip < rest.len() && lexicon::is_not_name(word(&rest[skip])) {
                    skip += 1;
                }
                classify(text, &rest[skip..], false, ordinary)
            }
            Some(_) => {
                // "Foreign Affairs Minister Ishaq Dar": the words up to the noun were a role.
                let role = words[..roles + noun + 1].join(" ");
                as_person_with_role(classify(text, &rest[noun + 1..], false, ordinary), role)
            }
            None => Vec::new(),
        };
    }
    // "Foreign Minister Visits Pakistan": after a role, a headline's verb is no first name.
    if roles > 0 && ordinary(rest_words[0]) {
        return classify(text, &rest[1..], false, ordinary);
    }
    if rest_words
        .iter()
        .any(|w| lexicon::month(w).is_some() && w.len() >= 3 || lexicon::WEEKDAYS.contains(&w.to_lowercase().as_str()))
    {
        return Vec::new();
    }
    let range = rest[0].start..range.end;
    let role = (roles > 0).then(|| words[..roles].join(" "));
    if rest.len() == 1 {
        return if roles > 0 {
            vec![Candidate::Named { range, kind: EntityKind::Person, role }]
        } else {
            vec![Candidate::Single { range }]
        };
    }
    if preceded_by_the && roles == 0 {
        // People take no article: "the Daily Beacon", "the High Court".
        return vec![Candidate::Named { range, kind: EntityKind::Organization, role: None }];
    }
    // "Angela Merkel of Germany", "Rosa Diaz of Tulsa": a person's name, then where they are
    // from (an organization's "of" was read above, by its head word). The place keeps the kind
    // the article gives it elsewhere: it is not named here.
    if let Some(of) = rest_words.iter().position(|w| *w == "of").filter(|&p| p >= 2 && rest_words.len() - p <= 3) {
        let person = rest[0].start..rest[of - 1].start + word(&rest[of - 1]).len();
        return vec![Candidate::Named { range: person, kind: EntityKind::Person, role }];
    }
    // "House Speaker Paul Ryan", "Rabbi Ezra Cohen": a role after words saying what it is of,
    // then a name of two words or more.
    if let Some(title) = rest_words
        .iter()
        .rposition(|w| lexicon::is_role(w))
        .filter(|&t| rest_words.len() - t > 2 && rest_words[t + 1..].iter().all(|w| !lexicon::is_org_head(w)))
    {
        let role = words[..roles + title + 1].join(" ");
        return as_person_with_role(classify(text, &rest[title + 1..], false, ordinary), role);
    }
    vec![Candidate::Named { range, kind: EntityKind::Person, role }]
}

/// Runs of capitalized words (with the small words names carry inside) in one paragraph.
fn runs(text: &str, tokens: &[Token]) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    let gap_ok =
        |a: &Token, b: &Token| text[a.end..b.start].chars().all(|c| c == ' ' || c == '\u{a0}') && b.start > a.end;
    while i < tokens.len() {
        let w = tokens[i].text(text);
        if !(is_capitalized(w) || w.starts_with('@')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < tokens.len()
            && (gap_ok(&tokens[end - 1], &tokens[end]) || dotted_gap(text, &tokens[end - 1], &tokens[end]))
            && !strip_possessive(tokens[end - 1].text(text)).1
        {
            let next = tokens[end].text(text);
            let joined_connector = next
                .split_once('-')
                .is_some_and(|(head, tail)| lexicon::is_name_connector(head) && is_capitalized(tail));
            if is_capitalized(next) || joined_connector {
                // "Jaish al-Adl", "Abdel Fattah el-Sisi"
                end += 1;
            } else if lexicon::is_name_connector(next)
                && end + 1 < tokens.len()
                && gap_ok(&tokens[end], &tokens[end + 1])
                && is_capitalized(tokens[end + 1].text(text))
            {
                end += 2;
            } else {
                break;
            }
        }
        let before_the =
            start > 0 && tokens[start - 1].text(text).eq_ignore_ascii_case("the") || tokens[start].text(text) == "The";
        out.push((start..end, before_the));
        i = end;
    }
    out
}

/// "Mark S. Mellman", "J. J. Price", "Mr. Hof", "Sen. Lindsey Graham": a full stop after an
/// initial or an abbreviated title belongs to the name, so the run goes on over it. Without this
/// the name is cut at the stop ("Mark S") and "Mr. Hof" is a surname no full name explains.
fn dotted_gap(text: &str, before: &Token, after: &Token) -> bool {
    let gap = &text[before.end..after.start];
    let Some(spaces) = gap.strip_prefix('.') else { return false };
    let word = before.text(text);
    // Not the last letter of a dotted abbreviation: "the U.S. Geological Survey" is no name of a
    // person "S. Geological Survey".
    let initial =
        word.chars().count() == 1 && word.chars().all(char::is_uppercase) && !text[..before.start].ends_with('.');
    !spaces.is_empty()
        && spaces.chars().all(|c| c == ' ' || c == '\u{a0}')
        && is_capitalized(after.text(text))
        && (initial || lexicon::is_abbreviated_title(word))
}

/// Finds the entities named in one article and joins them into `registry`. `skip` are byte ranges
/// (headlines, bylines) whose capitals say nothing.
/// How many distinct entities, most recently named, a short form is compared with.
const LOCAL_RECENT: usize = 256;

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
    for range in singles {
        if let Some(ix) = resolve_single(registry, article, &text[range.clone()], &local) {
            mentions.push(Mention { start: range.start, end: range.end, entity: ix });
        }
    }
    mentions.sort_by_key(|m| m.start);
    mentions
}

/// Whether `before` ends in "the village of", "the town of"…: what follows names a place.
fn after_place_noun(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let (Some(of), Some(noun)) = (words.next(), words.next()) else { return false };
    of == "of"
        && matches!(
            noun.to_lowercase().as_str(),
            "village" | "town" | "city" | "district" | "province" | "region" | "county" | "state" | "island" | "port"
        )
}

fn has_head(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.last().is_some_and(|w| lexicon::is_org_head(w))
        || words.first().is_some_and(|w| lexicon::is_org_head(w))
        || head_before_of(&words)
}

/// "Ministry of Foreign Affairs", "Royal College of Nursing", "Bank of England": an
/// organization's head word before its "of".
fn head_before_of(words: &[&str]) -> bool {
    words.windows(2).any(|pair| pair[1] == "of" && lexicon::is_org_head(pair[0]))
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
}
