//! A person named before and referred to by what they do: "the singer, 27, said", "the senator
//! said" after "Sen. Ron Weller". The person named with that role is the one a reader takes.

use crate::store::EntityKind;

use super::super::entities::Registry;
use super::super::lexicon;
use super::super::segment::Token;
use super::*;

/// Titles written short before a name, and the role each stands for.
const SHORT_TITLES: &[(&str, &str)] = &[
    ("sen", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("pres", "president"),
    ("gen", "general"),
    ("atty", "attorney"),
    ("sec", "secretary"),
    ("capt", "captain"),
    ("col", "colonel"),
    ("lt", "lieutenant"),
    ("sgt", "sergeant"),
    ("supt", "superintendent"),
];

/// Roles that one noun names together: "the lawmaker" is the senator or the representative.
const LAWMAKERS: &[&str] = &[
    "lawmaker",
    "legislator",
    "senator",
    "representative",
    "congressman",
    "congresswoman",
    "assemblyman",
    "assemblywoman",
    "delegate",
];

/// The role a word before a name stands for: "Sen." → senator, "Senator" → senator.
fn role_of(word: &str) -> String {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    SHORT_TITLES.iter().find(|(short, _)| *short == bare).map_or(bare, |(_, role)| role.to_string())
}

/// Whether the role `written` before a name is what `described` calls that person.
fn same_role(described: &str, written: &str) -> bool {
    let (described, written) = (described.to_lowercase(), role_of(written));
    described == written || LAWMAKERS.contains(&described.as_str()) && LAWMAKERS.contains(&written.as_str())
}

/// A noun that names one person by what they do ("the singer", "the congressman").
fn is_described(noun: &str) -> bool {
    lexicon::is_person_noun(noun) || LAWMAKERS.contains(&noun.to_lowercase().as_str())
}

/// "The singer, 27, said …", "the minister said …": a person the article named before, by what
/// they do. The person whose name came with that word is preferred ("striker Dele Mensah", "Sen.
/// Ron Weller" for "the senator", a role the entity was recorded with); else the last person
/// named. Less sure than a name, so such drafts come early in review.
pub(super) fn described_person(
    article: &Article<'_>,
    registry: &Registry,
    tokens: &[Token],
    verb: usize,
) -> Option<Speaker> {
    let text = article.text;
    let mut noun = verb.checked_sub(1)?;
    // An age between commas: "The singer, 27, said".
    if noun >= 2
        && text[tokens[noun].end..tokens[verb].start].trim() == ","
        && text[tokens[noun - 1].end..tokens[noun].start].trim() == ","
        && word(text, &tokens[noun]).chars().all(|c| c.is_ascii_digit())
    {
        noun -= 1;
    }
    let determiner = noun.checked_sub(1)?;
    let gaps_plain = text[tokens[determiner].end..tokens[noun].start].trim().is_empty()
        && matches!(text[tokens[noun].end..tokens[noun + 1].start].trim(), "" | ",");
    if !gaps_plain || !is_described(word(text, &tokens[noun])) || lower(text, &tokens[determiner]) != "the" {
        return None;
    }
    let before = tokens[determiner].start;
    let described = word(text, &tokens[noun]);
    // Names inside quotation marks are titles and quoted words, not people the text described.
    let people = || {
        article
            .recent_before(before)
            .iter()
            .rev()
            .filter(move |m| m.end <= before && !article.in_quote(m.start))
            .filter(|m| registry.entities[m.entity].kind == EntityKind::Person)
    };
    let noted = |entity: usize| {
        registry.entities[entity]
            .note
            .as_deref()
            .is_some_and(|note| note.split_whitespace().any(|w| same_role(described, w)))
    };
    let named_with_it = people().find(|m| {
        text[window_before(text, 0, m.start)..m.start].split_whitespace().rev().take(3).any(|w| same_role(described, w))
            || noted(m.entity)
    });
    let (entity, confidence) = match named_with_it {
        Some(m) => (m.entity, 0.75),
        None => (people().next()?.entity, 0.6),
    };
    Some(Speaker { entity, start: before, confidence })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_and_lawmakers_name_the_same_role() {
        assert!(same_role("senator", "Sen."));
        assert!(same_role("governor", "Gov."));
        assert!(same_role("lawmaker", "Rep."));
        assert!(same_role("congressman", "Rep."));
        assert!(same_role("Senator", "senator"));
        assert!(!same_role("senator", "Gov."));
        assert!(!same_role("mayor", "Rep."));
    }
}
