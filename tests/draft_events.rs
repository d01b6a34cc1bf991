//! How good `factline draft`'s events and disagreements are, measured on two sets:
//!
//! - the **bundled benchmark**: the five articles in `data/sources` against their curated store
//!   (19 events, 14 discrepancies), written by people, not for the drafter;
//! - the **event fixtures** (`tests/fixtures/events/`): eight project-written articles (a court
//!   case, an earthquake, a dock strike, a summit; two outlets each) whose expected events,
//!   disagreements and non-events were annotated in `gold.json` before the drafter existed. Their
//!   first-run figures are in the README; the rules have been tuned on them since, so they are a
//!   tuning set now;
//! - the **new fixtures** (`tests/fixtures/events-new/`): a border clash told by three outlets,
//!   annotated before the drafter first ran on them; tuned on since their first run (recorded);
//! - the **unseen fixtures** (`tests/fixtures/events-unseen/`): four articles (a factory fire and
//!   its owner's trial, a rail strike and the summit it disrupted) written and annotated after the
//!   rules were frozen; their first run is recorded, and they are a tuning set since the third
//!   unseen set's first run;
//! - the **second unseen fixtures** (`tests/fixtures/events-unseen-2/`): four articles (a bribery
//!   conviction by a wire and a blog, a bus strike by the union's page and a local daily, with
//!   two scheduled events) written and annotated after the rules were frozen; a tuning set since
//!   the same point;
//! - the **third unseen fixtures** (`tests/fixtures/events-unseen-3/`): five articles (a ship
//!   seizure by a wire and a daily, a minister's resignation by a wire, a daily and an undated
//!   blog, with two scheduled events) written and annotated after the rules were frozen at
//!   `e043a8f`, committed before the first run; a tuning set since that run was recorded;
//! - the **fourth unseen fixtures** (`tests/fixtures/events-unseen-4/`): five articles (a regional
//!   election by a wire, a daily and an undated blog; river floods by a relief agency's press
//!   release and a wire; two scheduled events) written and annotated after the rules were frozen
//!   at `46cbadd`, committed before the first run, never used to change a rule;
//! - the **held-out fixtures** (`tests/fixtures/events-heldout/`): three articles of other kinds (a
//!   dam collapse told by a wire and a local daily, a pension vote and its protest), annotated before
//!   the drafter first ran on them and never used to change a rule; they hold the targets.
//!
//! Matching rules (the same for both sets):
//! - a drafted event **matches** an expected one when one of its passages overlaps one of the
//!   expected passages, in the same article, by at least half of the shorter of the two;
//! - one to one: each expected event, in order, takes the drafted event not yet taken with the most
//!   such overlaps; **recall** is the share of (required) expected events matched; **precision**
//!   the share of drafted events that match an expected event (optional ones included);
//! - **joined**: an expected event reported by several articles is found as one drafted event with
//!   a passage in each of them; **article pairs joined**: of every pair of articles that report
//!   one expected event, those where one drafted event has a passage on it in both; a **wrong
//!   join**: two passages of one drafted event that are evidence of different expected events;
//! - **date** right: the drafted date is the expected one, written the same way; **type** right:
//!   one of the expected types; **actors** right: a drafted actor has an expected actor's spelling
//!   (folded), or the expected event has no actor;
//! - **non-events**: no drafted passage may cover half of an expected non-event (negations,
//!   conditions, plans, wishes); an expected event marked `scheduled` (what an article states as
//!   fixed for a date) must be drafted with the `scheduled` mark if drafted at all, else it counts
//!   as a non-event drafted;
//! - a **disagreement** is found when a drafted discrepancy about the matched event has, for each
//!   expected variant, a variant whose passage overlaps it; **partly** found when one drafted
//!   discrepancy about it covers two of the expected variants or more, but not all.
//!
//! Events no article dates are not written to the store (the format gives every event a date), so
//! they are not scored either.

use std::ops::Range;
use std::path::Path;

use factline::draft::entities::fold;
use factline::draft::events::DraftEvent;
use factline::draft::{Article, Draft, draft};

fn articles_in(folder: &Path) -> Vec<Article> {
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Article {
            file_name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect()
}

/// A passage: article file name and byte range.
#[derive(Debug, Clone)]
struct Passage {
    file: String,
    span: Range<usize>,
}

struct Expected {
    id: String,
    optional: bool,
    /// The article states it as still to happen: drafted, it must carry the `scheduled` mark, or
    /// it counts as a non-event drafted.
    scheduled: bool,
    types: Vec<String>,
    date: String,
    actors: Vec<String>,
    evidence: Vec<(Passage, bool)>,
}

struct ExpectedDisagreement {
    about: String,
    variants: Vec<Passage>,
}

fn half_overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    let shared = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let shorter = (a.end - a.start).min(b.end - b.start).max(1);
    2 * shared >= shorter
}

fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn drafted_passages(draft: &Draft, event: &DraftEvent) -> Vec<Passage> {
    event
        .reports
        .iter()
        .map(|r| Passage { file: draft.sources[r.source].file_name.clone(), span: r.passage.clone() })
        .collect()
}

fn written(draft: &Draft) -> Vec<&DraftEvent> {
    draft.timeline.events.iter().collect()
}

#[derive(Debug, Default)]
struct Figures {
    drafted: usize,
    right: usize,
    expected: usize,
    found: usize,
    multi: usize,
    joined: usize,
    dated_right: usize,
    typed_right: usize,
    with_actors: usize,
    actors_right: usize,
    non_events_drafted: usize,
    disagreements: usize,
    disagreements_found: usize,
    /// Not found whole, but with two of its variants or more in one drafted discrepancy.
    disagreements_partly: usize,
    /// Pairs of articles that report one expected event ([`score_joins`]).
    pairs: usize,
    pairs_joined: usize,
    /// Pairs of drafted reports in one event that report different expected events.
    wrong_joins: usize,
}

impl Figures {
    fn precision(&self) -> f64 {
        self.right as f64 / self.drafted.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.found as f64 / self.expected.max(1) as f64
    }
    fn dates(&self) -> f64 {
        self.dated_right as f64 / self.found.max(1) as f64
    }
}

fn score(
    draft: &Draft,
    expected: &[Expected],
    disagreements: &[ExpectedDisagreement],
    non_events: &[Passage],
    log: &mut String,
) -> Figures {
    let events = written(draft);
    let mut f = Figures { drafted: events.len(), ..Figures::default() };
    let overlaps = |drafted: &[Passage], e: &Expected| {
        e.evidence
            .iter()
            .filter(|(p, _)| drafted.iter().any(|d| d.file == p.file && half_overlap(&d.span, &p.span)))
            .count()
    };
    let mut matched_to: Vec<Option<usize>> = Vec::new();
    for e in expected {
        let best = events
            .iter()
            .enumerate()
            .filter(|(i, _)| !matched_to.contains(&Some(*i)))
            .map(|(i, ev)| (overlaps(&drafted_passages(draft, ev), e), i))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))
            .map(|(_, i)| i);
        matched_to.push(best);
        if let Some(i) = best.filter(|&i| e.scheduled && !events[i].scheduled) {
            f.non_events_drafted += 1;
            log.push_str(&format!("  scheduled drafted as done: {} ({})\n", e.id, events[i].title));
        }
        if e.optional {
            continue;
        }
        f.expected += 1;
        let Some(i) = best else {
            log.push_str(&format!("  missed: {}\n", e.id));
            continue;
        };
        f.found += 1;
        let event = events[i];
        let passages = drafted_passages(draft, event);
        let mut files: Vec<&str> = e.evidence.iter().filter(|(_, opt)| !opt).map(|(p, _)| p.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        if files.len() > 1 {
            f.multi += 1;
            let all = files.iter().all(|file| {
                e.evidence.iter().any(|(p, _)| {
                    p.file == *file && passages.iter().any(|d| d.file == p.file && half_overlap(&d.span, &p.span))
                })
            });
            f.joined += usize::from(all);
            if !all {
                log.push_str(&format!("  not joined: {} ({} reports drafted)\n", e.id, passages.len()));
            }
        }
        let date = event.when.map(|w| w.to_string()).unwrap_or_default();
        if date == e.date {
            f.dated_right += 1;
        } else {
            log.push_str(&format!("  date: {} want {}, got {date}\n", e.id, e.date));
        }
        if e.types.iter().any(|t| t == event.kind) {
            f.typed_right += 1;
        } else {
            log.push_str(&format!("  type: {} want {:?}, got {}\n", e.id, e.types, event.kind));
        }
        if !e.actors.is_empty() {
            f.with_actors += 1;
            let spellings: Vec<String> =
                event.actors.iter().flat_map(|&a| draft.entities[a].spellings.iter().map(|s| fold(s))).collect();
            let ok = e.actors.iter().any(|a| spellings.iter().any(|s| *s == fold(a)));
            f.actors_right += usize::from(ok);
            if !ok {
                let got: Vec<&str> = event.actors.iter().map(|&a| draft.entities[a].name.as_str()).collect();
                log.push_str(&format!("  actors: {} want {:?}, got {got:?}\n", e.id, e.actors));
            }
        }
    }
    for (i, event) in events.iter().enumerate() {
        let ok = matched_to.contains(&Some(i));
        f.right += usize::from(ok);
        if !ok {
            let passages = drafted_passages(draft, event);
            let words: Vec<String> = passages
                .iter()
                .map(|p| {
                    let text = &draft.sources.iter().find(|s| s.file_name == p.file).unwrap().text;
                    format!("[{}] {}", p.file, &text[p.span.clone()])
                })
                .collect();
            log.push_str(&format!("  wrong: {} ({}) {:?}\n", event.title, event.kind, words));
        }
        let passages = drafted_passages(draft, event);
        for n in non_events {
            if passages.iter().any(|d| d.file == n.file && touches(&d.span, &n.span) && half_overlap(&d.span, &n.span))
            {
                f.non_events_drafted += 1;
                log.push_str(&format!("  non-event drafted: [{}] {}\n", n.file, event.title));
            }
        }
    }
    (f.pairs, f.pairs_joined, f.wrong_joins) = score_joins(draft, expected, log);
    for d in disagreements {
        f.disagreements += 1;
        let about = expected.iter().position(|e| e.id == d.about).and_then(|i| matched_to[i]);
        // The most expected variants one drafted discrepancy about the matched event covers.
        let covered = about.map_or(0, |i| {
            let event = events[i];
            let index = draft.timeline.events.iter().position(|e| std::ptr::eq(e, event)).unwrap();
            draft
                .timeline
                .discrepancies
                .iter()
                .filter(|x| x.event == index)
                .map(|x| {
                    d.variants
                        .iter()
                        .filter(|want| {
                            x.variants.iter().any(|v| {
                                v.passages.iter().any(|(source, span)| {
                                    draft.sources[*source].file_name == want.file && touches(span, &want.span)
                                })
                            })
                        })
                        .count()
                })
                .max()
                .unwrap_or(0)
        });
        let found = covered == d.variants.len();
        f.disagreements_partly += usize::from(!found && covered >= 2);
        f.disagreements_found += usize::from(found);
        if !found {
            log.push_str(&format!("  disagreement missed: {} ({covered} of {} variants)\n", d.about, d.variants.len()));
        }
    }
    f
}

/// What a drafted report is, for the log of a join that failed: its type, what happened, who,
/// where, when.
fn describe(draft: &Draft, r: &factline::draft::events::Report) -> String {
    let names = |ids: &[usize]| ids.iter().map(|&i| draft.entities[i].name.as_str()).collect::<Vec<_>>().join("+");
    let when = r.when.map(|w| w.to_string()).unwrap_or_default();
    format!("{}/{} by {} on {} at {} {when}", r.kind, r.family, names(&r.actors), names(&r.targets), names(&r.places))
}

/// Joining scored on its own: every pair of articles that report one expected event (required
/// evidence) is **joined right** when one drafted event has a passage on the event in each; a
/// **wrong join** is a pair of reports in one drafted event whose passages are each evidence of
/// expected events, none the same. Returns (pairs to join, pairs joined, wrong joins).
fn score_joins(draft: &Draft, expected: &[Expected], log: &mut String) -> (usize, usize, usize) {
    let events = written(draft);
    let covers = |event: &DraftEvent, p: &Passage| {
        drafted_passages(draft, event).iter().any(|d| d.file == p.file && half_overlap(&d.span, &p.span))
    };
    let (mut pairs, mut joined, mut wrong) = (0, 0, 0);
    for e in expected.iter().filter(|e| !e.optional) {
        let mut files: Vec<&str> = e.evidence.iter().filter(|(_, opt)| !opt).map(|(p, _)| p.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        let on = |file: &str| -> Vec<&Passage> {
            e.evidence.iter().filter(|(p, _)| p.file == file).map(|(p, _)| p).collect()
        };
        for (i, a) in files.iter().enumerate() {
            for b in &files[i + 1..] {
                pairs += 1;
                let ok =
                    events.iter().any(|ev| on(a).iter().any(|p| covers(ev, p)) && on(b).iter().any(|p| covers(ev, p)));
                joined += usize::from(ok);
                if !ok {
                    let reports_on = |file: &str| {
                        let found: Vec<String> = events
                            .iter()
                            .flat_map(|ev| ev.reports.iter())
                            .filter(|r| {
                                let file_of = &draft.sources[r.source].file_name;
                                on(file).iter().any(|p| *file_of == p.file && half_overlap(&r.passage, &p.span))
                            })
                            .map(|r| describe(draft, r))
                            .collect();
                        if found.is_empty() { "none drafted".to_string() } else { found.join("; ") }
                    };
                    log.push_str(&format!(
                        "  pair not joined: {} [{a}] {} | [{b}] {}\n",
                        e.id,
                        reports_on(a),
                        reports_on(b)
                    ));
                }
            }
        }
    }
    for event in &events {
        let of: Vec<Vec<&str>> = drafted_passages(draft, event)
            .iter()
            .map(|d| {
                expected
                    .iter()
                    .filter(|e| e.evidence.iter().any(|(p, _)| p.file == d.file && half_overlap(&p.span, &d.span)))
                    .map(|e| e.id.as_str())
                    .collect()
            })
            .collect();
        for i in 0..of.len() {
            for j in i + 1..of.len() {
                if !of[i].is_empty() && !of[j].is_empty() && !of[i].iter().any(|id| of[j].contains(id)) {
                    wrong += 1;
                    log.push_str(&format!("  wrong join: {:?} with {:?} ({})\n", of[i], of[j], event.title));
                }
            }
        }
    }
    (pairs, joined, wrong)
}

fn locate(articles: &[Article], file: &str, exact: &str) -> Passage {
    let article = articles.iter().find(|a| a.file_name == file).unwrap_or_else(|| panic!("no article {file}"));
    let start = article.text.find(exact).unwrap_or_else(|| panic!("{file} does not hold {exact:?}"));
    Passage { file: file.to_string(), span: start..start + exact.len() }
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default()
}

fn report(name: &str, f: &Figures) -> String {
    format!(
        "{name}: {} events drafted, precision {:.2} ({}/{}), recall {:.2} ({}/{}), joined {}/{}, article pairs joined {}/{} (wrong joins {}), dates {}/{}, types {}/{}, actors {}/{}, non-events drafted {}, disagreements {}/{} (and {} with two variants or more)",
        f.drafted,
        f.precision(),
        f.right,
        f.drafted,
        f.recall(),
        f.found,
        f.expected,
        f.joined,
        f.multi,
        f.pairs_joined,
        f.pairs,
        f.wrong_joins,
        f.dated_right,
        f.found,
        f.typed_right,
        f.found,
        f.actors_right,
        f.with_actors,
        f.non_events_drafted,
        f.disagreements_found,
        f.disagreements,
        f.disagreements_partly
    )
}

/// A folder of project-written articles and the `gold.json` annotated before the drafter ran on
/// them, drafted and scored.
fn score_folder(relative: &str, name: &str) -> (Figures, String) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let articles = articles_in(&folder);
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("gold.json")).unwrap()).unwrap();
    let expected: Vec<Expected> = gold["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Expected {
            id: e["id"].as_str().unwrap().to_string(),
            optional: e["optional"].as_bool().unwrap_or(false),
            scheduled: e["scheduled"].as_bool().unwrap_or(false),
            types: strings(&e["types"]),
            date: e["date"].as_str().unwrap().to_string(),
            actors: strings(&e["actors"]),
            evidence: e["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let passage = locate(&articles, p["file"].as_str().unwrap(), p["exact"].as_str().unwrap());
                    (passage, p["optional"].as_bool().unwrap_or(false))
                })
                .collect(),
        })
        .collect();
    let disagreements: Vec<ExpectedDisagreement> = gold["discrepancies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| ExpectedDisagreement {
            about: d["about"].as_str().unwrap().to_string(),
            variants: d["variants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| locate(&articles, v["file"].as_str().unwrap(), v["exact"].as_str().unwrap()))
                .collect(),
        })
        .collect();
    let non_events: Vec<Passage> = gold["not_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| locate(&articles, n["file"].as_str().unwrap(), n["exact"].as_str().unwrap()))
        .collect();
    let drafted = draft(&articles, None, |_| {});
    let mut log = String::new();
    let f = score(&drafted, &expected, &disagreements, &non_events, &mut log);
    let summary = report(name, &f);
    println!("{summary}\n{log}");
    (f, format!("{summary}\n{log}"))
}

#[test]
fn the_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events", "event fixtures (tuning set)");
    assert_eq!(f.non_events_drafted, 0, "{log}");
    assert!(f.precision() >= FIXTURE_PRECISION, "{log}");
    assert!(f.recall() >= FIXTURE_RECALL, "{log}");
    assert!(f.dates() >= FIXTURE_DATES, "{log}");
    assert!(f.disagreements_found >= FIXTURE_DISAGREEMENTS, "{log}");
    assert!(f.pairs_joined >= FIXTURE_PAIRS_JOINED, "{log}");
    assert_eq!(f.wrong_joins, 0, "{log}");
}

#[test]
fn the_held_out_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-heldout", "held-out event fixtures");
    assert_eq!(f.non_events_drafted, 0, "{log}");
    assert!(f.precision() >= HELD_OUT_PRECISION, "{log}");
    assert!(f.recall() >= HELD_OUT_RECALL, "{log}");
    assert!(f.dates() >= HELD_OUT_DATES, "{log}");
    assert_eq!(f.wrong_joins, 0, "{log}");
}

#[test]
fn the_new_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-new", "new event fixtures (tuning set)");
    assert_eq!(f.non_events_drafted, 0, "{log}");
    assert!(f.precision() >= NEW_PRECISION, "{log}");
    assert!(f.recall() >= NEW_RECALL, "{log}");
    assert!(f.dates() >= NEW_DATES, "{log}");
    assert!(f.disagreements_found >= NEW_DISAGREEMENTS, "{log}");
    assert!(f.pairs_joined >= NEW_PAIRS_JOINED, "{log}");
    assert_eq!(f.wrong_joins, 0, "{log}");
}

#[test]
fn the_unseen_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-unseen", "unseen event fixtures (tuning set since)");
    assert_eq!(f.non_events_drafted, 0, "{log}");
    assert!(f.precision() >= UNSEEN_PRECISION, "{log}");
    assert!(f.recall() >= UNSEEN_RECALL, "{log}");
    assert!(f.dates() >= UNSEEN_DATES, "{log}");
    assert!(f.pairs_joined >= UNSEEN_PAIRS_JOINED, "{log}");
    assert!(f.disagreements_found >= UNSEEN_DISAGREEMENTS, "{log}");
    assert_eq!(f.wrong_joins, 0, "{log}");
}

#[test]
fn the_second_unseen_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-unseen-2", "second unseen event fixtures (tuning set since)");
    assert_eq!(f.non_events_drafted, 0, "{log}");
    assert!(f.precision() >= UNSEEN_2_PRECISION, "{log}");
    assert!(f.recall() >= UNSEEN_2_RECALL, "{log}");
    assert!(f.dates() >= UNSEEN_2_DATES, "{log}");
    assert!(f.pairs_joined >= UNSEEN_2_PAIRS_JOINED, "{log}");
    assert!(f.disagreements_found >= UNSEEN_2_DISAGREEMENTS, "{log}");
    assert_eq!(f.wrong_joins, 0, "{log}");
}

#[test]
fn the_third_unseen_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-unseen-3", "third unseen event fixtures (tuning set since)");
    let held = Held {
        non_events: UNSEEN_3_NON_EVENTS,
        precision: UNSEEN_3_PRECISION,
        recall: UNSEEN_3_RECALL,
        dated: UNSEEN_3_DATED,
        pairs_joined: UNSEEN_3_PAIRS_JOINED,
        disagreements: UNSEEN_3_DISAGREEMENTS,
    };
    held.assert_held(&f, &log);
}

/// The figures a set's test holds: counts where the set is small, so one event lost fails it.
struct Held {
    non_events: usize,
    precision: f64,
    recall: f64,
    dated: usize,
    pairs_joined: usize,
    disagreements: usize,
}

impl Held {
    fn assert_held(&self, f: &Figures, log: &str) {
        assert_eq!(f.non_events_drafted, self.non_events, "{log}");
        assert!(f.precision() >= self.precision, "{log}");
        assert!(f.recall() >= self.recall, "{log}");
        assert!(f.dated_right >= self.dated, "{log}");
        assert!(f.pairs_joined >= self.pairs_joined, "{log}");
        assert_eq!(f.wrong_joins, 0, "{log}");
        assert!(f.disagreements_found >= self.disagreements, "{log}");
    }
}

#[test]
fn the_fourth_unseen_event_fixtures_score_against_their_annotation() {
    let (f, log) = score_folder("tests/fixtures/events-unseen-4", "fourth unseen event fixtures");
    let held = Held {
        non_events: UNSEEN_4_NON_EVENTS,
        precision: UNSEEN_4_PRECISION,
        recall: UNSEEN_4_RECALL,
        dated: UNSEEN_4_DATED,
        pairs_joined: UNSEEN_4_PAIRS_JOINED,
        disagreements: UNSEEN_4_DISAGREEMENTS,
    };
    held.assert_held(&f, &log);
}

/// The fourth unseen fixtures: written and annotated after the rules were frozen (`46cbadd`) and
/// committed before any run (`d3c04a2`), never used to change a rule. First run, 2026-12-08, rules
/// of `46cbadd`: 9 events drafted, 7 right (0.78); 6 of 9 expected found (0.67; the concession,
/// the swearing-in and the shelters missed); 6 of 6 dated right; 1 of 6 article pairs joined (the
/// floods: press release and wire), no wrong join; 1 of 4 disagreements (the villages flooded:
/// nine / ten); no non-event. The
/// thresholds hold the first run; the precision target (0.80) is not met here.
const UNSEEN_4_NON_EVENTS: usize = 0;
const UNSEEN_4_PRECISION: f64 = 7.0 / 9.0;
const UNSEEN_4_RECALL: f64 = 6.0 / 9.0;
const UNSEEN_4_DATED: usize = 6;
const UNSEEN_4_PAIRS_JOINED: usize = 1;
const UNSEEN_4_DISAGREEMENTS: usize = 1;

/// The third unseen fixtures: written and annotated after this session's rules were frozen
/// (`e043a8f`) and committed before any run (`333b2c6`). First run, 2026-12-07, rules of
/// `e043a8f` (beam parser): 5 events drafted, 3 right (0.60); 3 of 6 expected found (0.50); 2 of
/// 3 dated right; 3 of 6 article pairs joined (the resignation's three: wire, daily and undated
/// blog), no wrong join; 1 of 3 disagreements (the resignation's date: Tuesday / Wednesday); no
/// non-event. A tuning set since that run (2026-12-08): 6 of 7 right (0.86), 6 of 6 found, 6 of 6
/// dated right, 6 of 6 pairs joined, 2 of 3 disagreements (the seizure's Sunday / Saturday too)
/// when these thresholds were raised.
const UNSEEN_3_NON_EVENTS: usize = 0;
const UNSEEN_3_PRECISION: f64 = 0.85;
const UNSEEN_3_RECALL: f64 = 0.95;
const UNSEEN_3_DATED: usize = 6;
const UNSEEN_3_PAIRS_JOINED: usize = 6;
const UNSEEN_3_DISAGREEMENTS: usize = 2;

/// The second unseen fixtures: written and annotated after this session's rules were frozen
/// (`5b28d42`, committed with them in `4de4948` before any run), never used to change a rule. First
/// run, 2026-12-07, with the rules of `5b28d42`: 5 events drafted, all right (1.00); 5 of 7
/// expected found (0.71; both scheduled events missed); 4 of 5 dated right; 0 of 3
/// disagreements; no non-event. A tuning set since the third unseen set's first run
/// (2026-12-08): 7 of 7 right, 7 of 7 found, 7 of 7 dated right, 2 of 5 pairs joined, 2 of 3
/// disagreements when these thresholds were raised.
const UNSEEN_2_PRECISION: f64 = 0.95;
const UNSEEN_2_RECALL: f64 = 0.95;
const UNSEEN_2_DATES: f64 = 0.95;
const UNSEEN_2_PAIRS_JOINED: usize = 2;
const UNSEEN_2_DISAGREEMENTS: usize = 2;

/// The unseen fixtures: written and annotated after the event rules were frozen (`de4a89f`),
/// never used to change a rule. First run (README), 2026-12-07: 8 events drafted, 7 right (0.88);
/// 6 of 9 expected found (0.67); 3 of 6 dated right; 0 of 4 disagreements; no non-event. The
/// issue's targets are met on precision and recall, not on dates. A tuning set since the third
/// unseen set's first run (2026-12-08): 9 of 10 right (0.90), 9 of 9 found, 6 of 9 dated right, 1
/// of 3 pairs joined, 1 of 4 disagreements (the arrest's Wednesday / October 15) when raised.
const UNSEEN_PRECISION: f64 = 0.85;
const UNSEEN_RECALL: f64 = 0.95;
const UNSEEN_PAIRS_JOINED: usize = 1;
const UNSEEN_DISAGREEMENTS: usize = 1;
/// Dropped from 0.50 (3 of 6) to the figure measured with the beam parser (EWT test UAS 85.32):
/// it finds one more expected event (7 of 9) and does not date that one right, so 3 of 7; no
/// event dated right before lost its date. The target (0.80) was never met here; 6 of 9
/// when raised (2026-12-08).
const UNSEEN_DATES: f64 = 6.0 / 9.0;

/// The targets for articles the rules were never tuned on. First run (README): 6 events
/// drafted, all right (1.00); 5 of 7 expected found (0.71); 4 of 5 dated right; no non-event;
/// 0 of 2 disagreements (one is between two figures in the same article, which the drafter does
/// not compare).
const HELD_OUT_PRECISION: f64 = 0.80;
const HELD_OUT_RECALL: f64 = 0.60;
const HELD_OUT_DATES: f64 = 0.80;

/// The new fixtures: written after the bundled tuning. First run (README): 7 events drafted, 4
/// right (0.57); 4 of 5 expected found (0.80); 2 of 4 dated right; 1 of 2 disagreements; no
/// non-event. Rules have been tuned on them since (a tuning set now): 5 of 7 right (0.71), 5 of 5
/// found, 4 of 5 dated right, 2 of 2 disagreements when these thresholds were set.
const NEW_PRECISION: f64 = 0.70;
const NEW_RECALL: f64 = 0.95;
const NEW_DATES: f64 = 0.80;
const NEW_DISAGREEMENTS: usize = 2;
/// 11 of 11 pairs joined when set (9 of 11 before a named person's title was read as the role a
/// description means: "Foreign ministers Piet Lorne …" / "the foreign ministers"); no wrong join.
const NEW_PAIRS_JOINED: usize = 11;

/// Thresholds at or just below the figures measured when they were set (README, "Events and
/// disagreements"): 14 of 15 drafted events right, 14 of 14 expected found, 13 of 14 dated right,
/// 3 of 5 disagreements. First run, before any rule was fitted: 0.80 / 0.57, 6 of 8, 0 of 5.
const FIXTURE_PRECISION: f64 = 0.90;
const FIXTURE_RECALL: f64 = 0.95;
const FIXTURE_DATES: f64 = 0.90;
const FIXTURE_DISAGREEMENTS: usize = 3;
/// Pairs of articles reporting one expected event that are joined: 6 of 7 when set (the dock
/// daily's "Talks … collapsed on Thursday" is not drafted at all); no wrong join.
const FIXTURE_PAIRS_JOINED: usize = 6;

/// The curated discrepancies whose variants are figures or dates — the ones a drafter can find by
/// comparing reports (the others are wordings: how a strike is described, which group is named).
const NUMERIC_OR_DATE: [&str; 6] = [
    "date-of-iran-strike",
    "date-of-pakistan-strike",
    "toll-of-pakistan-strike",
    "overall-toll-of-strikes",
    "number-of-minister-calls",
    "how-visit-date-is-given",
];

#[test]
fn the_bundled_articles_score_against_the_curated_events() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let articles = articles_in(&root.join("sources"));
    let store = factline::store::load_path(&root.join("store.json")).unwrap();
    let file_of = |source: u32| {
        store.sources[source as usize].file.as_deref().unwrap().trim_start_matches("sources/").to_string()
    };
    let expected: Vec<Expected> = store
        .events
        .iter()
        .map(|e| Expected {
            id: e.id.clone(),
            optional: false,
            scheduled: e.scheduled,
            types: vec![e.kind.clone()],
            date: e.date.to_string(),
            actors: e.actors.iter().flat_map(|&a| store.entities[a as usize].spellings().map(String::from)).collect(),
            evidence: e
                .evidence
                .iter()
                .map(|p| (Passage { file: file_of(p.source), span: p.bytes.clone() }, false))
                .collect(),
        })
        .collect();
    let disagreements: Vec<ExpectedDisagreement> = store
        .discrepancies
        .iter()
        .filter(|d| NUMERIC_OR_DATE.contains(&d.id.as_str()))
        .filter_map(|d| {
            let about = d.about.iter().find_map(|r| match r {
                factline::store::ItemRef::Event(e) => Some(store.events[*e as usize].id.clone()),
                _ => None,
            })?;
            let variants = d
                .variants
                .iter()
                .filter_map(|v| v.evidence.first().map(|p| Passage { file: file_of(p.source), span: p.bytes.clone() }))
                .collect();
            Some(ExpectedDisagreement { about, variants })
        })
        .collect();
    let drafted = draft(&articles, None, |_| {});
    let mut log = String::new();
    let f = score(&drafted, &expected, &disagreements, &[], &mut log);
    let summary = report("bundled benchmark", &f);
    println!("{summary}\n{log}");
    assert!(f.precision() >= BUNDLED_PRECISION, "{summary}\n{log}");
    assert!(f.recall() >= BUNDLED_RECALL, "{summary}\n{log}");
    assert!(f.dates() >= BUNDLED_DATES, "{summary}\n{log}");
    assert_eq!(f.non_events_drafted, 0, "{summary}\n{log}");
    assert!(f.disagreements_found >= BUNDLED_DISAGREEMENTS_FOUND, "{summary}\n{log}");
    assert!(f.pairs_joined >= BUNDLED_PAIRS_JOINED, "{summary}\n{log}");
    assert_eq!(f.wrong_joins, 0, "{summary}\n{log}");
}

/// Measured 0.92 (12 of 13) and 0.63 (12 of 19), dates 11 of 12, when set (2026-12-07: scheduled
/// events, weekdays of an undated article read before its first deadline, what a cause brought
/// about dated by the cause's day, what happened in a call or a meeting part of it; before: 1.00 /
/// 0.47, 9 of 9). The rules are tuned on these articles: the README says so. The targets
/// (0.80 / 0.60) are met here, on text the rules were fitted to.
const BUNDLED_PRECISION: f64 = 0.90;
const BUNDLED_RECALL: f64 = 0.60;
const BUNDLED_DATES: f64 = 0.90;
/// Found whole when set: the dates of Iran's strike (16 January / 17 January / "last week"), of
/// Pakistan's (18 January / 17 January by the story before it / "last week"), and how often the
/// foreign ministers spoke ("a phone call" / "twice"). Target: 3 of 6, met (tuned on these articles).
const BUNDLED_DISAGREEMENTS_FOUND: usize = 3;
/// Pairs of articles joined: 16 of 52 with the beam parser (14 with the previous one; the
/// curated events cite up to five articles each; most pairs not joined have one side not drafted
/// at all); no wrong join.
const BUNDLED_PAIRS_JOINED: usize = 16;

/// Through the binary: a folder of articles drafts into a store with a timeline that passes
/// `check`, exports events to CSV and TimelineJS, and holds drafted disagreements.
#[test]
fn a_drafted_store_has_a_timeline_that_passes_check_and_exports() {
    use assert_cmd::Command;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let out = tempfile::tempdir().unwrap();
    let store = out.path().join("story");
    let drafted =
        Command::cargo_bin("factline").unwrap().arg("draft").arg(&folder).arg("--out").arg(&store).output().unwrap();
    assert!(drafted.status.success(), "{}", String::from_utf8_lossy(&drafted.stderr));
    let said = String::from_utf8_lossy(&drafted.stdout).into_owned();
    let check = Command::cargo_bin("factline").unwrap().args(["check", "--data"]).arg(&store).output().unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(store.join("store.json")).unwrap()).unwrap();
    let events = json["events"].as_array().unwrap();
    assert!(events.len() >= 10, "{} events", events.len());
    assert!(events.iter().all(|e| e["status"] == "draft" && e["confidence"].is_number()));
    let discrepancies = json["discrepancies"].as_array().unwrap();
    assert!(!discrepancies.is_empty());
    assert!(discrepancies.iter().all(|d| d["status"] == "draft" && d["variants"].as_array().unwrap().len() >= 2));
    // The summary line counts what was written, each noun in the number it takes.
    let counted = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let summary = format!(
        "{}, {}, {}",
        counted(json["claims"].as_array().unwrap().len(), "claim", "claims"),
        counted(events.len(), "event", "events"),
        counted(discrepancies.len(), "discrepancy", "discrepancies")
    );
    assert!(said.contains(&summary), "{said} should say {summary}");
    let csv = Command::cargo_bin("factline")
        .unwrap()
        .args(["export", "--format", "csv", "--data"])
        .arg(&store)
        .output()
        .unwrap();
    assert!(csv.status.success());
    assert!(String::from_utf8_lossy(&csv.stdout).lines().count() > events.len(), "a header and a row per event");
    let timeline = Command::cargo_bin("factline")
        .unwrap()
        .args(["export", "--format", "timelinejs", "--data"])
        .arg(&store)
        .output()
        .unwrap();
    let timeline: serde_json::Value = serde_json::from_slice(&timeline.stdout).unwrap();
    assert_eq!(timeline["events"].as_array().unwrap().len(), events.len());
}

/// A title before a name is not the actor, however the parse hangs the words ("Interior Minister
/// Teodor Vance" parsed with "Interior" as the subject): the name the article's mentions found is.
#[test]
fn a_title_before_a_name_is_not_the_actor() {
    let article = Article {
        file_name: "visit.txt".into(),
        text: "Minister tours flooded town\n\nBy Staff\n\nRIVERTON, June 3 2026 (Wire) – Floods cut off the town of Riverton at the weekend.\n\nInterior Minister Ana Ruiz visited the flooded town of Riverton on Tuesday and met families.\n\nLabour Minister Omar Haddad resigned on Monday.\n".into(),
    };
    let drafted = draft(&[article], None, |_| {});
    let actors: Vec<&str> = drafted
        .timeline
        .events
        .iter()
        .flat_map(|e| e.actors.iter().map(|&a| drafted.entities[a].name.as_str()))
        .collect();
    assert!(actors.contains(&"Ana Ruiz") && actors.contains(&"Omar Haddad"), "{actors:?}");
    assert!(!actors.iter().any(|a| matches!(*a, "Interior" | "Labour")), "{actors:?}");
}

/// View 3 of a store drafted from the bundled articles: each drafted disagreement's row names the
/// disputed aspect and the event once ("≠ Date — Iran strikes Pakistan"), its variants side by
/// side, at 80×24 and wide.
#[test]
fn drafted_disagreements_show_in_view_3() {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use factline::search::SearchIndex;
    use factline::tui::{App, Browser, Theme};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::sync::Arc;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let out = tempfile::tempdir().unwrap();
    let drafted = assert_cmd::Command::cargo_bin("factline")
        .unwrap()
        .arg("draft")
        .arg(root.join("sources"))
        .arg("--out")
        .arg(out.path())
        .arg("--force")
        .output()
        .unwrap();
    assert!(drafted.status.success(), "{}", String::from_utf8_lossy(&drafted.stderr));
    let store = Arc::new(factline::store::load_path(&out.path().join("store.json")).unwrap());
    assert!(store.discrepancies.len() >= 2, "{} discrepancies drafted", store.discrepancies.len());
    let theme = Theme::new(false);
    for (width, height) in [(80u16, 24u16), (160, 40)] {
        let search = Arc::new(SearchIndex::new(&store));
        let mut browser = Browser::new(App::new(store.clone(), search), theme);
        browser.handle_event(&Event::Key(KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE)));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| browser.draw(frame)).unwrap();
        let buffer = terminal.backend().buffer();
        let lines: Vec<String> =
            (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect();
        // The list's rows (left of the detail pane): each topic row and the variants under it.
        let rows: Vec<usize> = (0..lines.len()).filter(|&y| lines[y].contains(" ≠ ")).collect();
        assert!(rows.len() >= 2, "{}", lines.join("\n"));
        for &y in &rows {
            let row = lines[y].split('│').next().unwrap().trim_end();
            for event in &store.events {
                let shown = row.matches(event.title.as_str()).count();
                assert!(shown <= 1, "the event is named once: {row}");
            }
            // The separators between variants are dim.
            let separator = (0..width).find(|&x| buffer[(x, y as u16 + 1)].symbol() == "│" && x > 4);
            if let Some(x) = separator {
                assert_eq!(buffer[(x, y as u16 + 1)].style().fg, theme.dim().fg, "{}", lines[y + 1]);
            }
        }
        // Left of the detail pane's border (the topic row's only `│`), when the pane is shown.
        let border = lines[rows[0]].chars().position(|c| c == '│').unwrap_or(width.into());
        let cut = |y: usize| lines[y].chars().take(border).collect::<String>().trim_end().to_string();
        let excerpt: Vec<String> = rows.iter().flat_map(|&y| [cut(y), cut(y + 1)]).collect();
        insta::assert_snapshot!(format!("drafted_disagreements_{width}x{height}"), excerpt.join("\n"));
    }
}
