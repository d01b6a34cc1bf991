//! Direct quotation: a quotation with its attribution before or after it (`“…,” Name said`,
//! `Name said: “…”`, `As Name put it, “…”`), a quote that runs over paragraphs, a further quote
//! of the speaker just quoted, and embedded posts.

use std::ops::Range;

use crate::store::EntityKind;

use super::super::dates::{Resolved, resolve};
use super::super::entities::{self, Registry};
use super::super::lexicon;
use super::super::quotes::Quote;
use super::super::segment;
use super::speaker::{
    is_describing_word, phrase_start, sentence_subject, speaker_after, speaker_before, token_index_at,
};
use super::*;

/// A quotation that asks and says nothing else: "Is that all?", not "We lost. Why?".
fn is_question(quote: &str) -> bool {
    let trimmed = quote.trim_end_matches([',', ' ']);
    trimmed.ends_with('?') && !trimmed[..trimmed.len() - 1].contains(['.', '!', '?'])
}

/// A quotation that reads as a statement rather than a scare quote, a title or a question.
fn statement_like(text: &str, quote: &str, before: &str, attributed_right_after: bool) -> bool {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let trimmed = quote.trim_end_matches([',', ' ']);
    if is_question(quote) || words.is_empty() {
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

/// "“…,” he said, adding, “…”", "Nefzi said, adding, “…”": a participle right after a verb of
/// saying shares its speaker, whatever the sentence opened with.
fn speaker_of_verb_before(
    article: &Article<'_>,
    registry: &mut Registry,
    tokens: &[segment::Token],
    participle: usize,
) -> Option<Speaker> {
    let said = participle.checked_sub(1)?;
    let written = word(article.text, &tokens[said]);
    let verb = lexicon::verb(written)?;
    if verb.strength < 0.65 || written.ends_with("ing") || written.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    speaker_before(article, registry, tokens, said)
}

pub(super) fn direct_quotes(article: &Article<'_>, registry: &mut Registry, taken: &mut Taken) {
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
        // A quotation inside a statement drafted already, with the words around it.
        if head.continued || taken.overlaps(&(head.start..head.end.max(head.start + 1))) {
            continue;
        }
        let last = chain[chain.len() - 1];
        let (Some(head_sentence), Some(last_sentence)) =
            (article.sentence_of(head.open), article.sentence_of(last.open))
        else {
            continue;
        };
        let paragraph = article.paragraph_at(last.open).unwrap_or(0);
        // Attributions sit next to the quote: a bounded stretch either side is read.
        let head_sentence = window_before(text, head_sentence.start, head.open)..head_sentence.end;
        let last_sentence = last_sentence.start..window_after(text, last.close, last_sentence.end);
        let clipped = head_sentence.start > article.sentence_of(head.open).map_or(0, |s| s.start);
        let content: String = chain.iter().map(|q| &text[q.start..q.end]).collect::<Vec<_>>().join(" ");
        let mut attribution: Option<(Speaker, String, f32, Range<usize>)> = None;
        // After the closing mark: `,” Name said` / `,” said Name` / `,” she said`.
        if last.closed {
            // "“Is that all?” Trump said.": a quotation closed by `!` or `?` ends its sentence
            // for the splitter, so the attribution is the next sentence of the paragraph.
            let across = attribution_sentence_after(article, last, last_sentence.end);
            let last_sentence = match &across {
                Some(next) => last_sentence.start..window_after(text, last.close, next.end),
                None => last_sentence.clone(),
            };
            let after = last.close..last_sentence.end;
            let gap_ok = text[after.clone()]
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'));
            let tokens = segment::tokens(text, after.clone());
            let starts_right = tokens.first().is_some_and(|t| {
                text[after.start..t.start]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'))
                    .is_empty()
            });
            // "“… is ongoing.” He said the bureau …": a quotation closed by a full stop ends its
            // sentence, and a capital after it starts the next one, not an attribution.
            let full_stop = text[last.start..last.end].trim_end().ends_with('.')
                && tokens.first().is_some_and(|t| word(text, t).chars().next().is_some_and(char::is_uppercase));
            if starts_right && !gap_ok.is_empty() && !full_stop {
                // Far enough for a name with a description between commas before the verb.
                for k in 0..tokens.len().min(20) {
                    let Some(verb) = cue_at(text, &tokens, k) else { continue };
                    if verb.lemma == "put" || (across.is_some() && !parenthetical_cue(text, &tokens, k)) {
                        break;
                    }
                    let speaker = if k == 0 {
                        speaker_after(article, registry, &tokens, 0)
                    } else {
                        speaker_before(article, registry, &tokens, k).filter(|s| {
                            let lead: Vec<&str> = text[tokens[0].start..s.start].split_whitespace().collect();
                            // "American Action Forum’s Douglas Holtz-Eakin": a body's possessive
                            // before the name says where the speaker works.
                            let lead = &lead[possessive_owner(&lead)..];
                            lead.iter().enumerate().all(|(n, w)| {
                                // A title or a description before the name: "Senate Majority
                                // Leader", "portfolio manager", "the assailant, John McGraw".
                                let last = n + 1 == lead.len();
                                let bare = if last { w.trim_end_matches(',') } else { w };
                                lexicon::is_role(bare.trim_end_matches('.'))
                                    || lexicon::is_abbreviated_title(bare.trim_end_matches('.'))
                                    || matches!(bare.to_lowercase().as_str(), "the" | "a")
                                    || is_describing_word(bare)
                            })
                        })
                    };
                    if let Some(speaker) = speaker {
                        taken.verbs.insert(tokens[k].start);
                        attribution = Some((speaker, cue_text(text, &tokens, k, &verb), verb.strength, after.clone()));
                    }
                    break;
                }
            }
        }
        // Before the opening mark: `Name said: “…”`, `Name: “…”`, `As Name put it, “…”`.
        if attribution.is_none() {
            // "Name continued:" closing the paragraph before a quotation that opens its own.
            let before = introduced_by_colon(article, head).unwrap_or(head_sentence.start)..head.open;
            let tokens = segment::tokens(text, before.clone());
            let gap = tokens.last().map_or("", |t| text[t.end..head.open].trim());
            if let Some(last_token) = tokens.last() {
                if gap == ":"
                    && let Some(m) = article.mention_ending(last_token.end)
                {
                    let first = token_index_at(&tokens, m.start).unwrap_or(0);
                    if !clipped && phrase_start(text, &tokens, first) == tokens[0].start {
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
                        let Some(verb) = cue_at(text, &tokens, k) else { continue };
                        let mut after_verb: Vec<String> = tokens[k + 1..].iter().map(|t| lower(text, t)).collect();
                        if verb.lemma == "retort" && after_verb.first().is_some_and(|w| w == "back") {
                            after_verb.remove(0);
                        }
                        let ok = if verb.lemma == "put" {
                            after_verb == ["it"] && k >= 2 && tokens[..k].iter().any(|t| lower(text, t) == "as")
                        } else {
                            after_verb.is_empty()
                                || after_verb == ["that"]
                                || (gap.ends_with([':', ',']) && after_verb.len() <= 6 && verb.lemma != "accuse")
                        };
                        // "Name compared himself to X, saying, “…”": the sentence's subject speaks.
                        let participle = word(text, &tokens[k]).ends_with("ing")
                            && k > 0
                            && text[tokens[k - 1].end..tokens[k].start].contains(',');
                        // "Name smiled and said, “…”", "… and then predicted: “…”": the verb
                        // shares the sentence's subject.
                        let coordinated = tokens[..k]
                            .iter()
                            .rev()
                            .map(|t| lower(text, t))
                            .find(|w| !SKIPPED_BEFORE_VERB.contains(&w.as_str()))
                            .is_some_and(|w| w == "and");
                        // "Name went on to say, “…”", "continued by saying", "is quoted as saying":
                        // the verb of saying completes another verb, whose subject speaks.
                        // ("… and to counter “…”" is a purpose, not a statement.)
                        let completing = k >= 2
                            && matches!(verb.lemma, "say" | "add")
                            && matches!(lower(text, &tokens[k - 1]).as_str(), "to" | "by" | "as")
                            && word(text, &tokens[k - 2]).chars().next().is_some_and(char::is_lowercase);
                        let inverted =
                            k == 0 && !clipped && word(text, &tokens[0]).chars().next().is_some_and(char::is_uppercase);
                        let shared =
                            if participle { speaker_of_verb_before(article, registry, &tokens, k) } else { None };
                        let follows_cue = shared.is_some();
                        let speaker = if shared.is_some() {
                            shared
                        } else if inverted {
                            // "Said Comey, “…”": the name after the verb opening the sentence.
                            let end = tokens[tokens.len() - 1].end;
                            speaker_after(article, registry, &tokens, 0)
                                .filter(|s| article.mention_ending(end).is_some_and(|m| m.entity == s.entity))
                        } else if (participle || coordinated || completing) && !clipped {
                            sentence_subject(article, registry, &tokens[..k])
                        } else {
                            speaker_before(article, registry, &tokens, k)
                        };
                        if ok
                            && (follows_cue
                                || inverted
                                || !NOT_A_SUBJECT.contains(&lower(text, &tokens[k.saturating_sub(1)]).as_str()))
                            && let Some(speaker) = speaker
                        {
                            taken.verbs.insert(tokens[k].start);
                            attribution =
                                Some((speaker, cue_text(text, &tokens, k, &verb), verb.strength, before.clone()));
                        }
                        break;
                    }
                }
                // "She then addressed the crowd again: “…”": no verb of saying, but a person opening
                // a short clause that a colon hands to the quotation.
                if attribution.is_none()
                    && gap == ":"
                    && !clipped
                    && tokens.len() <= 12
                    && !tokens.iter().any(|t| lexicon::verb(word(text, t)).is_some())
                    && let Some(speaker) = sentence_subject(article, registry, &tokens)
                    && registry.entities[speaker.entity].kind == EntityKind::Person
                    // "BROADWAY BEAT: …": a section heading in capitals, not a person.
                    && registry.entities[speaker.entity].name.chars().any(char::is_lowercase)
                {
                    attribution = Some((Speaker { confidence: 0.6, ..speaker }, ":".into(), 0.9, before.clone()));
                }
            }
        }
        let before_text = &text[head_sentence.start..head.open];
        let attributed = attribution.is_some();
        // "“Who is the real con man here?” said Murphy. “It is not …”": a question its speaker
        // goes on to answer in the next quotation is part of one statement.
        let answered = attribution
            .as_ref()
            .filter(|a| is_question(&content) && a.3.start == last.close)
            .and_then(|a| answer_after(article, last, a.3.end));
        if answered.is_none() && !statement_like(text, &content, before_text, attributed) {
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
        let mut pieces: Vec<Range<usize>> = chain
            .iter()
            .copied()
            .chain(answered)
            .map(|q| trim_passage(text, q.start..q.end))
            .filter(|r| !r.is_empty())
            .collect();
        // "The strategy is a “very welcome tack,” he said": the words before a quotation in its
        // own sentence are part of the statement the attribution after it reports.
        let after_quote = around.start == last.close;
        if after_quote
            && chain.len() == 1
            && answered.is_none()
            && let Some(sentence) = article.sentence_of(head.open)
        {
            let lead = &text[sentence.start..head.open];
            let words = lead.split_whitespace().count();
            if (2..=40).contains(&words)
                && !lead.contains(['“', '”', '"', '«', '»', ':', '‘'])
                && !lead.contains("''")
                && let Some(first) = pieces.first_mut()
            {
                *first = trim_passage(text, sentence.start..first.end);
            }
        }
        // "Name says “the game has gone soft” because “…”.": a quotation inside the statement the
        // attribution before it reports; what follows the closing mark in its clause was said too.
        if around.end <= head.open
            && chain.len() == 1
            && let Some(tail) = statement_tail(article, last)
            && let Some(piece) = pieces.last_mut()
        {
            *piece = trim_passage(text, piece.start..tail);
        }
        if pieces.is_empty() {
            continue;
        }
        let date = resolve(&text[around.clone()], article.published);
        last_direct = Some((paragraph, speaker.entity, verb.clone(), last.close));
        taken.push(Found {
            speaker: speaker.entity,
            verb,
            pieces,
            date,
            confidence: round(0.95 * speaker.confidence * strength),
        });
    }
}

/// The verb of saying at `tokens[k]`, or a retort written with `back` after it ("shot back").
fn cue_at(text: &str, tokens: &[segment::Token], k: usize) -> Option<lexicon::Verb> {
    let w = word(text, &tokens[k]);
    lexicon::verb(w).or_else(|| {
        let (lemma, strength) = super::super::cues::retort(w, word(text, tokens.get(k + 1)?))?;
        Some(lexicon::Verb { lemma, strength })
    })
}

/// The cue as written: the verb, with its `back` for a retort.
fn cue_text(text: &str, tokens: &[segment::Token], k: usize, verb: &lexicon::Verb) -> String {
    match tokens.get(k + 1) {
        Some(back) if verb.lemma == "retort" => text[tokens[k].start..back.end].to_string(),
        _ => word(text, &tokens[k]).to_string(),
    }
}

/// How many words at the start of `lead` name the body a speaker belongs to, ending in its
/// possessive (`The Post's`, `American Action Forum’s`): capitalised words and the small words
/// inside a name. 0 when the lead does not open so.
fn possessive_owner(lead: &[&str]) -> usize {
    let Some(owner) = lead.iter().position(|w| w.ends_with("’s") || w.ends_with("'s")) else { return 0 };
    let named = lead[..=owner].iter().enumerate().all(|(n, w)| {
        w.chars().next().is_some_and(char::is_uppercase) || (n > 0 && matches!(*w, "of" | "for" | "and" | "the"))
    });
    if named { owner + 1 } else { 0 }
}

/// The sentence after `quote` in its paragraph, when the quotation ends with `!` or `?` and so
/// ends its sentence: where a parenthetical attribution (`“…!” Name said.`) would be.
fn attribution_sentence_after(article: &Article<'_>, quote: &Quote, sentence_end: usize) -> Option<Range<usize>> {
    let text = article.text;
    if sentence_end != quote.close || !text[quote.start..quote.end].trim_end().ends_with(['!', '?']) {
        return None;
    }
    let rest = &text[quote.close..];
    let next = quote.close + (rest.len() - rest.trim_start().len());
    if !text[quote.close..next].chars().all(|c| c == ' ') || article.in_quote(next) {
        return None;
    }
    article.sentence_of(next).filter(|s| s.start == next)
}

/// Whether the verb of saying at `tokens[verb]` closes a parenthetical attribution: nothing after
/// it in the sentence but a comma, a time or a place (`Name said.`, `Name said on Tuesday.`,
/// `Name said in response.`), not a statement of its own (`Name said the vote was lost.`).
fn parenthetical_cue(text: &str, tokens: &[segment::Token], verb: usize) -> bool {
    let Some(next) = tokens.get(verb + 1) else { return true };
    if text[tokens[verb].end..next.start].trim_start().starts_with([',', '.', '—', '–', '(']) {
        return true;
    }
    let w = lower(text, next);
    matches!(
        w.as_str(),
        "on" | "in"
            | "at"
            | "during"
            | "after"
            | "before"
            | "while"
            | "when"
            | "from"
            | "with"
            | "via"
            | "to"
            | "back"
            | "later"
            | "then"
            | "earlier"
            | "recently"
            | "today"
            | "yesterday"
            | "tonight"
            | "last"
            | "this"
    ) || lexicon::WEEKDAYS.contains(&w.as_str())
}

/// The quotation right after an attribution ending at `attribution_end` (`“…?” Name said. “…”`),
/// in the same paragraph and not itself a question: the rest of what the speaker said.
fn answer_after<'q>(article: &'q Article<'_>, quote: &Quote, attribution_end: usize) -> Option<&'q Quote> {
    let text = article.text;
    let at = article.quotes.partition_point(|q| q.open <= quote.open);
    let next = article.quotes.get(at)?;
    let gap = text.get(quote.close..next.open)?;
    let words = gap.split_whitespace().count();
    (article.paragraph_at(next.open) == article.paragraph_at(quote.open)
        && text[attribution_end.min(next.open)..next.open].trim().trim_matches([',', '.']).is_empty()
        && (1..=30).contains(&words)
        && !is_question(&text[next.start..next.end]))
    .then_some(next)
}

/// Where the last sentence of the paragraph before `quote` starts, when the quotation opens its
/// paragraph and that sentence ends with a colon: the attribution introducing it.
fn introduced_by_colon(article: &Article<'_>, quote: &Quote) -> Option<usize> {
    let paragraph = article.paragraph_at(quote.open)?;
    if article.paragraphs[paragraph].start != quote.open || paragraph == 0 {
        return None;
    }
    let sentence = article.sentences.get(paragraph - 1)?.last()?;
    article.text[sentence.clone()].trim_end().ends_with(':').then_some(sentence.start)
}

/// Where the statement a closed quotation is part of ends, when the quotation stops mid-sentence
/// and the words after it carry the statement on (`“…” because “…”`, `“…” from the officials`):
/// the end of that clause. None when the quotation ends its sentence or what follows is an
/// attribution of its own.
fn statement_tail(article: &Article<'_>, quote: &Quote) -> Option<usize> {
    let text = article.text;
    if !quote.closed || text[quote.start..quote.end].trim_end().ends_with(['.', '!', '?']) {
        return None;
    }
    let sentence = article.sentence_of(quote.open)?;
    let end = super::reported::clause_end(text, quote.close, sentence.end);
    let tail = &text[quote.close..end];
    let words = segment::tokens(text, quote.close..end);
    let first_gap = words.first().map_or("", |t| &text[quote.close..t.start]);
    // ", he said" or "; the rest…": a new clause, not more of this statement.
    if words.len() < 2
        || first_gap.contains([',', ';', ':', '(', '—', '–'])
        || words.iter().any(|t| !article.in_quote(t.start) && lexicon::verb(word(text, t)).is_some())
        || tail.contains(['(', ')'])
    {
        return None;
    }
    Some(end)
}

/// An embedded post as scraped copy keeps it: the post's text, then a line
/// `— Name (@handle) January 22, 2024`.
pub(super) fn embedded_posts(article: &Article<'_>, registry: &mut Registry, taken: &mut Taken) {
    let text = article.text;
    for (n, paragraph) in article.paragraphs.iter().enumerate().skip(1) {
        let line = &text[paragraph.clone()];
        let Some(rest) = line.strip_prefix(['—', '–', '-']) else { continue };
        let Some(open) = rest.find("(@") else { continue };
        let Some(close) = rest[open..].find(')') else { continue };
        let handle_start = paragraph.start + (line.len() - rest.len()) + open + 1;
        let handle = &text[handle_start..paragraph.start + (line.len() - rest.len()) + open + close];
        let Some(date) = super::super::dates::explicit(&rest[open + close..], None) else { continue };
        let name_end = handle_start - 1;
        let named = article
            .mentions_within(paragraph.start..name_end)
            .iter()
            .rev()
            .find(|m| m.end <= name_end)
            .map(|m| m.entity);
        let by_handle = article.mention_starting(handle_start).map(|m| m.entity);
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
        if post.is_empty() || taken.overlaps(&post) {
            continue;
        }
        taken.push(Found {
            speaker,
            verb: "tweeted".into(),
            pieces: vec![post],
            date: Some(Resolved::Day(date)),
            confidence: 0.8,
        });
    }
}
