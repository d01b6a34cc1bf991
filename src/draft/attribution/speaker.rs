//! Who speaks: the speaker phrase before or after a reporting verb — a name, a name set off by
//! an appositive or a relative clause, an organization named by a common noun or through its
//! spokesperson, a pronoun or a description taken as someone named before.

use crate::store::EntityKind;

use super::super::entities::{self, Mention, Registry, fold};
use super::super::lexicon;
use super::super::segment::{Token, strip_possessive};
use super::*;

/// Extends a speaker phrase to the left over roles and articles ("board president Henrik Vaal",
/// "the Environment Agency").
pub(super) fn phrase_start(text: &str, tokens: &[Token], mut first: usize) -> usize {
    while first > 0 {
        let w = word(text, &tokens[first - 1]);
        let gap = &text[tokens[first - 1].end..tokens[first].start];
        // "the U.S. Geological Survey", "the U.N. envoy": a dotted abbreviation is part of the phrase.
        // "Ms. Gedney", "Sen. Crane": an honorific's full stop too.
        let dotted = ((1..=3).contains(&w.chars().count()) && w.chars().all(char::is_uppercase)
            || lexicon::is_abbreviated_title(w))
            && gap.trim() == ".";
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

pub(super) fn token_index_at(tokens: &[Token], start: usize) -> Option<usize> {
    let at = tokens.partition_point(|t| t.start < start);
    tokens.get(at).is_some_and(|t| t.start == start).then_some(at)
}

/// The speaker phrase ending just before `tokens[verb]`.
pub(super) fn speaker_before(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    verb: usize,
) -> Option<Speaker> {
    let text = article.text;
    let mut j = verb.checked_sub(1)?;
    if let Some(speaker) = sentence_opening_speaker(article, registry, tokens, verb) {
        return Some(speaker);
    }
    // "Rosette Pambakian, a Tinder spokeswoman, said": the name speaks, not the body named in
    // the description after it.
    if matches!(text[tokens[j].end..tokens[verb].start].trim(), "," | ".,")
        && let Some(speaker) = speaker_across_appositive(article, registry, tokens, j)
    {
        return Some(speaker);
    }
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
    if matches!(text[tokens[j].end..tokens[verb].start].trim(), "," | ".,")
        && let Some(speaker) = speaker_across_appositive(article, registry, tokens, j)
    {
        return Some(speaker);
    }
    if let Some(speaker) = speaker_before_bracket(article, tokens, j, verb) {
        return Some(speaker);
    }
    if let Some(speaker) = super::described::described_person(article, registry, tokens, verb) {
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
        if let Some(first) = article.first_conjunct(registry, m) {
            return Some(Speaker { entity: first.entity, start: first.start, confidence: 0.85 });
        }
        return Some(Speaker { entity: m.entity, start: phrase_start(text, tokens, first), confidence: 1.0 });
    }
    // "the National Security Committee (NSC) said": the bracketed acronym is the same speaker.
    let w_prev = word(text, &tokens[j]);
    if between.trim() == ")"
        && let Some(m) = article.mention_ending(tokens[j].end).or_else(|| article.mention_starting(tokens[j].start))
    {
        let _ = w_prev;
        return Some(Speaker { entity: m.entity, start: m.start, confidence: 0.9 });
    }
    if is_pronoun(w) {
        let entity = article.pronoun_speaker(registry, tokens[j].start, w)?;
        return Some(Speaker { entity, start: tokens[j].start, confidence: 0.8 });
    }
    let head = if w.eq_ignore_ascii_case("statement") && j > 0 { j - 1 } else { j };
    if lexicon::is_common_org_head(word(text, &tokens[head]))
        && word(text, &tokens[head]).chars().next().is_some_and(char::is_lowercase)
    {
        return org_phrase(article, registry, tokens, head);
    }
    let capital = stem.chars().next().is_some_and(char::is_uppercase);
    // "Jake Sherman of Politico wrote", "… of CNN said": a body the article names nowhere else;
    // the person of it speaks.
    if capital
        && !between.contains(',')
        && let Some(person) = person_of_at(article, registry, tokens[j].start)
    {
        return Some(person);
    }
    // "Critics said", "Residents say": a plural common noun opening the sentence, not a surname.
    let lower_stem = stem.to_lowercase();
    let plural_noun = ["ers", "ists", "ants", "ents", "ics", "ians", "ors", "ives", "ees", "ves", "ies", "ions"]
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
        && (j > 0 || !article.is_ordinary(stem))
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

/// "Matthew Okafor, chief executive of Brightline, a Denver company, said", "Tom Reyes, who lost
/// the 2008 race to Ann Bell -- said": the name that opens the sentence, then a description set
/// off by commas or dashes up to the verb, however many names it holds: the name speaks.
fn sentence_opening_speaker(
    article: &Article<'_>,
    registry: &Registry,
    tokens: &[Token],
    verb: usize,
) -> Option<Speaker> {
    const LONGEST: usize = 40;
    let text = article.text;
    let last = verb.checked_sub(1)?;
    if !matches!(text[tokens[last].end..tokens[verb].start].trim(), "," | ".," | "--" | "—" | "–" | "-") {
        return None;
    }
    let sentence = article.sentence_of(tokens[verb].start)?;
    let first = tokens.partition_point(|t| t.start < sentence.start);
    // "“…,” Harry Bond, 30, of Raleigh, who was polled, said": after a quotation opening the
    // sentence, the name opens the attribution.
    let opening = text.get(sentence.start..tokens[first].start)?;
    let after_quotation = article.quote_at(sentence.start).is_some_and(|q| {
        q.closed && text.get(q.close..tokens[first].start).is_some_and(|g| g.trim().trim_matches(',').is_empty())
    });
    if first >= last || last - first > LONGEST || !(opening.trim().is_empty() || after_quotation) {
        return None;
    }
    let m = article.mentions_within(tokens[first].start..tokens[last].end).first()?;
    let at = token_index_at(tokens, m.start)?;
    // Only roles and determiners before the name, or a short description and a dash ("A former
    // candidate -- Tom Reyes, …").
    let opening = text[tokens[first].start..phrase_start(text, tokens, at)].trim_end();
    let introduced = opening.is_empty()
        || (opening.ends_with(['—', '–']) || opening.ends_with("--")) && opening.split_whitespace().count() <= 7;
    if !introduced
        || !matches!(
            registry.entities[m.entity].kind,
            EntityKind::Person | EntityKind::Organization | EntityKind::Group
        )
    {
        return None;
    }
    let after = text[m.end..].trim_start();
    if !(after.starts_with([',', '(', '—', '–']) || after.starts_with("--")) {
        return None;
    }
    let between = &text[m.end..tokens[last].end];
    if between.contains([';', ':', '“', '”', '"', '!', '?']) || between.contains("''") {
        return None;
    }
    let described = tokens[at..last].iter().all(|t| {
        let w = lower(text, t);
        // "Name, noting the size of the list, said": a participle describes; a verb of saying
        // in another form would be a cue of its own.
        !(matches!(w.as_str(), "he" | "she" | "they" | "it" | "we" | "i")
            || lexicon::verb(&w).is_some_and(|v| v.strength >= 0.65) && !w.ends_with("ing"))
    });
    described.then_some(Speaker {
        entity: m.entity,
        start: m.start.min(phrase_start(text, tokens, at)),
        confidence: 0.8,
    })
}

/// "Hernando Tavera of the Geophysical Institute warned": the person named before `of (the)`
/// speaks, not the organization they are of.
pub(super) fn person_of(article: &Article<'_>, registry: &Registry, org: &Mention) -> Option<Speaker> {
    if registry.entities[org.entity].kind == EntityKind::Person {
        return None;
    }
    person_of_at(article, registry, org.start)
}

/// The person named right before `of (the)` and the body's name that starts at `body`: "Jake
/// Sherman of Politico", whether or not the article names the body elsewhere.
fn person_of_at(article: &Article<'_>, registry: &Registry, body: usize) -> Option<Speaker> {
    let before = article.text[..body].trim_end();
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

/// "Jonathan Eyal, an analyst at the institute, said", "Mitch McConnell, R-Ky., said", "Robert
/// McDuff, attorney for one of the groups, said": a name, then a description set off by commas
/// right before the verb. The description holds no verb of saying and no new subject.
fn speaker_across_appositive(
    article: &Article<'_>,
    registry: &Registry,
    tokens: &[Token],
    last: usize,
) -> Option<Speaker> {
    const LONGEST: usize = 14;
    let text = article.text;
    let mut k = last;
    while k > 0 && last - k < LONGEST {
        let gap = &text[tokens[k - 1].end..tokens[k].start];
        if gap.contains(['.', ';', ':', '!', '?', '“', '”', '"', '«', '»']) && gap.trim() != "." {
            return None;
        }
        let w = lower(text, &tokens[k]);
        if lexicon::verb(&w).is_some() || matches!(w.as_str(), "he" | "she" | "they" | "it" | "we" | "i") {
            return None;
        }
        if gap.contains(',') {
            // "One pastor backing Ms. Reyes, Darran Whitby of Liberty Church in Marion, said": the
            // person of the body between the commas speaks, not the name before them.
            if let Some(of) = article.mention_starting(tokens[k].start)
                && registry.entities[of.entity].kind == EntityKind::Person
                && article.text[of.end..].starts_with(" of ")
                && gap.trim() == ","
            {
                return Some(Speaker { entity: of.entity, start: of.start, confidence: 0.85 });
            }
            let m = article.mention_ending(tokens[k - 1].end)?;
            if !matches!(gap.trim(), "," | ".,") {
                return None;
            }
            let first = token_index_at(tokens, m.start).unwrap_or(k - 1);
            return Some(Speaker { entity: m.entity, start: phrase_start(text, tokens, first), confidence: 0.85 });
        }
        k -= 1;
    }
    None
}

/// "Gov. John Kasich (R-OH), said": a bracket between the name and the verb.
fn speaker_before_bracket(article: &Article<'_>, tokens: &[Token], last: usize, verb: usize) -> Option<Speaker> {
    let text = article.text;
    // "(R-Ky.) said": the abbreviation's full stop sits inside the bracket.
    let between = text[tokens[last].end..tokens[verb].start].trim();
    if !matches!(between.strip_prefix('.').unwrap_or(between), ")," | ")") {
        return None;
    }
    let open = text[window_before(text, 0, tokens[last].end)..tokens[last].end].rfind('(')?
        + window_before(text, 0, tokens[last].end);
    let m = article.mention_ending(text[..open].trim_end().len())?;
    let first = token_index_at(tokens, m.start)?;
    Some(Speaker { entity: m.entity, start: phrase_start(text, tokens, first), confidence: 0.9 })
}

/// The subject opening the sentence whose words are `tokens`, for a verb that has none of its own:
/// `Name praised … and said …`, `Name compared himself to X, saying …`. An opening adverbial set
/// off by a comma ("On Monday, Name …") is passed over.
pub(super) fn sentence_subject(article: &Article<'_>, registry: &Registry, tokens: &[Token]) -> Option<Speaker> {
    let text = article.text;
    // "“…,” Name said, adding, “…”": the clause starts after the quotation that opens it.
    let unquoted = tokens.iter().position(|t| !article.in_quote(t.start)).unwrap_or(tokens.len());
    let tokens = &tokens[unquoted..];
    if let Some(speaker) = subject_at(article, registry, tokens, 0) {
        return Some(speaker);
    }
    let comma = (1..tokens.len().min(6)).find(|&k| text[tokens[k - 1].end..tokens[k].start].trim() == ",")?;
    subject_at(article, registry, tokens, comma)
}

fn subject_at(article: &Article<'_>, registry: &Registry, tokens: &[Token], first: usize) -> Option<Speaker> {
    let text = article.text;
    let w = word(text, tokens.get(first)?);
    if is_pronoun(w) {
        let entity = article.pronoun_speaker(registry, tokens[first].start, w)?;
        return Some(Speaker { entity, start: tokens[first].start, confidence: 0.75 });
    }
    let m = article.mentions_within(tokens[first].start..tokens.last()?.end).first()?;
    let at = token_index_at(tokens, m.start)?;
    // "Former Pennsylvania governor Ed Rendell praised …, calling": the person after the place.
    let person = person_after_owner(article, registry, m, true).unwrap_or(m);
    (phrase_start(text, tokens, at) == tokens[first].start && !text[m.end..].starts_with(['’', '\'']))
        .then_some(Speaker { entity: person.entity, start: m.start, confidence: 0.8 })
}

/// The person named right after `owner` with only a description between them, whose role the
/// owner says: "Latino Decisions researcher Sylvia Manzano", "Clinton spokesman Nick Merrill"
/// after a verb of saying. Where nothing says the words are a description (`subject`: the name
/// opens a clause, and "Graham called both Trump" is not one), every word between must be a
/// role: "Pennsylvania governor Ed Rendell", "Communications Office Secretary Martin Andanar".
fn person_after_owner<'a>(
    article: &'a Article<'_>,
    registry: &Registry,
    owner: &Mention,
    subject: bool,
) -> Option<&'a Mention> {
    let text = article.text;
    let p = article.mentions_within(owner.end..window_after(text, owner.end, text.len())).first()?;
    let mut words = text[owner.end..p.start].split_whitespace();
    let described = if subject {
        words.clone().next().is_some() && words.all(|w| lexicon::is_role(w) || lexicon::is_person_noun(w))
    } else {
        words.any(|w| w.starts_with(char::is_lowercase))
    };
    (registry.entities[p.entity].kind == EntityKind::Person
        && described
        && article.describes_speaker(owner.end, p.start))
    .then_some(p)
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
    let from = window_before(text, 0, m.start);
    let opening = from + text[from..m.start].rfind(',')?;
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
    let named = article.mention_ending(before.len())?;
    let _ = (tokens, first);
    Some(Speaker { entity: named.entity, start: named.start, confidence: 0.9 })
}

/// An organization named by a common noun ending at `tokens[head]`: "the Pakistani foreign
/// ministry", "Chile's foreign ministry", "the transport ministry", or "the agency" for the agency
/// named before.
pub(super) fn org_phrase(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    head: usize,
) -> Option<Speaker> {
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
            // "Sanders’ campaign", "Bernie Sanders's campaign": the name may start words before.
            let stem_end = prev.start + strip_possessive(w).0.len();
            possessor = Some(article.mention_starting(prev.start).or_else(|| article.mention_ending(stem_end))?);
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
    let head_word = lower(text, &tokens[head]);
    // "Rubio’s campaign", "the Cruz campaign": a candidate's campaign speaks for the candidate.
    let campaign = head_word == "campaign";
    if let Some(p) = possessor
        && registry.entities[p.entity].kind == EntityKind::Person
    {
        // "Quintero's office": the person's staff, not a body of its own; left to the reviewer.
        return campaign.then(|| Speaker {
            entity: p.entity,
            start: p.start.min(tokens[first].start),
            confidence: 0.7,
        });
    }
    if campaign
        && first == head
        && head > 0
        && text[tokens[head - 1].end..tokens[head].start].trim().is_empty()
        && let Some(m) = article.mention_ending(tokens[head - 1].end)
        && registry.entities[m.entity].kind == EntityKind::Person
        && !article.in_quote(m.start)
    {
        return Some(Speaker {
            entity: m.entity,
            start: phrase_start(text, tokens, head - 1).min(m.start),
            confidence: 0.7,
        });
    }
    let start = tokens[first].start;
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
    // "the budget office" after "the Congressional Budget Office": the body named in full before,
    // whose name ends with these words.
    let words = entities::parts(spelling);
    let named = article.last_of_kind_before(registry, start, |e| {
        matches!(e.kind, EntityKind::Organization | EntityKind::Group)
            && e.spellings.iter().any(|s| {
                let full = entities::parts(s);
                full.len() > words.len() && full.ends_with(&words)
            })
    });
    let entity = named.unwrap_or_else(|| {
        let local = article.local_before(start);
        entities::speaker_entity(registry, article.index, spelling, EntityKind::Organization, &local)
    });
    Some(Speaker { entity, start: phrase_start(text, tokens, first), confidence: 0.85 })
}

/// The speaker phrase right after `tokens[verb]` (`said Name, role`, `said the ministry`).
pub(super) fn speaker_after(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    verb: usize,
) -> Option<Speaker> {
    let text = article.text;
    let mut k = verb + 1;
    while k < tokens.len() && k - verb <= 6 {
        let t = &tokens[k];
        if let Some(m) = article.mention_starting(t.start) {
            // "said Florida's Rick Wilson": the place or body owning the name is not the speaker.
            let owner = text[m.end..].starts_with(['’', '\''])
                && tokens.get(k + 1).is_some_and(|n| article.mention_starting(n.start).is_some());
            if !owner {
                // "said Latino Decisions researcher Sylvia Manzano", "said Clinton spokesman Nick
                // Merrill": the first name says whose the role is; the person after it speaks.
                return Some(match person_after_owner(article, registry, m, false) {
                    Some(p) => Speaker { entity: p.entity, start: t.start, confidence: 0.9 },
                    None => Speaker { entity: m.entity, start: t.start, confidence: 1.0 },
                });
            }
            // The owner is passed over: the name after it speaks.
            k = tokens.partition_point(|t| t.start < m.end);
            continue;
        }
        let w = word(text, t);
        // "said Florida’s Rick Wilson" where the owner is no entity the article names.
        if strip_possessive(w).1
            && w.chars().next().is_some_and(char::is_uppercase)
            && tokens.get(k + 1).is_some_and(|n| article.mention_starting(n.start).is_some())
        {
            k += 1;
            continue;
        }
        if is_pronoun(w) && k == verb + 1 {
            let entity = article.pronoun_speaker(registry, t.start, w)?;
            return Some(Speaker { entity, start: t.start, confidence: 0.8 });
        }
        if lexicon::is_common_org_head(w) && w.chars().next().is_some_and(char::is_lowercase) {
            return org_phrase(article, registry, tokens, k);
        }
        let l = w.to_lowercase();
        // "said conservative activist Tom Brandt", "said undecided voter Mara Quist": a few plain
        // words describing the person, right before the name, no punctuation between them.
        let describing = text[tokens[k - 1].end..t.start].trim().is_empty() && is_describing_word(w);
        if !(lexicon::is_role(w)
            || matches!(l.as_str(), "the" | "a" | "an")
            || lexicon::demonym(w).is_some()
            || describing)
        {
            return None;
        }
        k += 1;
    }
    None
}

/// A plain word that can describe the person named after it ("conservative activist", "L2
/// president", "portfolio manager"): no verb of saying, no word that starts a clause or a phrase
/// of its own.
pub(super) fn is_describing_word(w: &str) -> bool {
    !DESCRIPTION_STOPS.contains(&w.to_lowercase().as_str())
        && lexicon::verb(w).is_none()
        && w.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// Words that end a description before a name: what follows them is not the speaker's name.
const DESCRIPTION_STOPS: &[&str] = &[
    "in", "on", "at", "of", "to", "for", "with", "by", "from", "and", "or", "but", "that", "who", "which", "when",
    "after", "before", "during", "as", "it", "this", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "its", "is", "was", "are", "were", "not", "about", "than", "then", "there",
];
