//! One article's reports of occurrences, read off the dependency parse: a trigger (an event verb,
//! or an event noun with the verb that makes it happen), its actors (subject, agent of a passive,
//! `between`/`with` phrases), targets (object, subject of a passive, `against` phrases), places
//! (place names in its own clause), the time words of its own clause, and the figures it gives.
//!
//! What is not an occurrence is left out: a negated or modal clause (`did not attack`, `could
//! strike`, `will meet`), a condition (`if talks fail`), an infinitive complement (`agreed to
//! raise`, `plans to strike`), a modifier (`a dinner hosted by`), a question, and anything inside
//! quotation marks (what a speaker alleges is a claim, drafted as one).

use std::ops::Range;

use super::lexicon;
use super::reciprocal;
use super::when::{self, When};
use crate::draft::dates::Ymd;
use crate::draft::entities::Registry;
use crate::grammar::{Deprel, Upos, Xpos};
use crate::store::model::EntityKind;

use super::participants::{Participants, Resolver};
use super::tree::{Tree, is_clausal};
use super::triggers::{Trigger, find_triggers};
pub use super::view::ArticleView;

/// A number an article gives for an occurrence: "at least 14 people", "six of the nine counts".
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: u64,
    /// The lemma of what is counted ("person", "count", "worker").
    pub noun: String,
    /// The words, verbatim ("at least 14 people").
    pub span: Range<usize>,
}

/// One article's report of one occurrence.
#[derive(Debug, Clone)]
pub struct Report {
    pub source: usize,
    /// The clause that states it, verbatim (bytes).
    pub passage: Range<usize>,
    pub kind: &'static str,
    /// What the occurrence is, for telling reports of it apart: the disaster, the event noun or
    /// the trigger's lemma, with near-synonyms folded ("walk out" and a labour "strike").
    pub family: String,
    pub title: String,
    pub actors: Vec<usize>,
    pub targets: Vec<usize>,
    pub places: Vec<usize>,
    /// Participants the article describes rather than names ("dock workers"), with the lemma of
    /// the description's head ("worker").
    pub described: Vec<(usize, String)>,
    /// Roles it names without a name ("both foreign ministers": "minister").
    pub roles: Vec<String>,
    pub when: Option<When>,
    /// The time words the date was read from; `None` when the clause has none and the date is
    /// the article's publication day.
    pub when_words: Option<Range<usize>>,
    /// The date is not the clause's own: the article, which has no date of its own, dated the
    /// report before it (in the same paragraph or the one before) and goes on with the story
    /// ("On January 17, Iran targeted … ¶ In retaliation, Pakistan launched …"); `when_words`
    /// are that report's.
    pub dated_by_context: bool,
    /// The passage of the report (same article) whose date this one took, when dated by context:
    /// once reports are joined, that report's event may be dated more precisely by other outlets,
    /// and this one follows it ([`super::timeline`]).
    pub context_of: Option<Range<usize>>,
    pub figures: Vec<Figure>,
    pub confidence: f32,
    /// The article states it as still to happen, on the date its own time words give read
    /// forward ([`super::scheduled`]).
    pub scheduled: bool,
}

fn number_value(text: &str) -> Option<u64> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = text.to_lowercase();
    if let Some(i) = WORDS.iter().position(|w| *w == lower) {
        return Some(i as u64 + 1);
    }
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    digits.parse::<u64>().ok().or_else(|| digits.parse::<f64>().ok().map(|f| f as u64))
}

/// Every report of an occurrence in one article, in text order.
pub fn find(view: &ArticleView<'_>, registry: &mut Registry) -> Vec<Report> {
    let mut out = Vec::new();
    let mut anchor: Option<Ymd> = None;
    if let (None, Some(hint)) = (view.published, view.year_hint) {
        for sentence in view.sentences {
            let first = Tree::new(sentence).first_date_to_come(view.text, hint);
            anchor = match (anchor, first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    let view = &ArticleView { weekday_anchor: anchor, ..*view };
    let mut resolver = Resolver { view, registry, described_as: Default::default(), found: Vec::new() };
    for sentence in view.sentences {
        let tree = Tree::new(sentence);
        tree.learn_descriptions(&mut resolver);
    }
    let paragraphs = crate::draft::segment::paragraphs(view.text);
    let paragraph_of = |at: usize| paragraphs.partition_point(|p| p.end <= at);
    // The last date the article's own words gave a report, and the paragraph it is in.
    let mut running: Option<(When, Range<usize>, Range<usize>, usize)> = None;
    for sentence in view.sentences {
        let text = &view.text[sentence.span.clone()];
        if text.trim_end().ends_with('?') || sentence.tokens.len() < 3 {
            continue;
        }
        let before = out.len();
        let tree = Tree::new(sentence);
        // The trigger verb of each report of this sentence, in order.
        let mut verbs = Vec::new();
        let real = find_triggers(&tree).into_iter().map(|t| {
            let timetabled = tree.is_timetabled_present(t.verb) || tree.is_scheduled(t.verb);
            (t, timetabled)
        });
        for (trigger, scheduled) in real.chain(tree.scheduled_triggers().into_iter().map(|t| (t, true))) {
            if resolver.inside_quote(tree.tokens[trigger.verb].span.start) {
                continue;
            }
            if let Some(report) = read_report(&tree, &trigger, scheduled, &mut resolver) {
                let split = if reciprocal::is_exchange(&tree, &trigger) {
                    reciprocal::split(report, &resolver)
                } else {
                    vec![report]
                };
                verbs.extend(split.iter().map(|_| trigger.verb));
                out.extend(split);
            }
        }
        date_from_story(&tree, &verbs, &mut out, before, view.published);
        // An article without a date of its own tells a story from the dates it gives: a report
        // with no time words follows the last one dated, if that is near (this paragraph or the
        // one before); a dated article's reports keep its publication day, as before.
        let paragraph = paragraph_of(sentence.span.start);
        for report in &mut out[before..] {
            match (&report.when_words, &running) {
                // What is still to happen tells no story of what happened.
                _ if report.scheduled => {}
                (Some(words), _) if !report.dated_by_context => {
                    running = report.when.map(|w| (w, words.clone(), report.passage.clone(), paragraph))
                }
                (None, Some((when, words, passage, at))) if view.published.is_none() && paragraph <= at + 1 => {
                    take_context(report, Some(*when), Some(words.clone()), passage.clone());
                }
                _ => {}
            }
        }
    }
    out
}

/// Dates the reports of one sentence (`out[first..]`, their trigger verbs `verbs`) that have no
/// time words of their own from the story around them, instead of the publication day:
/// - a past perfect ("Pakistan had recalled its ambassador") tells what came before the time the
///   article speaks of: it takes the date of the nearest report before it that names one of its
///   participants, dated by its own words to a day before publication;
/// - a participle clause ("…, as well as cancelling all engagements") tells another deed of its
///   main clause's subject at that time: it takes its main verb's report's date.
fn date_from_story(tree: &Tree<'_>, verbs: &[usize], out: &mut [Report], first: usize, published: Option<Ymd>) {
    for (n, &verb) in verbs.iter().enumerate() {
        let at = first + n;
        if out[at].when_words.is_some() || !tree.is_past_perfect(verb) {
            continue;
        }
        // The story it belongs to: a report naming one of its participants (not the war the
        // article mentioned last, before a past perfect about a strike).
        let named: Vec<usize> = out[at].actors.iter().chain(&out[at].targets).copied().collect();
        let earlier = out[..at].iter().rev().find(|r| {
            !r.scheduled
                && r.when_words.is_some()
                && !r.dated_by_context
                && r.when.is_some_and(|w| published.is_none_or(|p| w.days().1 < p))
                && (named.is_empty() || r.actors.iter().chain(&r.targets).any(|e| named.contains(e)))
        });
        if let Some(anchor) = earlier {
            let (when, words, passage) = (anchor.when, anchor.when_words.clone(), anchor.passage.clone());
            take_context(&mut out[at], when, words, passage);
        }
    }
    for (n, &verb) in verbs.iter().enumerate() {
        let at = first + n;
        if out[at].when_words.is_some() {
            continue;
        }
        let host = tree.main_verbs_of(verb).into_iter().find_map(|h| verbs.iter().position(|&v| v == h));
        let Some(host) = host else { continue };
        let host = &out[first + host];
        if host.when_words.is_some() {
            let anchor = host.context_of.clone().unwrap_or_else(|| host.passage.clone());
            let (when, words) = (host.when, host.when_words.clone());
            take_context(&mut out[at], when, words, anchor);
        }
    }
}

fn take_context(report: &mut Report, when: Option<When>, words: Option<Range<usize>>, anchor: Range<usize>) {
    report.when = when;
    report.when_words = words;
    report.dated_by_context = true;
    report.context_of = Some(anchor);
    report.confidence = (report.confidence - 0.1).max(0.05);
}

/// The report of `trigger`'s clause; for a `scheduled` one (a timetabled present, a future on
/// the record), only when its own time words, read forward, date it.
fn read_report(tree: &Tree<'_>, trigger: &Trigger, scheduled: bool, resolver: &mut Resolver<'_, '_>) -> Option<Report> {
    let verb = trigger.verb;
    let heads: Vec<usize> = std::iter::once(verb).chain(trigger.folded.iter().copied()).collect();
    // The clause: the trigger's words without the clauses hanging on it, but with the ones folded in.
    let mut clause = Vec::new();
    for &head in &heads {
        let stop = |c: usize| {
            let rel = tree.tokens[c].deprel;
            !heads.contains(&c)
                && (is_clausal(rel)
                    || rel == Deprel::Conj && tree.tokens[c].upos == Upos::Verb
                    || another_occurrence(tree, c))
        };
        tree.gather(head, &stop, &mut clause);
    }
    // "prompting Pakistan to retaliate": the passage names who was made to act.
    if let Some(causee) = tree.caused_by(verb).and_then(|cause| tree.child(cause, &[Deprel::Obj])) {
        clause.extend(tree.phrase(causee));
    }
    clause.sort_unstable();
    clause.dedup();
    // The passage reads whole: the clause with its complements and modifiers ("found guilty of
    // fraud on Tuesday"), without the clauses that tell something else (a conjoined verb, an
    // adverbial or relative clause, what was said). Punctuation hangs on the root: the
    // sentence's full stop would stretch the passage over every clause between, so it ends the
    // passage only where the words reach it.
    let mut extent = Vec::new();
    for &head in &heads {
        let stop = |c: usize| !heads.contains(&c) && tells_something_else(tree, c);
        tree.gather(head, &stop, &mut extent);
    }
    extent.extend(clause.iter().copied());
    // A clause that tells something else never sits inside the passage: one between the subject
    // and the verb ("Ortega, who declared a state of emergency …, flew to …", the relative clause
    // hung on the verb) cuts the passage to the trigger's side, or it would report both.
    let mut in_extent = vec![false; tree.tokens.len()];
    for &t in &extent {
        in_extent[t] = true;
    }
    let told_apart: Vec<usize> = extent
        .iter()
        .flat_map(|&t| tree.children[t].iter().copied())
        .filter(|&c| !in_extent[c] && tells_something_else(tree, c))
        .flat_map(|c| tree.subtree(c))
        .collect();
    let cut_before = told_apart.iter().copied().filter(|&t| t < verb).max();
    let cut_after = told_apart.iter().copied().filter(|&t| t > verb).min();
    let worded: Vec<usize> = extent
        .iter()
        .copied()
        .filter(|&t| tree.tokens[t].upos != Upos::Punct)
        .filter(|&t| cut_before.is_none_or(|b| t > b) && cut_after.is_none_or(|a| t < a))
        .collect();
    let mut span = tree.span_of(&worded)?;
    if let Some(stop) = extent
        .iter()
        .map(|&t| &tree.tokens[t].span)
        .find(|p| p.start == span.end && matches!(&resolver.view.text[(*p).clone()], "." | "!" | "…"))
    {
        span.end = stop.end;
    }
    let passage = trimmed(resolver.view.text, span);

    let passive = tree.child(verb, &[Deprel::NsubjPass]).is_some() || tree.child(verb, &[Deprel::AuxPass]).is_some();
    let symmetric = matches!(trigger.kind, "meeting" | "phone-call" | "agreement" | "security-meeting");
    let mut actors = Participants::default();
    let mut targets = Participants::default();
    let subject =
        if trigger.noun.is_some_and(|n| tree.tokens[n].deprel == Deprel::Nsubj) { None } else { tree.subject(verb) };
    let subject_is_disaster = subject.is_some_and(|s| lexicon::is_disaster(&tree.lemma(s).to_lowercase()));
    // Who dies, or is killed in "two children killed" (a headline's clause with no object), is
    // a victim, not the one acting.
    let victim_subject = matches!(lexicon::verb(&tree.lemma(verb).to_lowercase()), Some(lexicon::Sense::Toll))
        && trigger.noun.is_none()
        && (tree.lemma(verb).eq_ignore_ascii_case("die") || tree.child(verb, &[Deprel::Obj]).is_none());
    if let Some(subject) = subject.filter(|_| !subject_is_disaster) {
        let into = if passive || victim_subject { &mut targets } else { &mut actors };
        tree.participants(subject, resolver, into);
    }
    for &head in &heads {
        if let Some(agent) = tree.child(head, &[Deprel::OblAgent]).or_else(|| {
            tree.children_with(head, &[Deprel::Obl]).find(|&c| passive && tree.case(c).as_deref() == Some("by"))
        }) {
            tree.participants(agent, resolver, &mut actors);
        }
        if let Some(object) = tree.child(head, &[Deprel::Obj]).filter(|&o| Some(o) != trigger.noun) {
            // What a disaster strikes is where it happened, not a target.
            if !subject_is_disaster {
                let into = if symmetric { &mut actors } else { &mut targets };
                tree.participants(object, resolver, into);
            }
        }
    }
    // "the war between Israel and Hamas erupted", "clashes between A and B broke out": the sides
    // of what the subject names act.
    if let Some(subject) = subject.filter(|&s| tree.tokens[s].upos == Upos::Noun) {
        for c in tree.children_with(subject, &[Deprel::Nmod]) {
            if tree.case(c).as_deref() == Some("between") {
                tree.participants(c, resolver, &mut actors);
            }
        }
    }
    // "talks between A and B", "a lawsuit against C", "met with D".
    for owner in heads.iter().copied().chain(trigger.noun) {
        for c in tree.children_with(owner, &[Deprel::Obl, Deprel::Nmod]) {
            match tree.case(c).as_deref() {
                Some("between" | "with") if symmetric || trigger.noun.is_some() => {
                    tree.participants(c, resolver, &mut actors)
                }
                Some("against") => tree.participants(c, resolver, &mut targets),
                _ => {}
            }
        }
    }
    // "the Iranian attack": a state named by its adjective acts, when the article names it.
    if actors.entities.is_empty()
        && let Some(entity) = trigger.noun.and_then(|n| {
            tree.children_with(n, &[Deprel::Amod])
                .find_map(|a| resolver.state_by_adjective(&resolver.view.text[tree.tokens[a].span.clone()]))
        })
    {
        actors.entities.push(entity);
    }
    let mut places = Vec::new();
    for &t in &clause {
        let span = &tree.tokens[t].span;
        let unnamed_place = tree.tokens[t].upos == Upos::Propn
            && resolver.mention_at(span).is_none()
            && !matches!(tree.tokens[t].deprel, Deprel::Flat | Deprel::Compound)
            && tree.names_a_place(t);
        if unnamed_place {
            tree.name_at(t, EntityKind::Place, resolver);
        }
        if let Some(entity) = resolver.mention_at(span)
            && matches!(resolver.registry.entities[entity].kind, EntityKind::Place | EntityKind::Country)
            && !actors.entities.contains(&entity)
            && !targets.entities.contains(&entity)
            && !places.contains(&entity)
        {
            places.push(entity);
        }
    }
    // Time words hung on the clause's verbs; else any in the clause (the parser may attach "on
    // Monday morning" to a noun); else the day the article reports it, less surely — news copy
    // leaves out "today".
    // The time words may hang on a modifier the parser attached them to ("found guilty of fraud
    // … on Tuesday"): look through every phrase of the clause but other clauses.
    let mut wide = Vec::new();
    for &head in &heads {
        let stop = |c: usize| !heads.contains(&c) && (tells_something_else(tree, c) || not_its_date(tree, c));
        tree.gather(head, &stop, &mut wide);
    }
    wide.sort_unstable();
    // Read run by run of adjacent words, so that a deadline left out between them ("the return of
    // ambassadors by January 26") is not read across.
    let runs = wide.chunk_by(|a, b| b - a == 1).filter_map(|run| tree.span_of(run));
    let view = resolver.view;
    let read = |words: &str| if scheduled { view.resolve_ahead(words) } else { view.resolve(words) };
    let wide_date = || runs.clone().find_map(|span| read(&view.text[span.clone()]).map(|w| (w, span)));
    let own_date = date_of(tree, &heads, trigger.noun, view.text, &read).or_else(wide_date);
    if scheduled && own_date.is_none() {
        return None;
    }
    let mut dated_by_publication = false;
    let (when, when_words) = own_date.map_or_else(
        || {
            dated_by_publication = resolver.view.published.is_some();
            (resolver.view.published.map(When::Day), None)
        },
        |(w, r)| (Some(w), Some(r)),
    );
    let mut figures = figures_in(tree, &clause, resolver.view.text);
    figures.extend(times_told(tree, &heads, trigger.noun));
    let title = title_of(tree, trigger, subject.filter(|_| !subject_is_disaster), &actors, &targets, resolver);
    let mut confidence: f32 = 0.5;
    if !actors.entities.is_empty() || !targets.entities.is_empty() {
        confidence += 0.15;
    }
    if when.is_some() && !dated_by_publication {
        confidence += 0.15;
    }
    if actors.pronoun || targets.pronoun {
        confidence -= 0.1;
    }
    if tree.tokens[verb].deprel == Deprel::Ccomp {
        confidence -= 0.15;
    }
    let mut described = actors.described;
    described.extend(targets.described);
    let mut roles = actors.roles;
    roles.extend(targets.roles);
    dedup(&mut actors.entities);
    dedup(&mut targets.entities);
    targets.entities.retain(|e| !actors.entities.contains(e));
    Some(Report {
        source: resolver.view.index,
        passage,
        kind: trigger.kind,
        family: trigger.family.clone(),
        title,
        actors: actors.entities,
        targets: targets.entities,
        places,
        described,
        roles,
        when,
        when_words,
        dated_by_context: false,
        context_of: None,
        figures,
        confidence: confidence.clamp(0.05, 0.95),
        scheduled,
    })
}

fn dedup(list: &mut Vec<usize>) {
    let mut seen = Vec::new();
    list.retain(|e| {
        let fresh = !seen.contains(e);
        seen.push(*e);
        fresh
    });
}

/// A passage without the punctuation and conjunctions at its edges.
fn trimmed(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let start_cut = piece.len() - piece.trim_start_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c)).len();
    let rest = &piece[start_cut..];
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    span.start + start_cut..span.start + start_cut + kept.len()
}

/// The date of the occurrence from the time words hanging on its verbs (or event noun).
fn date_of(
    tree: &Tree<'_>,
    heads: &[usize],
    noun: Option<usize>,
    text: &str,
    read: &dyn Fn(&str) -> Option<When>,
) -> Option<(When, Range<usize>)> {
    const TIME_RELS: &[Deprel] = &[
        Deprel::Obl,
        Deprel::OblTmod,
        Deprel::OblUnmarked,
        Deprel::OblNpmod,
        Deprel::NmodTmod,
        Deprel::NmodUnmarked,
        Deprel::Advmod,
        Deprel::Nmod,
    ];
    let mut owners: Vec<usize> = heads.to_vec();
    owners.extend(noun);
    // What a cause brought about takes the cause's day ("prompted a meeting …, on Friday").
    if let Some(cause) = noun.and_then(|n| tree.tokens[n].head.filter(|_| tree.tokens[n].deprel == Deprel::Obj))
        && tree.caused_on_its_day(cause)
    {
        owners.push(cause);
    }
    // A conjunct without time words of its own shares its first conjunct's ("flew on Tuesday and visited").
    if let Some(head) = tree.tokens[heads[0]].head.filter(|_| tree.tokens[heads[0]].deprel == Deprel::Conj) {
        owners.push(head);
    }
    for owner in owners {
        // Time words may be split over several phrases ("in March" + "last year"): read the
        // stretch from the first phrase holding one to the last, then each alone.
        let timed: Vec<Range<usize>> = tree
            .children_with(owner, TIME_RELS)
            .filter(|&c| !not_its_date(tree, c))
            .filter_map(|c| tree.span_of(&tree.subtree(c)))
            .filter(|span| when::has_time_words(&text[span.clone()]))
            .collect();
        let (Some(first), Some(last)) = (timed.first(), timed.last()) else { continue };
        let stretch = first.start.min(last.start)..first.end.max(last.end);
        for span in std::iter::once(stretch).chain(timed.iter().cloned()) {
            if let Some(when) = read(&text[span.clone()]) {
                return Some((when, span));
            }
        }
    }
    None
}

/// Whether the phrase at `i` dates something else: "by January 26" is a deadline, "after the
/// quake" another occurrence.
/// Whether token `c` opens a clause that tells something other than the event's own clause: a
/// conjoined verb, an adverbial or relative clause, what was said.
fn tells_something_else(tree: &Tree, c: usize) -> bool {
    let rel = tree.tokens[c].deprel;
    matches!(rel, Deprel::Ccomp | Deprel::Parataxis | Deprel::AclRelcl | Deprel::Advcl | Deprel::List)
        || rel == Deprel::Conj && tree.tokens[c].upos == Upos::Verb
        || another_occurrence(tree, c)
}

/// "walked out on May 3 after talks with the operator": the occurrence it came after is another,
/// with its own words, participants and places.
fn another_occurrence(tree: &Tree, c: usize) -> bool {
    matches!(tree.tokens[c].deprel, Deprel::Obl | Deprel::Nmod)
        && tree.event_noun(c).is_some()
        && matches!(tree.case(c).as_deref(), Some("after" | "following" | "before"))
}

fn not_its_date(tree: &Tree<'_>, i: usize) -> bool {
    let marker = |word: &str| matches!(word, "by" | "until" | "till" | "before" | "after" | "since");
    // The parse may hang the marker on a word inside the phrase ("by January 26" with "by" on
    // "January"): the phrase's first word decides too.
    tree.case(i).is_some_and(|c| marker(&c)) || {
        let first = tree.leftmost(i);
        tree.tokens[first].upos == Upos::Adp && marker(&tree.lemma(first).to_lowercase())
    }
}

/// The numbers the clause gives, with what they count.
fn figures_in(tree: &Tree<'_>, clause: &[usize], text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for &t in clause {
        let token = &tree.tokens[t];
        if token.upos != Upos::Num {
            continue;
        }
        let Some(value) = number_value(&text[token.span.clone()]) else { continue };
        // A year or a time of day is a date, not a figure.
        if (1900..=2100).contains(&value) && !text[token.span.clone()].contains(',') {
            continue;
        }
        let counted = match token.deprel {
            Deprel::Nummod => token.head,
            // "six of the nine counts": the number heads the phrase.
            _ => tree.children_with(t, &[Deprel::Nmod]).find(|&c| tree.case(c).as_deref() == Some("of")),
        };
        let Some(noun) = counted.filter(|&n| matches!(tree.tokens[n].upos, Upos::Noun | Upos::Propn)) else { continue };
        let noun_lemma = tree.lemma(noun).to_lowercase();
        if matches!(noun_lemma.as_str(), "a.m." | "p.m." | "am" | "pm" | "hour" | "minute") {
            continue;
        }
        // The words: "at least", "about", "more than" before the number, through the noun.
        let mut words: Vec<usize> =
            tree.children_with(t, &[Deprel::Advmod]).filter(|&c| c < t).flat_map(|c| tree.subtree(c)).collect();
        words.push(t);
        words.push(noun);
        if noun > t {
            words.extend((t..noun).filter(|&i| {
                matches!(tree.tokens[i].deprel, Deprel::Compound | Deprel::Amod | Deprel::Case | Deprel::Det)
            }));
        }
        let Some(span) = tree.span_of(&words) else { continue };
        out.push(Figure { value, noun: noun_lemma, span });
    }
    out
}

/// How many times the occurrence happened, when the report says (a figure counting `time`): a
/// frequency on its verb (`have spoken twice`, `met three times`), or one told as a single
/// occurrence (`after a phone call`), so that reports counting it differently disagree.
fn times_told(tree: &Tree<'_>, heads: &[usize], noun: Option<usize>) -> Vec<Figure> {
    let mut out = Vec::new();
    for &head in heads {
        for c in tree.children_with(head, &[Deprel::Advmod, Deprel::OblNpmod, Deprel::Obl, Deprel::OblTmod]) {
            let lemma = tree.lemma(c).to_lowercase();
            let value = match lemma.as_str() {
                "twice" => Some(2),
                "thrice" => Some(3),
                // "three times": the number counts the noun `time`, with no preposition.
                "time" if tree.case(c).is_none() => {
                    tree.child(c, &[Deprel::Nummod]).and_then(|n| number_value(tree.lemma(n))).filter(|&n| n >= 2)
                }
                _ => None,
            };
            if let Some(value) = value {
                let span = tree.span_of(&tree.subtree(c)).unwrap_or_else(|| tree.tokens[c].span.clone());
                out.push(Figure { value, noun: "time".into(), span });
            }
        }
    }
    let single =
        noun.filter(|&n| tree.tokens[n].xpos == Xpos::Nn && tree.has_child_lemma(n, &[Deprel::Det], &["a", "an"]));
    if let Some(n) = single {
        let words: Vec<usize> = tree.children[n]
            .iter()
            .copied()
            .filter(|&c| c < n && matches!(tree.tokens[c].deprel, Deprel::Det | Deprel::Compound | Deprel::Amod))
            .chain([n])
            .collect();
        if let Some(span) = tree.span_of(&words) {
            out.push(Figure { value: 1, noun: "time".into(), span });
        }
    }
    out
}

/// A one-line title in headline style, from the parse: "FBI arrests Paul Greer",
/// "Earthquake strikes northern coast of Verano", "Paul Greer found guilty".
fn title_of(
    tree: &Tree<'_>,
    trigger: &Trigger,
    subject: Option<usize>,
    actors: &Participants,
    targets: &Participants,
    resolver: &Resolver<'_, '_>,
) -> String {
    let text = resolver.view.text;
    let name = |e: usize| resolver.registry.entities[e].name.clone();
    let names = |list: &[usize]| -> Option<String> {
        let names: Vec<String> = list.iter().take(3).map(|&e| name(e)).collect();
        (!names.is_empty()).then(|| names.join(" and "))
    };
    let words_of = |i: usize, max: usize| -> String {
        let phrase = tree.phrase(i);
        // A possessor goes whole, with its "'s": "hideout in Pakistan's Balochistan" → "hideout in
        // Balochistan".
        let possessed: Vec<usize> = phrase
            .iter()
            .filter(|&&t| t != i && tree.tokens[t].deprel == Deprel::NmodPoss)
            .flat_map(|&t| tree.subtree(t))
            .collect();
        let ids: Vec<usize> = phrase
            .into_iter()
            .filter(|&t| {
                // Without the preposition before it ("because a rail strike, which began …").
                let marker = tree.tokens[t].deprel == Deprel::Case && tree.tokens[t].head == Some(i) && t < i;
                t == i
                    || !matches!(tree.tokens[t].deprel, Deprel::Det | Deprel::Punct)
                        && !possessed.contains(&t)
                        && !marker
            })
            .collect();
        let words: Vec<&str> = ids.iter().map(|&t| &text[tree.tokens[t].span.clone()]).take(max).collect();
        words.join(" ")
    };
    let verb = trigger.verb;
    // A presupposed occurrence is its noun phrase: "Phone call between Jilani and Abdollahian".
    if trigger.noun == Some(verb) {
        // Without its preposition and its date: "after talks … on Sunday" → "Talks …".
        let left_out: Vec<usize> = tree.children[verb]
            .iter()
            .filter(|&&c| {
                tree.tokens[c].deprel == Deprel::Case
                    || tree.subtree(c).iter().any(|&w| super::when::has_time_words(tree.lemma(w)))
            })
            .flat_map(|&c| tree.subtree(c))
            .collect();
        let words: Vec<&str> = tree
            .phrase(verb)
            .into_iter()
            .filter(|t| !left_out.contains(t) && !matches!(tree.tokens[*t].deprel, Deprel::Det | Deprel::Punct))
            .map(|t| &text[tree.tokens[t].span.clone()])
            .take(10)
            .collect();
        return headline(words.join(" "));
    }
    // "Pakistan announces visit": what the statement schedules.
    if let Some(event) = tree.scheduled_by(verb).filter(|_| trigger.kind == "announcement") {
        let who = names(&actors.entities).or_else(|| subject.map(|s| words_of(s, 6))).unwrap_or_default();
        let what = tree.event_noun_lemma(event);
        return headline(format!("{who} {} {what}", lexicon::third_person("announce")));
    }
    let lemma = lexicon::spelled(&tree.lemma(verb).to_lowercase()).to_string();
    let particle = tree
        .child(verb, &[Deprel::CompoundPrt])
        .map(|p| format!(" {}", tree.lemma(p)))
        .or_else(|| (lemma == "walk" && trigger.family == "labour-strike").then(|| " out".to_string()));
    let passive = tree.child(verb, &[Deprel::AuxPass]).is_some();
    let object = trigger
        .noun
        .filter(|&n| tree.tokens[n].deprel != Deprel::Nsubj && Some(n) != subject)
        .or_else(|| tree.child(verb, &[Deprel::Obj]))
        .map(|o| names(&targets.entities).filter(|_| trigger.noun.is_none()).unwrap_or_else(|| words_of(o, 8)));
    let complement = tree.child(verb, &[Deprel::Xcomp]).map(|x| format!(" {}", words_of(x, 4))).unwrap_or_default();
    let light_passive = trigger.noun.filter(|&n| passive && tree.tokens[n].deprel == Deprel::NsubjPass);
    let title = if let Some(noun) = light_passive {
        // "Iran carries out missile strikes": who did it, what it did.
        let who = names(&actors.entities).unwrap_or_default();
        let did = lexicon::third_person(&lemma);
        format!("{who} {did}{} {}", particle.unwrap_or_default(), words_of(noun, 6))
    } else if passive {
        let who = names(&targets.entities).or_else(|| subject.map(|s| words_of(s, 6))).unwrap_or_default();
        format!("{who} {}{complement}", &text[tree.tokens[verb].span.clone()])
    } else {
        // "War between Israel and Hamas erupts": the sides act, but the war is what erupts.
        let sides = subject.filter(|&s| {
            tree.tokens[s].upos == Upos::Noun
                && tree.children_with(s, &[Deprel::Nmod]).any(|c| tree.case(c).as_deref() == Some("between"))
        });
        let who = sides
            .map(|s| {
                // Without the subordinator the parser gave it as a preposition ("since the war").
                let words = words_of(s, 7);
                match tree.case(s) {
                    Some(case) => words.strip_prefix(&format!("{case} ")).map(str::to_string).unwrap_or(words),
                    None => words,
                }
            })
            .or_else(|| names(&actors.entities))
            .or_else(|| subject.map(|s| words_of(s, 6)));
        let who = who.unwrap_or_else(|| match trigger.noun {
            Some(n) if tree.tokens[n].deprel == Deprel::Nsubj => words_of(n, 8),
            _ => String::new(),
        });
        let disaster = tree.subject(verb).filter(|&s| lexicon::is_disaster(&tree.lemma(s).to_lowercase()));
        let who = if who.is_empty() { disaster.map(|d| words_of(d, 4)).unwrap_or_default() } else { who };
        // "Kessler and Lindqvist meet": who was met is already among those meeting.
        let symmetric = matches!(trigger.kind, "meeting" | "phone-call" | "agreement" | "security-meeting");
        let object = object.filter(|_| !(symmetric && actors.entities.len() > 1));
        let object = object.map(|o| format!(" {o}")).unwrap_or_default();
        // "Police arrest", "Kessler and Lindqvist meet", "Jury convicts".
        let plural = sides.is_none() && actors.entities.len() > 1
            || subject.is_some_and(|s| {
                matches!(tree.tokens[s].xpos, Xpos::Nns | Xpos::Nnps)
                    || tree.child(s, &[Deprel::Conj]).is_some()
                    || matches!(tree.lemma(s).to_lowercase().as_str(), "police" | "people")
            });
        let verb_form = if plural { lemma.clone() } else { lexicon::third_person(&lemma) };
        format!("{who} {verb_form}{}{object}{complement}", particle.unwrap_or_default())
    };
    headline(title)
}

/// A title on one line, capitalised, at most 120 characters.
fn headline(title: String) -> String {
    let mut title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = title.chars().next() {
        title = first.to_uppercase().collect::<String>() + &title[first.len_utf8()..];
    }
    if title.chars().count() > 120 {
        title = title.chars().take(119).collect::<String>() + "…";
    }
    title
}

#[cfg(test)]
#[path = "extract_tests.rs"]
pub(super) mod tests;
