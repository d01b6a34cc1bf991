//! Where a name starts and ends in a run of capitalized words, and what kind of entity it names:
//! titles and roles stripped, a headline's verb cut off, an organization told by its head word.

use std::ops::Range;

use crate::store::EntityKind;

use super::super::lexicon;
use super::super::segment::{Token, strip_possessive};

/// What a run of capitalized words turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Candidate {
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

pub(super) fn is_acronym(word: &str) -> bool {
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
pub(super) fn classify(
    text: &str,
    run: &[Token],
    preceded_by_the: bool,
    ordinary: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
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
    if lexicon::is_org_head(last) || is_media_head(last) || head_before_of(&words) {
        return vec![Candidate::Named { range, kind: EntityKind::Organization, role: None }];
    }
    if lexicon::is_place_head(last) {
        return vec![Candidate::Named { range, kind: EntityKind::Place, role: None }];
    }
    // Titles and roles in front: "Foreign Minister", "Italian Finance Minister", "Ms".
    let roles = words
        .iter()
        .enumerate()
        .take_while(|(i, w)| lexicon::is_role(w) || lexicon::demonym(w).is_some() || *i == 0 && is_affiliation(w))
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

/// A word before a name saying what the person does or stands for, not part of the name: a
/// profession ("Seismologist"), or a party ("Republican Donald Trump", "Democrat Ann Bell"). A
/// party's own name ends in a head word ("Republican National Committee") and is read before.
fn is_affiliation(word: &str) -> bool {
    const PARTIES: &[&str] = &["republican", "democrat", "democratic", "gop", "libertarian", "tory", "labour"];
    lexicon::is_profession(word) || PARTIES.contains(&word.to_lowercase().as_str())
}

/// Runs of capitalized words (with the small words names carry inside) in one paragraph.
pub(super) fn runs(text: &str, tokens: &[Token]) -> Vec<(Range<usize>, bool)> {
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
        // Inside "Organization for Economic Cooperation and Development", `and` joins words of one name.
        let mut org_for = false;
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
            } else if (lexicon::is_name_connector(next)
                || is_org_for(tokens[end - 1].text(text), next)
                || org_for && next == "and")
                && end + 1 < tokens.len()
                && gap_ok(&tokens[end], &tokens[end + 1])
                && is_capitalized(tokens[end + 1].text(text))
            {
                org_for |= is_org_for(tokens[end - 1].text(text), next);
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

/// Whether `before` ends in "the village of", "the town of"…: what follows names a place.
pub(super) fn after_place_noun(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let (Some(of), Some(noun)) = (words.next(), words.next()) else { return false };
    of == "of"
        && matches!(
            noun.to_lowercase().as_str(),
            "village" | "town" | "city" | "district" | "province" | "region" | "county" | "state" | "island" | "port"
        )
}

/// The last word of a newspaper's, broadcaster's or watchdog's name ("Vatican Radio", "the
/// Clarion-Ledger Tribune", "Right Wing Watch"): an organization, never a person's surname here.
const MEDIA_HEADS: &[&str] = &[
    "radio",
    "watch",
    "magazine",
    "journal",
    "television",
    "tv",
    "tribune",
    "gazette",
    "herald",
    "daily",
    "weekly",
    "examiner",
    "inquirer",
    "chronicle",
    "courier",
    "dispatch",
    "observer",
    "monitor",
    "beacon",
];

fn is_media_head(word: &str) -> bool {
    MEDIA_HEADS.iter().any(|head| head.eq_ignore_ascii_case(word))
}

pub(super) fn has_head(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.last().is_some_and(|w| lexicon::is_org_head(w) || is_media_head(w))
        || words.first().is_some_and(|w| lexicon::is_org_head(w))
        || head_before_of(&words)
}

/// "Ministry of Foreign Affairs", "Royal College of Nursing", "Bank of England": an
/// organization's head word before its "of".
fn head_before_of(words: &[&str]) -> bool {
    words.windows(2).any(|pair| (pair[1] == "of" || is_org_for(pair[0], pair[1])) && lexicon::is_org_head(pair[0]))
}

/// "Center for Responsive Politics", "Committee for a Responsible Federal Budget": `for` after an
/// organization's head word is inside its name, not between two names.
fn is_org_for(head: &str, next: &str) -> bool {
    next == "for" && lexicon::is_org_head(head)
}
