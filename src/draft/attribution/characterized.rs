//! A quotation inside a verb phrase of judgement or of saying, with no attribution of its own:
//! `Name called the plan “a disaster”`, `Name mocked X for “hiding”`, `Name blamed the law on
//! “reckless politicians”`, `…, calling it “meritless”`. The quoted words are the speaker's and
//! the writer frames them: the statement is the verb's object with the quotation in it.
//!
//! Read last, so it only takes quotations the other rules left: a scare quote after a verb of
//! judgement still needs a subject that names someone, and a title is never taken.

use std::ops::Range;

use super::super::cues;
use super::super::dates::resolve;
use super::super::entities::Registry;
use super::super::lexicon;
use super::super::quotes::Quote;
use super::super::segment::{self, Token};
use super::speaker::{sentence_subject, speaker_before};
use super::*;

/// The most words between the verb and the quotation: the object and a preposition
/// ("blamed the anti-fracking law on “…”"), no more.
const LONGEST_OBJECT: usize = 12;

/// The most further quotations one statement runs over ("“a”, “b” and “c”").
const LONGEST_RUN: usize = 8;

/// Words a verb takes as its particle, which belong to the verb, not to what was said:
/// "referred to", "railed against", "summed up", "played down".
const PARTICLES: &[&str] = &["to", "against", "of", "about", "up", "off", "down", "back", "out"];

/// Prepositions that open an adverbial after a verb ("said on television", "said in an
/// interview"), where a quotation is a programme's or a publication's name.
const ADVERBIAL_OPENERS: &[&str] =
    &["on", "in", "at", "after", "before", "during", "with", "from", "by", "since", "while", "via", "when"];

/// Nouns that make the quotation after them a title or a name rather than someone's words.
const NAMING_NOUNS: &[&str] = &[
    "titled",
    "entitled",
    "headline",
    "headlined",
    "book",
    "film",
    "movie",
    "song",
    "album",
    "show",
    "hashtag",
    "slogan",
    "motto",
    "nickname",
    "column",
    "article",
    "series",
    "program",
    "programme",
    "documentary",
];

pub(super) fn characterized(article: &Article<'_>, registry: &mut Registry, taken: &mut Taken) {
    for (i, quote) in article.quotes.iter().enumerate() {
        if !quote.closed || quote.continued || quote.continues || article.in_quote(quote.open.saturating_sub(1)) {
            continue;
        }
        let Some(sentence) = article.sentence_of(quote.open) else { continue };
        if quote.close > sentence.end || taken.overlaps(&(quote.start..quote.end.max(quote.start + 1))) {
            continue;
        }
        let Some(found) = framed(article, registry, &article.quotes[i..], sentence, taken) else { continue };
        taken.push(found);
    }
}

/// The statement a verb before `quotes[0]` frames, with its speaker.
fn framed(
    article: &Article<'_>,
    registry: &mut Registry,
    quotes: &[Quote],
    sentence: Range<usize>,
    taken: &mut Taken,
) -> Option<Found> {
    let text = article.text;
    let quote = &quotes[0];
    let body = text[quote.start..quote.end].trim_end_matches([',', ' ']);
    if body.ends_with('?') || is_title(body) {
        return None;
    }
    let tokens = segment::tokens(text, window_before(text, sentence.start, quote.open)..quote.open);
    let k = framing_verb(article, &tokens, quote.open)?;
    let verb = &tokens[k];
    let prev = tokens.get(k.checked_sub(1)?).map(|t| lower(text, t))?;
    // "it was called “…”", "is often described as “…”": a passive has no speaker in view.
    if matches!(prev.as_str(), "is" | "was" | "were" | "are" | "be" | "been" | "being" | "am" | "so" | "to") {
        return None;
    }
    // "what he calls “…”": the writer's or another speaker's sentence borrows the phrase.
    if k >= 2 && lower(text, &tokens[k - 2]) == "what" {
        return None;
    }
    let between: Vec<String> = tokens[k + 1..].iter().map(|t| lower(text, t)).collect();
    if between.iter().any(|w| NAMING_NOUNS.contains(&w.as_str())) {
        return None;
    }
    // "As Name spoke, the group …", "Name said, adding, “…”": the verb ends its own clause.
    // "said on “Meet the Press”", "said after a brief “sorry”": an adverbial, not an object.
    let next = tokens.get(k + 1).map_or(quote.open, |t| t.start);
    if text[verb.end..next].contains(',') || between.first().is_some_and(|w| ADVERBIAL_OPENERS.contains(&w.as_str())) {
        return None;
    }
    let written = word(text, verb);
    let participle = written.ends_with("ing") && text[tokens[k - 1].end..verb.start].contains(',');
    let coordinated = prev == "and";
    let speaker = if participle || coordinated {
        sentence_subject(article, registry, &tokens[..k])?
    } else {
        speaker_before(article, registry, &tokens, k)?
    };
    let mut first = k + 1;
    if first < tokens.len() && PARTICLES.contains(&between[0].as_str()) {
        first += 1;
    }
    let start = tokens.get(first).map_or(quote.open, |t| t.start.min(quote.open));
    let end = quotes_end(article, quotes, sentence.end);
    let passage = trim_passage(text, start..end);
    let words = segment::tokens(text, passage.clone()).len();
    if words < 2 || taken.overlaps(&passage) {
        return None;
    }
    let date = resolve(
        &text[window_before(text, sentence.start, verb.start)..window_after(text, passage.end, sentence.end)],
        article.published,
    );
    taken.verbs.insert(verb.start);
    Some(Found {
        speaker: speaker.entity,
        verb: written.to_string(),
        pieces: vec![passage],
        date,
        confidence: round(0.7 * speaker.confidence),
    })
}

/// The verb nearest before the quotation opening at `open` that frames it: a verb of judgement
/// or of saying, lowercase (a capital inside a sentence is a name), at most `LONGEST_OBJECT` words
/// before it, with nothing between them that starts a clause or a quotation of its own.
fn framing_verb(article: &Article<'_>, tokens: &[Token], open: usize) -> Option<usize> {
    let text = article.text;
    let mut after = open;
    for k in (0..tokens.len()).rev().take(LONGEST_OBJECT + 1) {
        let t = &tokens[k];
        let gap = &text[t.end..after];
        if article.in_quote(t.start) || gap.contains([';', ':', '(', ')', '—', '–', '“', '”', '"']) {
            return None;
        }
        let w = word(text, t);
        if w.chars().next().is_some_and(char::is_uppercase) {
            after = t.start;
            continue;
        }
        if cues::characterizing(w).is_some() || lexicon::verb(w).is_some_and(|v| v.lemma != "put") {
            return (k > 0).then_some(k);
        }
        after = t.start;
    }
    None
}

/// Where the quoted words end: the quotation's own end, or that of a further quotation in the
/// same sentence that goes on with it ("called it “meritless” and “improper”").
fn quotes_end(article: &Article<'_>, quotes: &[Quote], sentence_end: usize) -> usize {
    let text = article.text;
    let mut end = quotes[0].end;
    let mut close = quotes[0].close;
    // A bounded run of quotations, so a sentence of thousands costs each one a constant look.
    for next in quotes[1..].iter().take(LONGEST_RUN) {
        if next.open >= sentence_end || !next.closed {
            break;
        }
        let gap = &text[close..next.open];
        let verbs = segment::tokens(text, close..next.open).iter().any(|t| lexicon::verb(word(text, t)).is_some());
        if verbs || gap.split_whitespace().count() > 8 || gap.contains([';', ':', '—', '–', '.']) {
            break;
        }
        end = next.end;
        close = next.close;
    }
    end
}

/// A title rather than words someone said: most words capitalized and no closing stop
/// ("“The Art of the Deal”", "“Make America Great Again”").
fn is_title(quote: &str) -> bool {
    let words: Vec<&str> =
        quote.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_alphabetic)).collect();
    let capitals = words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    words.len() >= 2 && capitals * 4 >= words.len() * 3 && !quote.ends_with(['.', '!'])
}
