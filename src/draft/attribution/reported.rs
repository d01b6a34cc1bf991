//! Reported speech: `Name said (that) …`, `…, the ministry said.`, `Name told Outlet that …`,
//! `…, saying …`, and `according to Name`.

use std::ops::Range;

use super::super::dates::resolve;
use super::super::entities::{Mention, Registry};
use super::super::lexicon::{self, Verb};
use super::super::segment::{self, Token};
use super::speaker::{is_describing_word, org_phrase, person_of, sentence_subject, speaker_after, speaker_before};
use super::*;
use crate::store::EntityKind;

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
/// A run with no stop in its first `WINDOW` bytes is cut there: no reported clause is that long, and
/// the bound keeps each verb's look constant in an unpunctuated megabyte.
pub(super) fn clause_end(text: &str, start: usize, end: usize) -> usize {
    let slice = &text[start..window_after(text, start, end)];
    // Not ", but": "said he had received offers, but “the offers were …”" reports one statement.
    let stops = [", while ", ", whereas ", "; ", ", according to", ", saying", ", adding", " — "];
    let cut = stops.iter().filter_map(|s| slice.find(s)).min().unwrap_or(end - start);
    // ",” claiming that …", ", insisting …": a participle of saying after a comma reports a
    // statement of its own.
    let participle = slice.match_indices(',').map(|(at, _)| at).find(|&at| {
        let rest = slice[at + 1..].trim_start_matches(['”', '"', '’', '\'']);
        rest.starts_with(' ')
            && rest.split_whitespace().next().is_some_and(|w| w.ends_with("ing") && lexicon::verb(w).is_some())
    });
    start + participle.map_or(cut, |at| cut.min(at))
}

pub(super) fn reported(article: &Article<'_>, registry: &mut Registry, sentence: Range<usize>, taken: &mut Taken) {
    let text = article.text;
    let tokens = segment::tokens(text, sentence.clone());
    for v in 0..tokens.len() {
        let t = tokens[v];
        let w = word(text, &t);
        if article.in_quote(t.start) || taken.verbs.contains(&t.start) {
            continue;
        }
        if w.eq_ignore_ascii_case("according") && tokens.get(v + 1).is_some_and(|n| lower(text, n) == "to") {
            according_to(article, registry, &tokens, v, sentence.clone(), taken);
            continue;
        }
        let Some(verb) = lexicon::verb(w) else { continue };
        // "the United States": a capital inside the sentence is a name.
        if verb.lemma == "put" || v == 0 || w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        if let Some(found) = inverted(article, registry, &tokens, v, &verb, sentence.clone(), taken) {
            taken.verbs.insert(t.start);
            taken.push(found);
            continue;
        }
        let prev = lower(text, &tokens[v - 1]);
        // "Name is insisting that …", "Name was telling reporters that …": a progressive is the
        // finite verb, its subject before the auxiliary.
        let progressive = w.ends_with("ing")
            && matches!(prev.as_str(), "is" | "are" | "was" | "were")
            && v >= 2
            && !NOT_A_SUBJECT.contains(&lower(text, &tokens[v - 2]).as_str())
            && text[tokens[v - 1].end..t.start].trim().is_empty();
        if NOT_A_SUBJECT.contains(&prev.as_str()) && !progressive {
            continue;
        }
        let participle = w.ends_with("ing") && !progressive;
        let speaker = if progressive {
            speaker_before(article, registry, &tokens, v - 1)
        } else if participle && !text[tokens[v - 1].end..t.start].contains(',') {
            // "with Iran acknowledging that …": the name right before speaks.
            article.mention_ending(tokens[v - 1].end).map(|m| {
                let m = article.first_conjunct(registry, m).unwrap_or(m);
                Speaker { entity: m.entity, start: m.start, confidence: 0.75 }
            })
        } else if participle || prev == "and" {
            // ", saying …", "praised … and said …": the sentence's subject speaks.
            sentence_subject(article, registry, &tokens[..v])
        } else {
            speaker_before(article, registry, &tokens, v)
                .or_else(|| super::parsed::described_subject(article, registry, t.start))
        };
        let Some(speaker) = speaker else { continue };
        let mut p = skip_adverbials(text, &tokens, v + 1);
        let gap_after = tokens.get(p).map_or(&text[t.end..sentence.end], |n| &text[tokens[p - 1].end..n.start]);
        // "…, the ministry said (in a statement)." — the statement comes first.
        let trailing = p >= tokens.len() || gap_after.contains([',', ';']);
        if trailing && !participle {
            let before = &text[sentence.start..speaker.start];
            let Some(comma) = before.trim_end().strip_suffix(',').map(|b| sentence.start + b.len()) else { continue };
            if matches!(verb.lemma, "accuse" | "urge" | "deny" | "post") {
                continue;
            }
            let mut content = trim_passage(text, sentence.start..comma);
            let words = |r: &Range<usize>| segment::tokens(text, r.start..window_after(text, r.start, r.end)).len();
            // "Beyond that, he said, the party has no plan", "In the early 1990s, she said, when
            // …": an adverbial before the attribution, and what was said goes on after it.
            // The tagger misreads some verbs ("The quake hit" as a noun): a finite form by its spelling counts too.
            let spelled_finite = |r: &Range<usize>| {
                segment::tokens(text, r.start..window_after(text, r.start, r.end)).iter().any(|t| {
                    let w = lower(text, t);
                    FINITE.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed"))
                })
            };
            let statement = |r: &Range<usize>| words(r) >= 4 && (article.has_verb(r.clone()) || spelled_finite(r));
            if !statement(&content) && p < tokens.len() {
                content = trim_passage(text, tokens[p].start..clause_end(text, tokens[p].start, sentence.end));
            }
            if !statement(&content)
                || taken.overlaps(&content)
                || article.in_quote(content.start)
                    && !article.in_quote(content.end.saturating_sub(1))
                    && !opens_partial_quote(article, &content)
            {
                continue;
            }
            let date =
                resolve(&text[speaker.start..window_after(text, speaker.start, sentence.end)], article.published);
            taken.verbs.insert(t.start);
            taken.push(Found {
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
            // "told the BBC that …", "told delegates at the party's convention in Ohio that …":
            // past the listener (a phrase with no punctuation of its own) to `that`.
            let Some(k) = (p..tokens.len().min(p + 16))
                .take_while(|&k| k == p || text[tokens[k - 1].end..tokens[k].start].trim().is_empty())
                .find(|&k| lower(text, &tokens[k]) == "that")
            else {
                continue;
            };
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
        let content_tokens = segment::tokens(text, content.start..window_after(text, content.start, content.end));
        if content.is_empty() || !clause_like(text, &content_tokens, &verb, that) || taken.overlaps(&content) {
            continue;
        }
        let around = sentence.start..content.start;
        let date = resolve(&text[window_before(text, around.start, around.end)..around.end], article.published);
        let confidence = if that { 0.85 } else { 0.75 };
        taken.verbs.insert(t.start);
        taken.push(Found {
            speaker: speaker.entity,
            verb: w.to_string(),
            pieces: vec![content],
            date,
            confidence: round(confidence * speaker.confidence * verb.strength),
        });
    }
}

/// "The plan was built to fail, said Mark Jones, a political scientist at Rice University.": the
/// statement opens the sentence and ends at the comma before the verb, and the speaker follows the
/// verb — a name with its role, or a description in apposition to a name ("said the company's
/// chief executive, John Ferriola"). What was said needs a verb of its own.
fn inverted(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    v: usize,
    verb: &Verb,
    sentence: Range<usize>,
    taken: &Taken,
) -> Option<Found> {
    let text = article.text;
    let t = &tokens[v];
    if verb.strength < 0.65
        || word(text, t).ends_with("ing")
        || matches!(verb.lemma, "accuse" | "urge" | "deny" | "post")
    {
        return None;
    }
    let gap = &text[tokens[v.checked_sub(1)?].end..t.start];
    if gap.trim() != "," {
        return None;
    }
    let comma = tokens[v - 1].end + gap.find(',')?;
    // "Jane Roe, who chairs the board, said he …", "The lawmaker, a member of the caucus, said":
    // the words before the comma are the verb's subject, not what was said.
    if has_subject_before(article, t.start) || tokens.get(v + 1).is_some_and(|n| is_pronoun(word(text, n))) {
        return None;
    }
    let speaker = speaker_after(article, registry, tokens, v)
        .or_else(|| named_after_description(article, registry, tokens, v))?;
    let content = trim_passage(text, sentence.start..comma);
    let words = segment::tokens(text, content.start..window_after(text, content.start, content.end)).len();
    if words < 4
        || taken.overlaps(&content)
        || !article.has_verb(content.clone())
        || article.in_quote(content.start)
            && !article.in_quote(content.end.saturating_sub(1))
            && !opens_partial_quote(article, &content)
    {
        return None;
    }
    // A statement wholly inside quotation marks is the quotation pass's to take.
    if article.in_quote(content.start) && article.in_quote(content.end.saturating_sub(1)) {
        return None;
    }
    let date = resolve(&text[t.start..window_after(text, t.start, sentence.end)], article.published);
    Some(Found {
        speaker: speaker.entity,
        verb: word(text, t).to_string(),
        pieces: vec![content],
        date,
        confidence: round(0.8 * speaker.confidence * verb.strength),
    })
}

/// Whether the parse gives the verb starting at `verb_start` a subject before it.
fn has_subject_before(article: &Article<'_>, verb_start: usize) -> bool {
    use crate::grammar::Deprel;
    let at = article.parsed.partition_point(|s| s.span.end <= verb_start);
    let Some(sentence) = article.parsed.get(at) else { return false };
    let Some(verb) = sentence.tokens.iter().position(|t| t.span.start == verb_start) else { return false };
    sentence.children(verb).any(|c| c < verb && matches!(sentence.tokens[c].deprel, Deprel::Nsubj | Deprel::NsubjPass))
}

/// "said the company's chief executive, John Ferriola": a few lowercase words describing someone,
/// a comma, and the person's name.
fn named_after_description(article: &Article<'_>, registry: &Registry, tokens: &[Token], v: usize) -> Option<Speaker> {
    let text = article.text;
    let comma = (v + 2..tokens.len().min(v + 8)).find(|&k| text[tokens[k - 1].end..tokens[k].start].contains(','))?;
    let described = tokens[v + 1..comma].iter().all(|t| {
        let w = segment::strip_possessive(word(text, t)).0;
        w.chars().next().is_some_and(char::is_lowercase) && is_describing_word(w)
    });
    let m = article.mention_starting(tokens[comma].start)?;
    (described && registry.entities[m.entity].kind == EntityKind::Person).then_some(Speaker {
        entity: m.entity,
        start: tokens[v + 1].start,
        confidence: 0.85,
    })
}

fn according_to(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[Token],
    v: usize,
    sentence: Range<usize>,
    taken: &mut Taken,
) {
    let text = article.text;
    // The source: the last name in the phrase after "according to" ("Pakistan’s Ministry of
    // Foreign Affairs" is the ministry).
    let look = tokens[v + 1].end..window_after(text, tokens[v + 1].end, sentence.end);
    let phrase_end = text[look.clone()].find([',', '.', ';']).map_or(look.end, |i| look.start + i);
    let named: Vec<&Mention> =
        article.mentions_within(tokens[v + 1].end + 1..phrase_end).iter().filter(|m| m.end <= phrase_end).collect();
    let speaker = match named.last() {
        Some(m) if text[m.end..].starts_with(['’', '\'']) => None,
        // "according to Tom Hale of the Brookings Institution": the person speaks, not the body.
        Some(m) => Some(person_of(article, registry, m).map_or(m.entity, |p| p.entity)),
        None => {
            let Some(head) = tokens.partition_point(|t| t.end <= phrase_end).checked_sub(1).filter(|&h| h > v + 1)
            else {
                return;
            };
            // The phrase starts after "according to": neither word is part of the source's name.
            let phrase = &tokens[v + 2..];
            let head = head - (v + 2);
            capitalized_source(article, registry, phrase, head)
                .or_else(|| org_phrase(article, registry, phrase, head).map(|s| s.entity))
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
    if segment::tokens(text, content.start..window_after(text, content.start, content.end)).len() < 4
        || taken.overlaps(&content)
    {
        return;
    }
    let date = resolve(&text[tokens[v].start..phrase_end], article.published);
    taken.push(Found { speaker, verb: "according to".into(), pieces: vec![content], date, confidence: 0.75 });
}

/// "according to Variety", "according to a report Tuesday from KWTV": a run of capitalized words
/// ending the phrase names a source the article has not met before, an outlet most often.
fn capitalized_source(article: &Article<'_>, registry: &mut Registry, phrase: &[Token], head: usize) -> Option<usize> {
    let text = article.text;
    let capital = |t: &Token| word(text, t).chars().next().is_some_and(char::is_uppercase);
    let mut first = head;
    while first > 0 && capital(&phrase[first - 1]) && text[phrase[first - 1].end..phrase[first].start].trim().is_empty()
    {
        first -= 1;
    }
    let spelling = &text[phrase[first].start..phrase[head].end];
    if !capital(&phrase[head]) || lexicon::is_not_name(spelling) || lexicon::is_role(spelling) {
        return None;
    }
    let local = article.local_before(phrase[first].start);
    Some(super::super::entities::speaker_entity(
        registry,
        article.index,
        spelling,
        crate::store::EntityKind::Organization,
        &local,
    ))
}

/// "“The evidence is strong” than theirs, Zuckoff said": a statement that opens with a quotation
/// closed inside it and goes on in the writer's words, at least four of them, to the attribution.
fn opens_partial_quote(article: &Article<'_>, content: &Range<usize>) -> bool {
    let text = article.text;
    article.quote_at(content.start).is_some_and(|q| {
        q.closed
            && q.close < content.end
            && text[q.close..content.end].split_whitespace().count() >= 4
            && !text[q.close..content.end].contains(['“', '”', '"'])
    })
}
