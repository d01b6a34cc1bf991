//! Who said what: the attributed statements of one article, found from surface patterns around a
//! reporting verb or a quotation, without a parser.
//!
//! Direct quotes: `“…,” Name said.` / `“…,” said Name, role.` / `Name said: “…”` / `Name: “…”` /
//! `As Name put it, “…”` / a quote over two paragraphs / a second quote of the same speaker in the
//! paragraph. Reported speech: `Name said (that) …` / `…, the ministry said.` / `according to Name` /
//! `Name told Outlet that …` / `Name urged X to …` / `…, saying …` / `Name, who …, added that …`.
//! Speakers are named entities (a person `of the` organization speaks for themselves),
//! organizations named by a common noun or through their spokesperson (`a Treasury spokesperson`),
//! or a pronoun or a description (`the singer, 27, said`) taken as a person named before.
//!
//! What is not a statement is left out: scare quotes and titles (short or Title Case quotes with no
//! attribution of their own), questions, `the said contract`, `it was said that …` (no speaker).

use std::ops::Range;

use crate::store::EntityKind;

use super::dates::{Resolved, Ymd, resolve};
use super::entities::{self, Mention, Registry, fold};
use super::lexicon::{self, Verb};
use super::quotes::Quote;
use super::segment::{self, Token, strip_possessive};

/// One drafted statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub speaker: usize,
    /// The reporting verb as written ("said", "according to").
    pub verb: String,
    /// The statement's own words, verbatim: one range, or one per paragraph of a long quote.
    pub pieces: Vec<Range<usize>>,
    pub date: Option<Resolved>,
    pub confidence: f32,
}

pub struct Article<'a> {
    pub text: &'a str,
    pub index: usize,
    pub published: Option<Ymd>,
    /// Paragraphs with their sentences (quote-aware, datelines cut off).
    pub sentences: &'a [Vec<Range<usize>>],
    pub paragraphs: &'a [Range<usize>],
    pub quotes: &'a [Quote],
    pub mentions: &'a [Mention],
}

struct Speaker {
    entity: usize,
    /// Where the speaker phrase starts, roles and articles included.
    start: usize,
    confidence: f32,
}

const SKIPPED_BEFORE_VERB: &[&str] = &[
    "also",
    "later",
    "has",
    "had",
    "have",
    "then",
    "again",
    "further",
    "previously",
    "repeatedly",
    "separately",
    "publicly",
    "earlier",
    "today",
    "yesterday",
    "once",
    "already",
    "recently",
    "quickly",
    "reportedly",
    "privately",
    "subsequently",
    "now",
    "initially",
    "angrily",
    "firmly",
    "flatly",
];

const NOT_A_SUBJECT: &[&str] = &[
    "the", "a", "an", "this", "that", "was", "were", "is", "are", "be", "been", "being", "it", "said", "who", "which",
    "they", "we", "i", "you",
];

const FINITE: &[&str] = &[
    "is", "was", "were", "are", "am", "had", "has", "have", "would", "will", "could", "can", "should", "must", "may",
    "might", "did", "does", "do", "hit", "struck", "made", "took", "gave", "came", "went", "saw", "found", "kept",
    "left", "lost", "won", "held", "met", "sent", "brought", "built", "began", "fell", "got", "paid", "ran", "knew",
    "became", "felt", "needs", "wants", "plans", "remains", "shall", "won't", "wasn't", "isn't", "didn't", "doesn't",
];

fn word<'t>(text: &'t str, token: &Token) -> &'t str {
    token.text(text)
}

fn lower(text: &str, token: &Token) -> String {
    token.text(text).to_lowercase()
}

impl Article<'_> {
    fn in_quote(&self, at: usize) -> bool {
        self.quotes.iter().any(|q| q.open <= at && at < q.close.max(q.end))
    }

    fn mention_ending(&self, end: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.end == end)
    }

    fn mention_starting(&self, start: usize) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.start == start)
    }

    fn local_before(&self, at: usize) -> Vec<usize> {
        self.mentions.iter().filter(|m| m.start < at).map(|m| m.entity).collect()
    }

    fn last_of_kind_before(
        &self,
        registry: &Registry,
        at: usize,
        accept: impl Fn(&entities::DraftEntity) -> bool,
    ) -> Option<usize> {
        self.mentions.iter().rev().filter(|m| m.end <= at).map(|m| m.entity).find(|&ix| accept(&registry.entities[ix]))
    }
}

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "He" | "She")
}

/// Extends a speaker phrase to the left over roles and articles ("board president Henrik Vaal",
/// "the Environment Agency").
fn phrase_start(text: &str, tokens: &[Token], mut first: usize) -> usize {
    while first > 0 {
        let w = word(text, &tokens[first - 1]);
        let gap = &text[tokens[first - 1].end..tokens[first].start];
        // "the U.S. Geological Survey", "the U.N. envoy": a dotted abbreviation is part of the phrase.
        let dotted = (1..=3).contains(&w.chars().count()) && w.chars().all(char::is_uppercase) && gap.trim() == ".";
        if !gap.trim().is_empty() && !dotted {
            break;
        }
        if dotted
            || lexicon::is_role(w)
            || matches!(w.to_lowercase().as_str(), "the" | "a" | "an")
            || lexicon::demonym(w).is_some()
        {
            first -= 1;
        } else {
            break;
        }
    }
    tokens[first].start
}

fn token_index_at(tokens: &[Token], start: usize) -> Option<usize> {
    tokens.iter().position(|t| t.start == start)
}

/// The speaker phrase ending just before `tokens[verb]`.
fn speaker_before(article: &Article<'_>, registry: &mut Registry, tokens: &[Token], verb: usize) -> Option<Speaker> {
    let text = article.text;
    let mut j = verb.checked_sub(1)?;
    if let Some(speaker) = spokesperson_of(article, registry, tokens, j) {
        return Some(speaker);
    }
    if let Some(speaker) = named_organization_in_apposition(article, registry, tokens, j, verb) {
        return Some(speaker);
    }
    if text[tokens[j].end..tokens[verb].start].trim() == ","
        && let Some(speaker) = speaker_across_relative_clause(article, tokens, j)
    {
        return Some(speaker);
    }
    if let Some(speaker) = described_person(article, registry, tokens, verb) {
        return Some(speaker);
    }
    loop {
        let w = lower(text, &tokens[j]);
        if SKIPPED_BEFORE_VERB.contains(&w.as_str()) {
            j = j.checked_sub(1)?;
        } else if lexicon::WEEKDAYS.contains(&w.as_str()) && j > 0 && lower(text, &tokens[j - 1]) == "on" {
            j = j.checked_sub(2)?;
        } else {
            break;
        }
    }
    // Nothing but spaces (or an appositive's comma) between the phrase and the verb.
    let between = &text[tokens[j].end..tokens[verb].start];
    if between.contains(['.', ';', '“', '”', '"', '«', '»', '(']) || (between.contains(')') && between.trim() != ")")
    {
        return None;
    }
    let w = word(text, &tokens[j]);
    let (stem, possessive) = strip_possessive(w);
    if possessive {
        // "Amirabdollahian’s also announced": a contraction of "has" before the verb.
        let stem_end = tokens[j].start + stem.len();
        let contracted = j + 1 < verb || lexicon::verb(word(text, &tokens[verb])).is_some_and(|v| v.lemma != "say");
        return match article.mention_ending(stem_end) {
            Some(m)
                if contracted
                    && text[tokens[j].end..tokens[verb].start]
                        .split_whitespace()
                        .all(|w| SKIPPED_BEFORE_VERB.contains(&w.to_lowercase().as_str()))
                    && j + 1 < verb =>
            {
                Some(Speaker { entity: m.entity, start: m.start, confidence: 0.7 })
            }
            _ => None,
        };
    }
    if let Some(m) = article.mention_ending(tokens[j].end) {
        if let Some(person) = person_of(article, registry, m) {
            return Some(person);
        }
        let first = token_index_at(tokens, m.start).unwrap_or(j);
        if between.contains(',') {
            return appositive_speaker(article, tokens, first, m);
        }
        return Some(Speaker { entity: m.entity, start: phrase_start(text, tokens, first), confidence: 1.0 });
    }
    // "the National Security Committee (NSC) said": the bracketed acronym is the same speaker.
    let w_prev = word(text, &tokens[j]);
    if between.trim() == ")"
        && let Some(m) = article
            .mention_ending(tokens[j].end)
            .or_else(|| article.mentions.iter().find(|m| m.start == tokens[j].start))
    {
        let _ = w_prev;
        return Some(Speaker { entity: m.entity, start: m.start, confidence: 0.9 });
    }
    if is_pronoun(w) {
        let entity = article.last_of_kind_before(registry, tokens[j].start, |e| e.kind == EntityKind::Person)?;
        return Some(Speaker { entity, start: tokens[j].start, confidence: 0.8 });
    }
    let head = if w.eq_ignore_ascii_case("statement") && j > 0 { j - 1 } else { j };
    if lexicon::is_common_org_head(word(text, &tokens[head]))
        && word(text, &tokens[head]).chars().next().is_some_and(char::is_lowercase)
    {
        return org_phrase(article, registry, tokens, head);
    }
    let capital = stem.chars().next().is_some_and(char::is_uppercase);
    // "Critics said", "Residents say": a plural common noun opening the sentence, not a surname.
    let lower_stem = stem.to_lowercase();
    let plural_noun = ["ers", "ists", "ants", "ents", "ics", "ians", "ors", "ives", "ees", "ves", "ies"]
        .iter()
        .any(|end| lower_stem.ends_with(end));
    let plain = !plural_noun
        && !lexicon::is_not_name(stem)
        && !lexicon::is_role(stem)
        && lexicon::month(stem).is_none()
        && lexicon::demonym(stem).is_none();
    if capital
        && plain
        && stem.chars().count() >= 3
        && !stem.chars().all(char::is_uppercase)
        && j > 0
        && !between.contains(',')
    {
        // A surname alone that no full name in this article explains: a person of that name
        // ("Police said": an organization).
        let local = article.local_before(tokens[j].start);
        let kind = if lexicon::is_common_org_head(stem) || lexicon::is_org_head(stem) {
            EntityKind::Organization
        } else {
            EntityKind::Person
        };
        let entity = entities::speaker_entity(registry, article.index, stem, kind, &local);
        return Some(Speaker { entity, start: tokens[j].start, confidence: 0.7 });
    }
    None
}

/// "The singer, 27, said …", "the minister said …": a person the article named before, by what
/// they do. The person whose name came with that word ("striker Dele Mensah") is preferred; else
/// the last person named. Less sure than a name, so such drafts come early in review.
fn described_person(article: &Article<'_>, registry: &Registry, tokens: &[Token], verb: usize) -> Option<Speaker> {
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
    if !gaps_plain || !lexicon::is_person_noun(word(text, &tokens[noun])) || lower(text, &tokens[determiner]) != "the" {
        return None;
    }
    let before = tokens[determiner].start;
    let described = word(text, &tokens[noun]);
    // Names inside quotation marks are titles and quoted words, not people the text described.
    let people = || {
        article
            .mentions
            .iter()
            .rev()
            .filter(move |m| m.end <= before && !article.in_quote(m.start))
            .filter(|m| registry.entities[m.entity].kind == EntityKind::Person)
    };
    let named_with_it =
        people().find(|m| text[..m.start].split_whitespace().rev().take(3).any(|w| w.eq_ignore_ascii_case(described)));
    let (entity, confidence) = match named_with_it {
        Some(m) => (m.entity, 0.75),
        None => (people().next()?.entity, 0.6),
    };
    Some(Speaker { entity, start: before, confidence })
}

/// "Hernando Tavera of the Geophysical Institute warned": the person named before `of (the)`
/// speaks, not the organization they are of.
fn person_of(article: &Article<'_>, registry: &Registry, org: &Mention) -> Option<Speaker> {
    if registry.entities[org.entity].kind == EntityKind::Person {
        return None;
    }
    let before = article.text[..org.start].trim_end();
    let before = ["the ", "The "].iter().find_map(|the| before.strip_suffix(the.trim_end())).unwrap_or(before);
    let before = before.trim_end().strip_suffix(" of")?.trim_end();
    let person = article.mention_ending(before.len())?;
    (registry.entities[person.entity].kind == EntityKind::Person).then_some(Speaker {
        entity: person.entity,
        start: person.start,
        confidence: 0.85,
    })
}

/// "A Treasury spokesperson said", "a Kremlin spokesman said", "the ministry spokeswoman said":
/// the body the spokesperson speaks for is the speaker.
fn spokesperson_of(article: &Article<'_>, registry: &mut Registry, tokens: &[Token], noun: usize) -> Option<Speaker> {
    let text = article.text;
    if !matches!(lower(text, &tokens[noun]).as_str(), "spokesman" | "spokeswoman" | "spokesperson") || noun == 0 {
        return None;
    }
    let plain = |k: usize| text[tokens[k - 1].end..tokens[k].start].trim().is_empty();
    let last = noun - 1;
    if !plain(noun) {
        return None;
    }
    if let Some(m) = article.mention_ending(tokens[last].end) {
        return Some(Speaker { entity: m.entity, start: m.start, confidence: 0.75 });
    }
    if lexicon::is_common_org_head(word(text, &tokens[last])) {
        return org_phrase(article, registry, tokens, last).map(|s| Speaker { confidence: 0.7, ..s });
    }
    let mut first = last + 1;
    while first > 0 {
        let w = word(text, &tokens[first - 1]);
        let determiner = matches!(w.to_lowercase().as_str(), "a" | "an" | "the");
        if determiner || !w.chars().next().is_some_and(char::is_uppercase) || (first <= last && !plain(first)) {
            break;
        }
        first -= 1;
    }
    if first > last {
        return None;
    }
    let spelling = &text[tokens[first].start..tokens[last].end];
    if lexicon::is_not_name(spelling) || lexicon::is_role(spelling) {
        return None;
    }
    let local = article.local_before(tokens[first].start);
    let entity = entities::speaker_entity(registry, article.index, spelling, EntityKind::Organization, &local);
    Some(Speaker { entity, start: tokens[first].start, confidence: 0.65 })
}

/// "The UN children's agency, Unicef, warned": a name the article has not met, set off by commas
/// right after an organization's common noun, is that organization's name.
fn named_organization_in_apposition(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    name: usize,
    verb: usize,
) -> Option<Speaker> {
    let text = article.text;
    let spelling = word(text, &tokens[name]);
    if name == 0
        || text[tokens[name].end..tokens[verb].start].trim() != ","
        || text[tokens[name - 1].end..tokens[name].start].trim() != ","
        || article.mention_ending(tokens[name].end).is_some()
        || !spelling.chars().next().is_some_and(char::is_uppercase)
        || !lexicon::is_common_org_head(word(text, &tokens[name - 1]))
        || lexicon::is_not_name(spelling)
    {
        return None;
    }
    let local = article.local_before(tokens[name].start);
    let entity = entities::speaker_entity(registry, article.index, spelling, EntityKind::Organization, &local);
    Some(Speaker { entity, start: tokens[name].start, confidence: 0.75 })
}

/// Words a relative clause about the speaker opens with: "Dele Mensah, who scored twice, added".
const RELATIVE_PRONOUNS: &[&str] = &["who", "whose", "which"];

/// The name before a relative clause that ends (with its comma) at token `last`, right before the
/// verb: "Striker Dele Mensah, who scored twice, added that …", "The Red Cross, which runs the
/// camp, said …". The clause must be one plain stretch of words (no other comma, no sentence
/// or quote punctuation), so a list or a quotation is never read as one.
fn speaker_across_relative_clause(article: &Article<'_>, tokens: &[Token], last: usize) -> Option<Speaker> {
    const LONGEST_CLAUSE: usize = 16;
    let text = article.text;
    let mut k = last;
    while k > 0 && last - k < LONGEST_CLAUSE {
        let gap = &text[tokens[k - 1].end..tokens[k].start];
        if gap.contains(['.', ';', ':', '!', '?', '“', '”', '"', '«', '»', '(', ')']) {
            return None;
        }
        if gap.contains(',') {
            if !RELATIVE_PRONOUNS.contains(&lower(text, &tokens[k]).as_str()) || gap.trim() != "," {
                return None;
            }
            // "Harold Finch, 71, who has waited…": an age between the name and the clause.
            let mut named = k - 1;
            if named > 0
                && word(text, &tokens[named]).chars().all(|c| c.is_ascii_digit())
                && text[tokens[named - 1].end..tokens[named].start].trim() == ","
            {
                named -= 1;
            }
            let m = article.mention_ending(tokens[named].end)?;
            let first = token_index_at(tokens, m.start).unwrap_or(named);
            return Some(Speaker { entity: m.entity, start: phrase_start(text, tokens, first), confidence: 0.8 });
        }
        k -= 1;
    }
    None
}

/// A name followed by a comma before the verb sits in an appositive: "Margaret Oyelaran, said"
/// after "The council leader," (the name speaks), or "Sarah Lindqvist, chief executive of Helix
/// Robotics, said" (the person before the role speaks, not the company in it).
fn appositive_speaker(article: &Article<'_>, tokens: &[Token], first: usize, m: &Mention) -> Option<Speaker> {
    let text = article.text;
    let opening = text[..m.start].rfind(',')?;
    let role = text[opening + 1..m.start].trim();
    // "The hospital's chief executive, Dr Anil Mehra, said": a title is part of the name.
    if role.is_empty() || role.split_whitespace().all(lexicon::is_honorific) {
        return Some(Speaker { entity: m.entity, start: m.start, confidence: 0.95 });
    }
    let role_like = role.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().next().is_some_and(char::is_lowercase)
            || lexicon::is_role(w)
            || lexicon::demonym(w).is_some()
            || w.is_empty()
    });
    if !role_like {
        return None;
    }
    let before = text[..opening].trim_end();
    let named = article.mentions.iter().find(|n| n.end == before.len())?;
    let _ = (tokens, first);
    Some(Speaker { entity: named.entity, start: named.start, confidence: 0.9 })
}

/// An organization named by a common noun ending at `tokens[head]`: "the Pakistani foreign
/// ministry", "Chile's foreign ministry", "the transport ministry", or "the agency" for the agency
/// named before.
fn org_phrase(article: &Article<'_>, registry: &mut Registry, tokens: &[Token], head: usize) -> Option<Speaker> {
    let text = article.text;
    let mut first = head;
    let mut possessor: Option<&Mention> = None;
    while first > 0 && head - first < 3 {
        let prev = &tokens[first - 1];
        if !text[prev.end..tokens[first].start].trim().is_empty() {
            break;
        }
        let w = word(text, prev);
        let (_, possessive) = strip_possessive(w);
        if possessive {
            possessor = Some(article.mentions.iter().find(|m| m.start == prev.start)?);
            first -= 1;
            break;
        }
        let l = w.to_lowercase();
        if matches!(l.as_str(), "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this")
            || lexicon::verb(w).is_some()
        {
            break;
        }
        if w.chars().next().is_some_and(char::is_uppercase) && lexicon::demonym(w).is_none() {
            break;
        }
        first -= 1;
    }
    if let Some(p) = possessor
        && registry.entities[p.entity].kind == EntityKind::Person
    {
        // "Quintero's office": the person's staff, not a body of its own; left to the reviewer.
        return None;
    }
    let start = tokens[first].start;
    let head_word = lower(text, &tokens[head]);
    if first == head {
        // "the agency", "the company": the organization this article named last.
        let generic = matches!(head_word.as_str(), "company" | "firm" | "airline" | "group" | "band" | "label");
        let entity = article.last_of_kind_before(registry, start, |e| {
            matches!(e.kind, EntityKind::Organization | EntityKind::Group)
                && (generic || e.spellings.iter().any(|s| fold(s).contains(&head_word)))
        })?;
        return Some(Speaker { entity, start: phrase_start(text, tokens, first), confidence: 0.8 });
    }
    let spelling = &text[start..tokens[head].end];
    let local = article.local_before(start);
    let entity = entities::speaker_entity(registry, article.index, spelling, EntityKind::Organization, &local);
    Some(Speaker { entity, start: phrase_start(text, tokens, first), confidence: 0.85 })
}

/// The speaker phrase right after `tokens[verb]` (`said Name, role`, `said the ministry`).
fn speaker_after(article: &Article<'_>, registry: &mut Registry, tokens: &[Token], verb: usize) -> Option<Speaker> {
    let text = article.text;
    let mut k = verb + 1;
    while k < tokens.len() && k - verb <= 4 {
        let t = &tokens[k];
        if let Some(m) = article.mention_starting(t.start) {
            return Some(Speaker { entity: m.entity, start: t.start, confidence: 1.0 });
        }
        let w = word(text, t);
        if is_pronoun(w) && k == verb + 1 {
            let entity = article.last_of_kind_before(registry, t.start, |e| e.kind == EntityKind::Person)?;
            return Some(Speaker { entity, start: t.start, confidence: 0.8 });
        }
        if lexicon::is_common_org_head(w) && w.chars().next().is_some_and(char::is_lowercase) {
            return org_phrase(article, registry, tokens, k);
        }
        let l = w.to_lowercase();
        if !(lexicon::is_role(w) || matches!(l.as_str(), "the" | "a" | "an") || lexicon::demonym(w).is_some()) {
            return None;
        }
        k += 1;
    }
    None
}

/// A quotation that reads as a statement rather than a scare quote, a title or a question.
fn statement_like(text: &str, quote: &str, before: &str, attributed_right_after: bool) -> bool {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let trimmed = quote.trim_end_matches([',', ' ']);
    let question = trimmed.ends_with('?') && !trimmed[..trimmed.len() - 1].contains(['.', '!', '?']);
    if question || words.is_empty() {
        return false;
    }
    let before_lower = before.to_lowercase();
    let cue = [
        "titled", "entitled", "called", "dubbed", "named", "report", "song", "album", "book", "film", "hashtag",
        "slogan", "headline", "term", "phrase", "word",
    ];
    let last_words: Vec<&str> =
        before_lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).rev().take(3).collect();
    if last_words.iter().any(|w| cue.contains(w)) && !attributed_right_after {
        return false;
    }
    let alphabetic: Vec<&&str> = words.iter().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    let capitals = alphabetic.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    let title_case =
        alphabetic.len() >= 2 && capitals * 4 >= alphabetic.len() * 3 && !trimmed.ends_with(['.', '!', '?']);
    if title_case && !attributed_right_after {
        return false;
    }
    let _ = text;
    words.len() >= 4 || (attributed_right_after && (quote.trim_end().ends_with([',', '.', '!', '?'])))
}

fn sentence_of(sentences: &[Vec<Range<usize>>], at: usize) -> Option<Range<usize>> {
    sentences.iter().flatten().find(|s| s.start <= at && at < s.end).cloned()
}

fn trim_passage(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let body = slice
        .trim_start()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '—' | '–'));
    range.start + lead..range.start + lead + body.len()
}

/// Every statement in the article.
pub fn find(article: &Article<'_>, registry: &mut Registry) -> Vec<Found> {
    let mut found = Vec::new();
    let mut used_verbs: Vec<usize> = Vec::new();
    direct_quotes(article, registry, &mut found, &mut used_verbs);
    embedded_posts(article, registry, &mut found);
    for (p, sentences) in article.sentences.iter().enumerate() {
        let _ = p;
        for sentence in sentences {
            reported(article, registry, sentence.clone(), &mut found, &used_verbs);
        }
    }
    found.sort_by_key(|f| f.pieces[0].start);
    found
}

fn direct_quotes(article: &Article<'_>, registry: &mut Registry, found: &mut Vec<Found>, used_verbs: &mut Vec<usize>) {
    let text = article.text;
    let quotes = article.quotes;
    let mut last_direct: Option<(usize, usize, String, usize)> = None; // paragraph, speaker, verb, end
    let mut i = 0;
    while i < quotes.len() {
        let head = &quotes[i];
        let mut last_ix = i;
        while quotes[last_ix].continues && last_ix + 1 < quotes.len() {
            last_ix += 1;
        }
        let chain: Vec<&Quote> = quotes[i..=last_ix].iter().collect();
        i = last_ix + 1;
        if head.continued {
            continue;
        }
        let last = chain[chain.len() - 1];
        let (Some(head_sentence), Some(last_sentence)) =
            (sentence_of(article.sentences, head.open), sentence_of(article.sentences, last.open))
        else {
            continue;
        };
        let paragraph = article.paragraphs.iter().position(|p| p.start <= last.open && last.open < p.end).unwrap_or(0);
        let content: String = chain.iter().map(|q| &text[q.start..q.end]).collect::<Vec<_>>().join(" ");
        let mut attribution: Option<(Speaker, String, f32, Range<usize>)> = None;
        // After the closing mark: `,” Name said` / `,” said Name` / `,” she said`.
        if last.closed {
            let after = last.close..last_sentence.end;
            let gap_ok = text[after.clone()]
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'));
            let tokens = segment::tokens(text, after.clone());
            let starts_right = tokens.first().is_some_and(|t| {
                text[after.start..t.start]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'))
                    .is_empty()
            });
            if starts_right && !gap_ok.is_empty() {
                for k in 0..tokens.len().min(8) {
                    let Some(verb) = lexicon::verb(word(text, &tokens[k])) else { continue };
                    if verb.lemma == "put" {
                        break;
                    }
                    let speaker = if k == 0 {
                        speaker_after(article, registry, &tokens, 0)
                    } else {
                        speaker_before(article, registry, &tokens, k).filter(|s| {
                            s.start == tokens[0].start
                                || text[tokens[0].start..s.start].split_whitespace().all(|w| {
                                    lexicon::is_role(w.trim_matches(','))
                                        || matches!(w.to_lowercase().as_str(), "the" | "a")
                                })
                        })
                    };
                    if let Some(speaker) = speaker {
                        used_verbs.push(tokens[k].start);
                        attribution = Some((speaker, word(text, &tokens[k]).to_string(), verb.strength, after.clone()));
                    }
                    break;
                }
            }
        }
        // Before the opening mark: `Name said: “…”`, `Name: “…”`, `As Name put it, “…”`.
        if attribution.is_none() {
            let before = head_sentence.start..head.open;
            let tokens = segment::tokens(text, before.clone());
            let gap = tokens.last().map_or("", |t| text[t.end..head.open].trim());
            if let Some(last_token) = tokens.last() {
                if gap == ":"
                    && let Some(m) = article.mention_ending(last_token.end)
                {
                    let first = token_index_at(&tokens, m.start).unwrap_or(0);
                    if phrase_start(text, &tokens, first) == tokens[0].start {
                        attribution = Some((
                            Speaker { entity: m.entity, start: m.start, confidence: 0.9 },
                            "said".into(),
                            0.9,
                            before.clone(),
                        ));
                    }
                }
                if attribution.is_none() {
                    for k in (0..tokens.len()).rev().take(7) {
                        let Some(verb) = lexicon::verb(word(text, &tokens[k])) else { continue };
                        let after_verb: Vec<String> = tokens[k + 1..].iter().map(|t| lower(text, t)).collect();
                        let ok = if verb.lemma == "put" {
                            after_verb == ["it"] && k >= 2 && tokens[..k].iter().any(|t| lower(text, t) == "as")
                        } else {
                            after_verb.is_empty()
                                || after_verb == ["that"]
                                || (gap.ends_with([':', ',']) && after_verb.len() <= 6 && verb.lemma != "accuse")
                        };
                        if ok
                            && !NOT_A_SUBJECT.contains(&lower(text, &tokens[k.saturating_sub(1)]).as_str())
                            && let Some(speaker) = speaker_before(article, registry, &tokens, k)
                        {
                            used_verbs.push(tokens[k].start);
                            attribution =
                                Some((speaker, word(text, &tokens[k]).to_string(), verb.strength, before.clone()));
                        }
                        break;
                    }
                }
            }
        }
        let before_text = &text[head_sentence.start..head.open];
        let attributed = attribution.is_some();
        if !statement_like(text, &content, before_text, attributed) {
            continue;
        }
        // A further quote of the speaker just quoted: `“…,” she said. “…”`.
        if attribution.is_none()
            && head_sentence.start == head.open
            && text[last.close..last_sentence.end].trim().trim_matches(['.', ',']).is_empty()
            && let Some((para, speaker, ref verb, _)) = last_direct
            && para == paragraph
        {
            attribution = Some((
                Speaker { entity: speaker, start: head.open, confidence: 0.75 },
                verb.clone(),
                0.9,
                head.open..head.open,
            ));
        }
        let Some((speaker, verb, strength, around)) = attribution else { continue };
        let pieces: Vec<Range<usize>> =
            chain.iter().map(|q| trim_passage(text, q.start..q.end)).filter(|r| !r.is_empty()).collect();
        if pieces.is_empty() {
            continue;
        }
        let date = resolve(&text[around.clone()], article.published);
        last_direct = Some((paragraph, speaker.entity, verb.clone(), last.close));
        found.push(Found {
            speaker: speaker.entity,
            verb,
            pieces,
            date,
            confidence: round(0.95 * speaker.confidence * strength),
        });
    }
}

/// An embedded post as scraped copy keeps it: the post's text, then a line
/// `— Name (@handle) January 22, 2024`.
fn embedded_posts(article: &Article<'_>, registry: &mut Registry, found: &mut Vec<Found>) {
    let text = article.text;
    for (n, paragraph) in article.paragraphs.iter().enumerate().skip(1) {
        let line = &text[paragraph.clone()];
        let Some(rest) = line.strip_prefix(['—', '–', '-']) else { continue };
        let Some(open) = rest.find("(@") else { continue };
        let Some(close) = rest[open..].find(')') else { continue };
        let handle_start = paragraph.start + (line.len() - rest.len()) + open + 1;
        let handle = &text[handle_start..paragraph.start + (line.len() - rest.len()) + open + close];
        let Some(date) = super::dates::explicit(&rest[open + close..], None) else { continue };
        let name_end = handle_start - 1;
        let named =
            article.mentions.iter().rev().find(|m| m.start >= paragraph.start && m.end <= name_end).map(|m| m.entity);
        let by_handle = article.mentions.iter().find(|m| m.start == handle_start).map(|m| m.entity);
        let speaker = match named.or(by_handle) {
            Some(entity) => entity,
            None => {
                // "— Spokesperson 🇵🇰 MoFA (@ForeignOfficePk)": the last word before the handle.
                let words = segment::tokens(text, paragraph.start..name_end);
                let Some(last) = words.last().filter(|t| word(text, t).chars().next().is_some_and(char::is_uppercase))
                else {
                    continue;
                };
                let local = article.local_before(paragraph.start);
                let entity = entities::speaker_entity(
                    registry,
                    article.index,
                    word(text, last),
                    EntityKind::Organization,
                    &local,
                );
                registry.attach(entity, article.index, handle, None);
                entity
            }
        };
        let post = trim_passage(text, article.paragraphs[n - 1].clone());
        if post.is_empty() || found.iter().any(|f| f.pieces.iter().any(|p| p.start < post.end && post.start < p.end)) {
            continue;
        }
        found.push(Found {
            speaker,
            verb: "tweeted".into(),
            pieces: vec![post],
            date: Some(Resolved::Day(date)),
            confidence: 0.8,
        });
    }
}

fn round(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// Adverbials between a verb and what was said: "on Monday", "in a statement", "to reporters".
fn skip_adverbials(text: &str, tokens: &[Token], mut p: usize) -> usize {
    loop {
        let w = |i: usize| tokens.get(i).map(|t| lower(text, t)).unwrap_or_default();
        let here = w(p);
        if here == "on" && lexicon::WEEKDAYS.contains(&w(p + 1).as_str()) {
            p += 2;
            if matches!(w(p).as_str(), "morning" | "evening" | "night" | "afternoon") {
                p += 1;
            }
        } else if matches!(
            here.as_str(),
            "yesterday" | "today" | "also" | "later" | "again" | "repeatedly" | "earlier" | "tonight"
        ) {
            p += 1;
        } else if here == "last" && matches!(w(p + 1).as_str(), "week" | "month" | "year" | "night") {
            p += 2;
        } else if matches!(here.as_str(), "in" | "at" | "during")
            && matches!(w(p + 1).as_str(), "a" | "an" | "its" | "the")
        {
            let noun = w(p + 2);
            let more = if matches!(w(p + 3).as_str(), "statement" | "conference" | "briefing" | "interview" | "release")
            {
                1
            } else {
                0
            };
            let noun = if more == 1 { w(p + 3) } else { noun };
            if matches!(
                noun.as_str(),
                "statement"
                    | "interview"
                    | "letter"
                    | "post"
                    | "conference"
                    | "briefing"
                    | "release"
                    | "speech"
                    | "tweet"
                    | "video"
                    | "message"
            ) {
                p += 3 + more;
            } else {
                return p;
            }
        } else if matches!(here.as_str(), "on" | "to")
            && matches!(
                w(p + 1).as_str(),
                "twitter" | "x" | "reporters" | "journalists" | "facebook" | "television" | "radio"
            )
        {
            p += 2;
        } else {
            return p;
        }
    }
}

fn clause_like(text: &str, tokens: &[Token], verb: &Verb, that: bool) -> bool {
    if tokens.len() < 3 {
        return false;
    }
    if that {
        return true;
    }
    if verb.strength < 0.65 {
        // "recalled its ambassador", "posted a photo": speech only with a that-clause.
        return false;
    }
    let words: Vec<String> = tokens.iter().take(12).map(|t| lower(text, t)).collect();
    let finite = words.iter().skip(1).any(|w| FINITE.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")));
    match verb.lemma {
        "urge" | "pledge" | "vow" | "promise" | "announce" => words.iter().take(6).any(|w| w == "to") || finite,
        "accuse" => words.iter().take(6).any(|w| w == "of"),
        "deny" | "post" => false,
        lemma if lexicon::takes_noun_phrase(lemma) => words.len() >= 4,
        _ => finite,
    }
}

/// Where reported speech stops: the next clause with its own subject, or the sentence end.
fn clause_end(text: &str, start: usize, end: usize) -> usize {
    let slice = &text[start..end];
    let stops = [", while ", ", whereas ", "; ", ", but ", ", according to", ", saying", ", adding", " — "];
    let cut = stops.iter().filter_map(|s| slice.find(s)).min().unwrap_or(slice.len());
    start + cut
}

fn reported(
    article: &Article<'_>,
    registry: &mut Registry,
    sentence: Range<usize>,
    found: &mut Vec<Found>,
    used_verbs: &[usize],
) {
    let text = article.text;
    let tokens = segment::tokens(text, sentence.clone());
    let overlaps_found = |found: &Vec<Found>, r: &Range<usize>| {
        found.iter().any(|f| f.pieces.iter().any(|p| p.start < r.end && r.start < p.end))
    };
    for v in 0..tokens.len() {
        let t = tokens[v];
        let w = word(text, &t);
        if article.in_quote(t.start) || used_verbs.contains(&t.start) {
            continue;
        }
        if w.eq_ignore_ascii_case("according") && tokens.get(v + 1).is_some_and(|n| lower(text, n) == "to") {
            according_to(article, registry, &tokens, v, sentence.clone(), found);
            continue;
        }
        let Some(verb) = lexicon::verb(w) else { continue };
        if verb.lemma == "put" || v == 0 {
            continue;
        }
        let prev = lower(text, &tokens[v - 1]);
        if NOT_A_SUBJECT.contains(&prev.as_str()) {
            continue;
        }
        let participle = w.ends_with("ing");
        let speaker = if participle && !text[tokens[v - 1].end..t.start].contains(',') {
            // "with Iran acknowledging that …": the name right before speaks.
            article.mention_ending(tokens[v - 1].end).map(|m| Speaker {
                entity: m.entity,
                start: m.start,
                confidence: 0.75,
            })
        } else if participle {
            // ", saying …": the sentence's subject speaks.
            article
                .mentions
                .iter()
                .find(|m| m.start >= sentence.start && m.start < t.start)
                .filter(|m| {
                    let first = token_index_at(&tokens, m.start).unwrap_or(0);
                    phrase_start(text, &tokens, first) == sentence.start
                })
                .map(|m| Speaker { entity: m.entity, start: m.start, confidence: 0.8 })
        } else {
            speaker_before(article, registry, &tokens, v)
        };
        let Some(speaker) = speaker else { continue };
        let mut p = skip_adverbials(text, &tokens, v + 1);
        let gap_after = tokens.get(p).map_or(&text[t.end..sentence.end], |n| &text[tokens[p - 1].end..n.start]);
        // "…, the ministry said (in a statement)." — the statement comes first.
        let trailing = p >= tokens.len() || gap_after.contains(',');
        if trailing && !participle {
            let before = &text[sentence.start..speaker.start];
            let Some(comma) = before.trim_end().strip_suffix(',').map(|b| sentence.start + b.len()) else { continue };
            if matches!(verb.lemma, "accuse" | "urge" | "deny" | "post") {
                continue;
            }
            let content = trim_passage(text, sentence.start..comma);
            let content_tokens = segment::tokens(text, content.clone());
            if content_tokens.len() < 4
                || overlaps_found(found, &content)
                || article.in_quote(content.start) && !article.in_quote(content.end.saturating_sub(1))
            {
                continue;
            }
            let date = resolve(&text[speaker.start..sentence.end], article.published);
            found.push(Found {
                speaker: speaker.entity,
                verb: w.to_string(),
                pieces: vec![content],
                date,
                confidence: round(0.85 * speaker.confidence * verb.strength),
            });
            continue;
        }
        if p >= tokens.len() {
            continue;
        }
        let mut that = false;
        if verb.lemma == "tell" {
            // "told the BBC that …": past the listener to `that`.
            let Some(k) = (p..tokens.len().min(p + 6)).find(|&k| lower(text, &tokens[k]) == "that") else { continue };
            p = k + 1;
            that = true;
        } else if lower(text, &tokens[p]) == "that" {
            p += 1;
            that = true;
        } else if matches!(verb.lemma, "warn")
            && let Some(k) = (p..tokens.len().min(p + 4)).find(|&k| lower(text, &tokens[k]) == "that")
        {
            p = k + 1;
            that = true;
        }
        if p >= tokens.len() {
            continue;
        }
        let start = if article.in_quote(tokens[p].start) {
            // "said “…”" with the quote itself taken by the quotation pass.
            article
                .quotes
                .iter()
                .find(|q| q.start <= tokens[p].start && tokens[p].start < q.end)
                .map_or(tokens[p].start, |q| q.open)
        } else {
            tokens[p].start
        };
        let end = clause_end(text, start, sentence.end);
        let content = trim_passage(text, start..end);
        let content_tokens = segment::tokens(text, content.clone());
        if content.is_empty() || !clause_like(text, &content_tokens, &verb, that) || overlaps_found(found, &content) {
            continue;
        }
        let around = sentence.start..content.start;
        let date = resolve(&text[around], article.published);
        let confidence = if that { 0.85 } else { 0.75 };
        found.push(Found {
            speaker: speaker.entity,
            verb: w.to_string(),
            pieces: vec![content],
            date,
            confidence: round(confidence * speaker.confidence * verb.strength),
        });
    }
}

fn according_to(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    v: usize,
    sentence: Range<usize>,
    found: &mut Vec<Found>,
) {
    let text = article.text;
    // The source: the last name in the phrase after "according to" ("Pakistan’s Ministry of
    // Foreign Affairs" is the ministry).
    let phrase_end =
        text[tokens[v + 1].end..sentence.end].find([',', '.', ';']).map_or(sentence.end, |i| tokens[v + 1].end + i);
    let named: Vec<&Mention> =
        article.mentions.iter().filter(|m| m.start > tokens[v + 1].end && m.end <= phrase_end).collect();
    let speaker = match named.last() {
        Some(m) if text[m.end..].starts_with(['’', '\'']) => None,
        Some(m) => Some(m.entity),
        None => {
            let Some(head) = tokens.iter().rposition(|t| t.end <= phrase_end && t.start > tokens[v + 1].end) else {
                return;
            };
            org_phrase(article, registry, tokens, head).map(|s| s.entity)
        }
    };
    let Some(speaker) = speaker else { return };
    let content = if tokens[v].start == sentence.start {
        let after = phrase_end + 1;
        if after >= sentence.end {
            return;
        }
        trim_passage(text, after..sentence.end)
    } else {
        let before = text[sentence.start..tokens[v].start].trim_end();
        let Some(before) = before.strip_suffix(',') else { return };
        trim_passage(text, sentence.start..sentence.start + before.len())
    };
    if segment::tokens(text, content.clone()).len() < 4
        || found.iter().any(|f| f.pieces.iter().any(|p| p.start < content.end && content.start < p.end))
    {
        return;
    }
    let date = resolve(&text[tokens[v].start..phrase_end], article.published);
    found.push(Found { speaker, verb: "according to".into(), pieces: vec![content], date, confidence: 0.75 });
}
