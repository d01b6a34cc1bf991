//! Attribution over the dependency parse: a cue is a verb whose lemma is a verb of saying; its
//! speaker is its subject (`nsubj`; a passive's `obl:agent`; for a verb with no subject of its own
//! — `praised … and said`, `, saying …`, `was quoted as saying` — the subject of the verb it hangs
//! from); what was said is its clausal complement (`ccomp`, `parataxis` after a colon), or the
//! sentence up to the attribution when the attribution follows it (`…, said Name, role`). The
//! subject's phrase is read by the same speaker rules the
//! token pass uses (names, pronouns, spokespeople, organizations by common noun); a description
//! that names no one (`a bartender`, `banking analysts`) becomes an entity of its own.
//!
//! The parser is trained on web text, not news, and errs (a simple past read as a participle, a
//! long sentence split wrongly), so every finding is checked on the surface too: the statement has
//! words of its own, is not a question, is not inside a quotation, overlaps nothing taken.

use std::ops::Range;

use crate::grammar::{Deprel, Sentence, Upos, Xpos};
use crate::store::EntityKind;

use super::super::cues;
use super::super::dates::resolve;
use super::super::entities::Registry;
use super::super::lexicon;
use super::super::segment::{self, Token};
use super::speaker::speaker_before;
use super::*;

/// How many verbs up a subjectless cue looks for the subject it shares ("X praised …, called …
/// and said …").
const SUBJECT_CHAIN: usize = 4;

/// Every attribution the parse finds that the passes before it have not taken: each verb whose
/// lemma is a verb of saying, outside quotation marks, that no earlier pass used. Only sentences
/// the token passes read (not headlines or page furniture) are looked at.
pub(super) fn parsed(article: &Article<'_>, registry: &mut Registry, taken: &mut Taken) {
    let parsed = article.parsed;
    // Parsed sentences before this one were read already (each is read once).
    let mut next = 0;
    for range in article.sentences.iter().flatten() {
        let mut at = parsed.partition_point(|s| s.span.end <= range.start).max(next);
        while at < parsed.len() && parsed[at].span.start < range.end {
            let sentence = &parsed[at];
            for cue in 0..sentence.tokens.len() {
                let token = &sentence.tokens[cue];
                // A cheap look first: most words are no verb at all.
                if token.upos != Upos::Verb {
                    continue;
                }
                if let Some(found) = attribution(article, registry, sentence, cue, taken) {
                    taken.verbs.insert(token.span.start);
                    taken.push(found);
                }
            }
            at += 1;
        }
        next = at;
    }
}

/// The lemma and strength of token `at` as a verb of saying.
fn cue(sentence: &Sentence, text: &str, at: usize) -> Option<(&'static str, f32)> {
    let token = &sentence.tokens[at];
    if token.upos != Upos::Verb {
        return None;
    }
    let written = sentence.text(text, at);
    // "the United States": a capital inside the sentence is a name, whatever the tagger says.
    let opens = sentence.tokens[..at].iter().all(|t| t.upos == Upos::Punct);
    if !opens && written.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    lexicon::verb(written)
        .map(|v| (v.lemma, v.strength))
        .or_else(|| cues::by_lemma(&token.lemma))
        .filter(|(lemma, _)| *lemma != "put")
}

fn attribution(
    article: &Article<'_>,
    registry: &mut Registry,
    sentence: &Sentence,
    at: usize,
    taken: &Taken,
) -> Option<Found> {
    let text = article.text;
    let tokens = &sentence.tokens;
    let verb_start = tokens[at].span.start;
    if article.in_quote(verb_start) || taken.verbs.contains(&verb_start) || negated(sentence, at) {
        return None;
    }
    let (lemma, strength) = cue(sentence, text, at)?;
    let subject = subject(sentence, at)?;
    let (content, trailing) = content(article, sentence, at, subject)?;
    if trailing && !closes_attribution(sentence, at, subject, lemma) {
        return None;
    }
    let content = trim_passage(text, content);
    let words = segment::tokens(text, content.start..window_after(text, content.start, content.end)).len();
    let body = text[content.clone()].trim_end_matches(['”', '"', '’', '\'', ')']);
    if content.is_empty()
        || words < 4
        || body.ends_with('?')
        || taken.overlaps(&content)
        || article.in_quote(content.start)
    {
        return None;
    }
    // "said he would", "will say whether": a clause without a finite verb or opening with
    // "whether"/"if" is an intention or a question, not a statement.
    let opening = text[content.clone()].split_whitespace().next().unwrap_or("").to_lowercase();
    if matches!(opening.as_str(), "whether" | "if" | "how" | "why" | "what" | "when" | "where" | "who") {
        return None;
    }
    if strength < 0.65 && !content_has_that(sentence, text, at) && !trailing {
        // "recalled its ambassador", "posted a photo": speech only with a that-clause.
        return None;
    }
    let speaker = speaker(article, registry, sentence, subject)?;
    let around =
        if content.start > verb_start { sentence.span.start..content.start } else { content.end..sentence.span.end };
    let date = resolve(&text[around.start..window_after(text, around.start, around.end)], article.published);
    Some(Found {
        speaker: speaker.entity,
        verb: sentence.text(text, at).to_string(),
        pieces: vec![content],
        date,
        confidence: round(0.8 * speaker.confidence * strength),
    })
}

/// Nouns for who is told, not what: "he told the court", "she told the crowd".
const LISTENERS: &[&str] = &[
    "agency",
    "assembly",
    "audience",
    "board",
    "commission",
    "committee",
    "conference",
    "congregation",
    "council",
    "court",
    "crowd",
    "gathering",
    "host",
    "interviewer",
    "jury",
    "magazine",
    "meeting",
    "network",
    "newspaper",
    "outlet",
    "panel",
    "paper",
    "reporter",
    "room",
    "station",
    "subcommittee",
];

/// Whether the cue at `at` closes an attribution that follows its statement ("…, he said on
/// Tuesday", "…, she told reporters"): nothing after it stands for what was said — no object but
/// the speaker or, after `tell`, a listener, and no clause of its own. "…, Francis told the story
/// of Nineveh" or "…, he recommended a different firm" report something else.
fn closes_attribution(sentence: &Sentence, at: usize, subject: usize, lemma: &str) -> bool {
    let tokens = &sentence.tokens;
    sentence.children(at).filter(|&c| c > at && c != subject).all(|c| match tokens[c].deprel {
        Deprel::Obj | Deprel::Iobj => {
            lemma == "tell"
                && (matches!(tokens[c].upos, Upos::Propn | Upos::Pron)
                    || tokens[c].xpos == Xpos::Nns
                    || LISTENERS.contains(&tokens[c].lemma.to_lowercase().as_str()))
        }
        Deprel::Ccomp | Deprel::Xcomp => false,
        _ => true,
    })
}

/// "did not say", "never said", "haven't said".
fn negated(sentence: &Sentence, at: usize) -> bool {
    sentence.children(at).any(|c| {
        let t = &sentence.tokens[c];
        t.deprel == Deprel::Advmod && matches!(t.lemma.as_str(), "not" | "never" | "n't")
    })
}

/// The subject of the cue at `at`, or of the verb it shares its subject with.
fn subject(sentence: &Sentence, at: usize) -> Option<usize> {
    let tokens = &sentence.tokens;
    let mut verb = at;
    for _ in 0..SUBJECT_CHAIN {
        if let Some(subject) = sentence.child(verb, Deprel::Nsubj) {
            // "the lawmaker who said", "the court, which said": the noun the relative clause is
            // about, which is the word before the pronoun (the parser often hangs the clause on
            // the verb instead).
            if matches!(tokens[subject].lemma.as_str(), "who" | "which" | "that") {
                let noun = (0..subject).rev().find(|&k| tokens[k].upos != Upos::Punct)?;
                return matches!(tokens[noun].upos, Upos::Noun | Upos::Propn).then_some(noun);
            }
            return Some(subject);
        }
        // "…, said Petra Lindholm, an economist": a name right after the cue, which the parser
        // may read as its object.
        if verb == at
            && let Some(name) = sentence.child(verb, Deprel::Obj).filter(|&o| o == at + 1)
            && tokens[name].upos == Upos::Propn
        {
            return Some(name);
        }
        if let Some(passive) = sentence.child(verb, Deprel::NsubjPass) {
            // "was quoted as saying": the one quoted speaks; "it was announced by X": X does.
            if let Some(agent) = sentence.child(verb, Deprel::OblAgent) {
                return Some(agent);
            }
            return (verb != at && tokens[verb].lemma == "quote").then_some(passive);
        }
        let token = &tokens[verb];
        let head = token.head?;
        let shares = match token.deprel {
            Deprel::Conj => true,
            // ", saying …", ", adding …": a participle takes the main clause's subject.
            Deprel::Advcl | Deprel::Xcomp => token.xpos == Xpos::Vbg || verb != at,
            _ => false,
        };
        if !shares {
            return None;
        }
        verb = head;
    }
    None
}

fn content_has_that(sentence: &Sentence, text: &str, at: usize) -> bool {
    sentence
        .children(at)
        .filter(|&c| matches!(sentence.tokens[c].deprel, Deprel::Ccomp))
        .any(|c| sentence.child(c, Deprel::Mark).is_some_and(|m| sentence.text(text, m).eq_ignore_ascii_case("that")))
}

/// What was said, and whether it comes before the attribution: the cue's clausal complement
/// ("said [that] …"), or the clause the cue is attached to ("…, said Name").
fn content(article: &Article<'_>, sentence: &Sentence, at: usize, subject: usize) -> Option<(Range<usize>, bool)> {
    let text = article.text;
    let tokens = &sentence.tokens;
    let complement = sentence.children(at).find(|&c| matches!(tokens[c].deprel, Deprel::Ccomp | Deprel::Parataxis));
    if let Some(c) = complement {
        let mut span = sentence.subtree_span(c);
        if c > at {
            // The subtree may open with the comma the parser hung on it.
            let words_from = tokens.iter().position(|t| t.span.start >= span.start && t.upos != Upos::Punct)?;
            span.start = tokens[words_from].span.start;
            let between = text.get(tokens[at].span.end..span.start).unwrap_or("").trim_start();
            // "Survival, he says, depends on …": a parenthetical cue, whose statement started
            // before it (the token pass reads those); a parataxis follows a colon.
            if between.starts_with(',') || (tokens[c].deprel == Deprel::Parataxis && !between.contains(':')) {
                return None;
            }
            if let Some(end) = relative_clause_end(sentence, text, at, c) {
                span.end = end;
            }
            // "said that …": the passage starts after "that".
            if let Some(mark) = sentence.child(c, Deprel::Mark)
                && tokens[mark].span.start == span.start
                && sentence.text(text, mark).eq_ignore_ascii_case("that")
            {
                span.start = tokens.get(mark + 1)?.span.start;
            }
            return Some((span, false));
        }
        // "The plan will fail, he said", "…, said Katie Harmon": the statement comes first,
        // opens the sentence and ends with a comma.
        let attribution_start = tokens[subject.min(at)].span.start;
        // The subtree may end with the comma the parser hung on it.
        let last_word = tokens.iter().rposition(|t| t.span.end <= span.end && t.upos != Upos::Punct)?;
        span.end = tokens[last_word].span.end;
        let between = text.get(span.end..attribution_start).unwrap_or("");
        let opening = text.get(sentence.span.start..span.start).unwrap_or("x");
        if !between.trim().starts_with(',')
            || !opening.chars().all(|c| c.is_whitespace() || matches!(c, '“' | '"' | '\'' | '‘'))
        {
            return None;
        }
        return Some((span.start..span.end, true));
    }
    if let Some(span) = object_then_clause(sentence, at) {
        return Some((span, false));
    }
    // "…, said Mark Jones, a political scientist": the cue hangs from the statement before it.
    let head = tokens[at].head?;
    if head > at || !matches!(tokens[at].deprel, Deprel::Parataxis | Deprel::Conj | Deprel::Ccomp | Deprel::Advcl) {
        return None;
    }
    // The attribution starts at the subject's phrase when it comes first ("…, the ministry said").
    let first = if subject < at {
        let start = sentence.subtree_span(subject).start;
        tokens.iter().position(|t| t.span.start == start)?
    } else {
        at
    };
    let before = tokens.get(first.checked_sub(1)?)?;
    let gap = text[before.span.end..tokens[first].span.start].trim();
    if before.upos != Upos::Punct || !matches!(sentence.text(text, first - 1), "," | "—" | "–") || !gap.is_empty() {
        return None;
    }
    // Only the statement's own clause: not a coordinated "and said" after another verb.
    if sentence.children(at).any(|c| tokens[c].deprel == Deprel::Cc) {
        return None;
    }
    // The statement is the sentence up to the attribution: a parse that starts it elsewhere has
    // most likely split the sentence wrongly.
    let start = sentence.subtree_span(head).start;
    let opening = text.get(sentence.span.start..start).unwrap_or("x");
    if !opening.chars().all(|c| c.is_whitespace() || matches!(c, '“' | '"' | '\'' | '‘')) {
        return None;
    }
    (start < before.span.start).then_some((start..before.span.start, true))
}

/// Where the statement of a cue in a relative clause set off by commas ends, when the parser ran
/// the main clause into it ("Ashby, a consultant who said he would not vote for Crane, left the
/// party" with "left" a conjunct of "vote"): at the comma before a conjoined verb with no subject
/// of its own, which belongs to the noun the clause is about.
fn relative_clause_end(sentence: &Sentence, text: &str, at: usize, complement: usize) -> Option<usize> {
    let tokens = &sentence.tokens;
    let pronoun = sentence.child(at, Deprel::Nsubj)?;
    if !matches!(tokens[pronoun].lemma.as_str(), "who" | "which" | "that") {
        return None;
    }
    let verb = sentence.children(complement).find(|&k| {
        tokens[k].deprel == Deprel::Conj
            && tokens[k].upos == Upos::Verb
            && sentence.child(k, Deprel::Nsubj).is_none()
            && sentence.child(k, Deprel::Cc).is_none()
    })?;
    // The comma may hang on the conjunct or on what comes before it.
    let first = tokens.iter().position(|t| t.span.start == sentence.subtree_span(verb).start)?;
    let comma = if sentence.text(text, first) == "," { first } else { first.checked_sub(1)? };
    if sentence.text(text, comma) != "," || comma <= complement {
        return None;
    }
    let last_word = tokens[..comma].iter().rposition(|t| t.upos != Upos::Punct)?;
    Some(tokens[last_word].span.end)
}

/// The statement of a cue the parser read as an object and a clause without a subject ("quoted
/// as saying the border would stay closed", "border" the object of "saying" and "would stay" a
/// clause of its own): a verb of saying does not take a thing and then a finite clause, so the
/// object is the clause's subject and both are what was said.
fn object_then_clause(sentence: &Sentence, at: usize) -> Option<Range<usize>> {
    let tokens = &sentence.tokens;
    let object = sentence.children(at).find(|&c| c > at && tokens[c].deprel == Deprel::Obj)?;
    let object_span = sentence.subtree_span(object);
    let clause = sentence.children(at).find(|&c| {
        c > object
            && matches!(tokens[c].deprel, Deprel::Advcl | Deprel::Xcomp)
            && tokens[c].upos == Upos::Verb
            && sentence.child(c, Deprel::Nsubj).is_none()
            && sentence.child(c, Deprel::Mark).is_none()
    })?;
    let finite = matches!(tokens[clause].xpos, Xpos::Vbd | Xpos::Vbz | Xpos::Vbp)
        || sentence.children(clause).any(|a| tokens[a].deprel == Deprel::Aux && tokens[a].xpos == Xpos::Md);
    let clause_span = sentence.subtree_span(clause);
    // Nothing between the object and the clause: "saying the border would stay", not "saying
    // the border, which would stay".
    let adjacent = tokens.iter().position(|t| t.span.start == clause_span.start)?
        == tokens.iter().rposition(|t| t.span.end == object_span.end)? + 1;
    (finite && adjacent).then_some(object_span.start..clause_span.end)
}

/// Who the subject phrase at `subject` names: the speaker rules of the token pass read it as if
/// the verb came right after its name ("Mark Jones, a political scientist, said" → Mark Jones).
fn speaker(article: &Article<'_>, registry: &mut Registry, sentence: &Sentence, subject: usize) -> Option<Speaker> {
    let text = article.text;
    let tokens = &sentence.tokens;
    let head = &tokens[subject];
    if matches!(head.lemma.as_str(), "i" | "we" | "you" | "it" | "they" | "this" | "that" | "there") {
        return None;
    }
    // A name's words follow its head ("Mark" ← "Jones" flat): the phrase ends after them.
    let mut end = head.span.end;
    for c in sentence.children(subject).filter(|&c| c > subject) {
        if matches!(tokens[c].deprel, Deprel::Flat | Deprel::FlatForeign | Deprel::Compound)
            && text.get(end..tokens[c].span.start).is_some_and(|gap| gap.trim().is_empty())
        {
            end = tokens[c].span.end;
        }
    }
    if article.in_quote(head.span.start) {
        return None;
    }
    // A name the parser cut short ("Hernando" ← "Tavera" as an apposition) runs to its mention's end.
    let near = article.mentions_within(window_before(text, sentence.span.start, head.span.start)..end);
    end = near.iter().filter(|m| m.end > head.span.start).map(|m| m.end).fold(end, usize::max);
    let mut words = segment::tokens(text, window_before(text, sentence.span.start, end)..end);
    words.push(Token { start: end, end });
    let verb = words.len() - 1;
    if verb == 0 {
        return None;
    }
    if let Some(found) = speaker_before(article, registry, &words, verb) {
        return Some(found);
    }
    named_in_apposition(article, sentence, subject).or_else(|| description(article, registry, sentence, subject))
}

/// "Lionel Sosa, a media consultant and a Republican who said": the description is in apposition
/// to a name, and the name speaks.
fn named_in_apposition(article: &Article<'_>, sentence: &Sentence, subject: usize) -> Option<Speaker> {
    let tokens = &sentence.tokens;
    let mut at = subject;
    for _ in 0..SUBJECT_CHAIN {
        let named = |k: usize| {
            let span = &tokens[k].span;
            article
                .mentions_within(span.start..span.end)
                .first()
                .filter(|m| m.end >= span.end && !article.in_quote(m.start))
        };
        if let Some(m) = sentence.children(at).filter(|&c| tokens[c].deprel == Deprel::Appos).find_map(named) {
            return Some(Speaker { entity: m.entity, start: m.start, confidence: 0.8 });
        }
        if !matches!(tokens[at].deprel, Deprel::Appos | Deprel::Conj) {
            return None;
        }
        at = tokens[at].head?;
        if tokens[at].upos == Upos::Propn {
            let m = article
                .mentions_within(window_before(article.text, 0, tokens[at].span.start)..tokens[at].span.end)
                .last()?;
            return (m.end >= tokens[at].span.end && !article.in_quote(m.start)).then_some(Speaker {
                entity: m.entity,
                start: m.start,
                confidence: 0.8,
            });
        }
    }
    None
}

/// The description that is the parsed subject of the verb of saying at `verb` (its start), for
/// the token rules, which read names only: "Western nations accuse Tehran of …", "…, a senior
/// diplomat said".
pub(super) fn described_subject(article: &Article<'_>, registry: &mut Registry, verb: usize) -> Option<Speaker> {
    let at = article.parsed.partition_point(|s| s.span.end <= verb);
    let sentence = article.parsed.get(at).filter(|s| s.span.start <= verb)?;
    let token = sentence.tokens.iter().position(|t| t.span.start == verb)?;
    // Before its verb: after it ("…,” said a longtime data expert who …") the words may be what
    // was said, which the token rules did not read as a speaker.
    // A verb the tagger misread ("Western nations accuse Tehran" with `accuse` as an adjective)
    // has no subject in the parse: the noun right before it is one.
    let noun_before = token
        .checked_sub(1)
        .filter(|&k| sentence.tokens[k].upos == Upos::Noun && sentence.tokens[token].deprel != Deprel::Root)
        .filter(|&k| article.text[sentence.tokens[k].span.end..verb].trim().is_empty());
    let subject = match sentence.child(token, Deprel::Nsubj) {
        Some(s) => Some(s).filter(|&s| s < token)?,
        None => noun_before?,
    };
    // A capitalized noun inside a sentence is part of a name or a title ("… to Restore Diplomatic
    // Relations highlights"), not a description.
    let lowercase = sentence.text(article.text, subject).starts_with(char::is_lowercase);
    if article.in_quote(sentence.tokens[subject].span.start) || !lowercase {
        return None;
    }
    description(article, registry, sentence, subject)
}

/// "a spokesman for Bernie Sanders", "a spokeswoman for the Pentagon": the body or person the
/// spokesperson speaks for, when the article names them.
fn spoken_for(article: &Article<'_>, sentence: &Sentence, subject: usize) -> Option<Speaker> {
    let tokens = &sentence.tokens;
    if !matches!(tokens[subject].lemma.as_str(), "spokesman" | "spokeswoman" | "spokesperson") {
        return None;
    }
    let body = sentence.children(subject).find(|&c| {
        tokens[c].deprel == Deprel::Nmod
            && sentence.children(c).any(|k| tokens[k].deprel == Deprel::Case && tokens[k].lemma == "for")
    })?;
    let span = &tokens[body].span;
    let m = article
        .mentions_within(window_before(article.text, 0, span.start)..span.end)
        .iter()
        .rev()
        .find(|m| m.start <= span.start && span.end <= m.end && !article.in_quote(m.start))?;
    Some(Speaker { entity: m.entity, start: tokens[subject].span.start, confidence: 0.7 })
}

/// "a bartender", "banking analysts", "officials familiar with the talks": a description that
/// names no one is a speaker of its own (a person, or a group when plural). "the senator" refers
/// back to someone, so it is left to the rules that look for them.
fn description(article: &Article<'_>, registry: &mut Registry, sentence: &Sentence, subject: usize) -> Option<Speaker> {
    let text = article.text;
    let tokens = &sentence.tokens;
    let head = &tokens[subject];
    if head.upos != Upos::Noun {
        return None;
    }
    if let Some(body) = spoken_for(article, sentence, subject) {
        return Some(body);
    }
    let plural = head.xpos == Xpos::Nns;
    let determiner = sentence.child(subject, Deprel::Det).map(|d| tokens[d].lemma.as_str());
    let indefinite = match determiner {
        Some("a" | "an" | "some" | "several" | "many" | "two" | "three") => true,
        None => plural,
        _ => false,
    };
    let noun = sentence.text(text, subject);
    // "A statement posted on the website said", "a poll found": a document speaks for whoever
    // wrote it, which is for the reviewer to say.
    let document = cues::is_cue_noun(noun)
        || matches!(
            head.lemma.as_str(),
            "poll" | "survey" | "study" | "report" | "data" | "figure" | "document" | "analysis"
        );
    if !indefinite || document || lexicon::is_common_org_head(noun) {
        return None;
    }
    let mut start = head.span.start;
    let mut described = false;
    for c in sentence.children(subject).filter(|&c| c < subject) {
        if matches!(tokens[c].deprel, Deprel::Det | Deprel::Amod | Deprel::Compound | Deprel::Nummod) {
            start = start.min(sentence.subtree_span(c).start);
            described |= tokens[c].deprel != Deprel::Det;
        }
    }
    let mut end = head.span.end;
    // "officials familiar with the talks": an adjective phrase right after the noun describes it.
    if let Some(after) = sentence.children(subject).find(|&c| c == subject + 1 && tokens[c].deprel == Deprel::Amod) {
        end = sentence.subtree_span(after).end;
        described = true;
    }
    // "Critics said", "Residents say": a bare plural is everyone and no one; a speaker needs more.
    if plural && !described {
        return None;
    }
    let spelling = text[start..end].trim();
    if spelling.is_empty() || spelling.len() > 80 {
        return None;
    }
    let kind = if plural { EntityKind::Group } else { EntityKind::Person };
    let entity = registry.join_description(article.index, spelling, kind);
    Some(Speaker { entity, start, confidence: 0.6 })
}
