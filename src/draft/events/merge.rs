//! One occurrence, many reports: the reports of the same occurrence — in one article or in several
//! — become one event with a passage per report. Two reports are the same occurrence when their
//! types agree, their dates can be the same (or lie within a week, which is then a disagreement to
//! draft), and they share enough: a participant (the same entity, a person's surname, or the same
//! description such as "workers"), a place, what happened (the event's family: "talks",
//! "earthquake"), a date. Named participants that differ keep reports apart. Candidates are found
//! through an index of those keys, so the work grows with the reports, not their square.

use std::collections::HashMap;

use super::extract::Report;
use super::when::When;
use crate::draft::capitals;
use crate::draft::entities::{Registry, parts};
use crate::store::model::EntityKind;

/// A drafted event: every report of one occurrence.
#[derive(Debug, Clone)]
pub struct DraftEvent {
    pub reports: Vec<Report>,
    pub kind: &'static str,
    pub title: String,
    pub actors: Vec<usize>,
    pub targets: Vec<usize>,
    pub places: Vec<usize>,
    pub when: Option<When>,
    pub confidence: f32,
    /// Every report says it is still to happen; one report of it done makes it an occurrence.
    pub scheduled: bool,
}

/// The days apart two dates of one occurrence may be and still be one event reported differently.
const DATE_SLACK_DAYS: i64 = 7;
/// How many recent events per key are compared with a new report: bounds the work on a huge store
/// where one key (a country) is shared by thousands of events.
const CANDIDATES_PER_KEY: usize = 48;

fn harm(kind: &str) -> bool {
    matches!(kind, "strike" | "attack" | "casualties")
}

fn types_agree(a: &str, b: &str) -> bool {
    a == b || harm(a) && harm(b) || a == "casualties" || b == "casualties"
}

struct Cluster {
    event: DraftEvent,
    /// The days the event may fall on, for matching: its date, or the week before publication
    /// while only publication dates it.
    window: Option<When>,
    /// How surely its date is known: see [`date_rank`].
    rank: u8,
    family: Vec<String>,
    keys: Vec<String>,
    /// The keys of its named actors ([`actor_keys`]).
    actors: Vec<String>,
    named: Vec<usize>,
    sources: Vec<usize>,
}

/// The keys of a report's named actors (an entity, the state a capital stands for, a surname):
/// strikes by different actors are different occurrences however alike ("tit-for-tat strikes").
fn actor_keys(report: &Report, registry: &Registry) -> Vec<String> {
    let mut keys = Vec::new();
    for &entity in report.actors.iter().filter(|&&a| !report.described.iter().any(|(d, _)| *d == a)) {
        push_entity_keys(entity, registry, &mut keys);
    }
    keys
}

/// The keys one entity is matched by: itself, the state a capital stands for ("Tehran launched"
/// and "Iran targeted": a capital acting is its state), a person's surname.
fn push_entity_keys(entity: usize, registry: &Registry, keys: &mut Vec<String>) {
    keys.push(format!("e{entity}"));
    let e = &registry.entities[entity];
    if let Some(state) = capitals::state_of(&e.name) {
        keys.push(format!("n{state}"));
    }
    if e.kind == EntityKind::Person
        && let Some(last) = parts(&e.name).last()
    {
        keys.push(format!("s{last}"));
    }
}

fn participant_keys(report: &Report, registry: &Registry) -> (Vec<String>, Vec<usize>) {
    let mut keys = Vec::new();
    let mut named = Vec::new();
    for &entity in report.actors.iter().chain(&report.targets) {
        push_entity_keys(entity, registry, &mut keys);
        if !report.described.iter().any(|(described, _)| *described == entity) {
            named.push(entity);
            // A person named with a role ("Foreign Minister Hossein Amir Abdollahian") is who
            // a report describing only the role means ("Iran's Foreign Minister will visit").
            let e = &registry.entities[entity];
            if let Some(role) = e.note.as_deref().filter(|_| e.kind == EntityKind::Person) {
                keys.extend(role.split_whitespace().last().map(|head| format!("d{}", head.to_lowercase())));
            }
        }
    }
    keys.extend(report.described.iter().map(|(_, lemma)| format!("d{lemma}")));
    keys.extend(report.roles.iter().map(|role| format!("d{role}")));
    (keys, named)
}

/// The days a report may fall on: its date, or for a report dated only by its article's
/// publication, the week up to it (what was reported had happened by then).
fn window(report: &Report) -> Option<When> {
    let when = report.when?;
    Some(match (report.when_words.is_none(), when) {
        (true, When::Day(day)) => When::Span(day.plus(-6), day),
        _ => when,
    })
}

/// How a report is dated, surest last: by its article's publication day (or not at all), by the
/// report before it in an undated article, by time words of its own. A surer date replaces a
/// weaker one; dates equally sure are combined.
pub(super) fn date_rank(report: &Report) -> u8 {
    match (&report.when_words, report.dated_by_context) {
        // Time words that gave no date (a weekday in an undated article) date nothing.
        (None, _) | (Some(_), _) if report.when.is_none() => 0,
        (None, _) => 0,
        (Some(_), true) => 1,
        (Some(_), false) => 2,
    }
}

fn gap_days(a: When, b: When) -> i64 {
    let (a0, a1) = a.days();
    let (b0, b1) = b.days();
    if a.overlaps(b) { 0 } else { (b0.days() - a1.days()).max(a0.days() - b1.days()) }
}

fn score(cluster: &Cluster, report: &Report, keys: &[String], named: &[usize], registry: &Registry) -> Option<u32> {
    if !types_agree(cluster.event.kind, report.kind) {
        return None;
    }
    let report_days = window(report);
    if let (Some(a), Some(b)) = (cluster.window, report_days)
        && gap_days(a, b) > DATE_SLACK_DAYS
    {
        return None;
    }
    if harm(cluster.event.kind) && harm(report.kind) {
        let actors = actor_keys(report, registry);
        if !actors.is_empty() && !cluster.actors.is_empty() && !actors.iter().any(|k| cluster.actors.contains(k)) {
            return None;
        }
    }
    let shared_key = keys.iter().any(|k| cluster.keys.contains(k));
    // Different named people or bodies are different occurrences, unless one spelling of a person
    // shares the other's surname (already a shared key).
    if !shared_key && !named.is_empty() && !cluster.named.is_empty() {
        let same_person = named.iter().any(|&a| {
            cluster.named.iter().any(|&b| {
                registry.entities[a].kind == EntityKind::Person
                    && registry.entities[b].kind == EntityKind::Person
                    && parts(&registry.entities[a].name).last() == parts(&registry.entities[b].name).last()
            })
        });
        if !same_person {
            return None;
        }
    }
    let same_article = cluster.sources.contains(&report.source);
    // A toll is of the harm that caused it: "shells killed four soldiers" and "fired on the post,
    // killing five" tell one occurrence.
    let toll_of_harm = harm(cluster.event.kind)
        && harm(report.kind)
        && (cluster.event.kind == "casualties") != (report.kind == "casualties");
    let same_family = cluster.family.contains(&report.family) || toll_of_harm;
    let shared_place = report.places.iter().any(|p| cluster.event.places.contains(p));
    let dates_agree = matches!((cluster.window, report_days), (Some(a), Some(b)) if a.overlaps(b));
    // Nobody acts in a quake: with no participant on either side, what happened and when decide.
    let nobody = keys.is_empty() && cluster.keys.is_empty();
    let points = 2 * u32::from(shared_key)
        + u32::from(shared_place)
        + u32::from(same_family)
        + u32::from(dates_agree)
        + u32::from(nobody && same_family && dates_agree);
    let needed = if same_article && same_family { 2 } else { 3 };
    (points >= needed && (same_family || shared_key)).then_some(points)
}

/// Groups the reports of every article (in article order) into events.
pub fn cluster(reports: Vec<Report>, registry: &Registry) -> Vec<DraftEvent> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for report in reports {
        let (keys, named) = participant_keys(&report, registry);
        let mut lookup: Vec<String> = keys.clone();
        lookup.extend(report.places.iter().map(|p| format!("p{p}")));
        lookup.push(format!("f{}", report.family));
        let mut candidates: Vec<usize> = lookup
            .iter()
            .filter_map(|k| by_key.get(k))
            .flat_map(|list| list.iter().rev().take(CANDIDATES_PER_KEY))
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .filter_map(|c| score(&clusters[c], &report, &keys, &named, registry).map(|s| (s, c)))
            .max_by_key(|&(s, c)| (s, c));
        let at = match best {
            Some((_, c)) => {
                join(&mut clusters[c], report, keys.clone(), named, registry);
                c
            }
            None => {
                clusters.push(start(report, keys.clone(), named, registry));
                clusters.len() - 1
            }
        };
        for key in lookup {
            let list = by_key.entry(key).or_default();
            if list.last() != Some(&at) {
                list.push(at);
            }
        }
    }
    clusters.into_iter().map(|c| c.event).collect()
}

fn start(report: Report, keys: Vec<String>, named: Vec<usize>, registry: &Registry) -> Cluster {
    let event = DraftEvent {
        kind: report.kind,
        title: report.title.clone(),
        actors: report.actors.clone(),
        targets: report.targets.clone(),
        places: report.places.clone(),
        when: report.when,
        confidence: report.confidence,
        scheduled: report.scheduled,
        reports: Vec::new(),
    };
    let mut cluster = Cluster {
        window: window(&report),
        rank: date_rank(&report),
        event,
        family: vec![report.family.clone()],
        keys,
        actors: actor_keys(&report, registry),
        named,
        sources: vec![report.source],
    };
    cluster.event.reports.push(report);
    cluster
}

fn push_new<T: PartialEq + Copy>(list: &mut Vec<T>, items: &[T]) {
    for item in items {
        if !list.contains(item) {
            list.push(*item);
        }
    }
}

fn join(cluster: &mut Cluster, report: Report, keys: Vec<String>, named: Vec<usize>, registry: &Registry) {
    for key in actor_keys(&report, registry) {
        if !cluster.actors.contains(&key) {
            cluster.actors.push(key);
        }
    }
    let event = &mut cluster.event;
    // The occurrence's type: a specific one over the toll it caused.
    if event.kind == "casualties" && report.kind != "casualties" {
        event.kind = report.kind;
        event.title = report.title.clone();
    }
    push_new(&mut event.actors, &report.actors);
    push_new(&mut event.targets, &report.targets);
    event.targets.retain(|t| !event.actors.contains(t));
    push_new(&mut event.places, &report.places);
    event.scheduled &= report.scheduled;
    let rank = date_rank(&report);
    if rank > cluster.rank {
        // The first report with time words of its own dates the event; publication dates yield.
        event.when = report.when;
        cluster.window = report.when;
        cluster.rank = rank;
    } else if rank == cluster.rank && rank > 0 {
        event.when = match (event.when, report.when) {
            (Some(a), Some(b)) if a.overlaps(b) => Some(if b.narrower_than(a) { b } else { a }),
            // Reports that disagree: the event spans both, and the disagreement is drafted.
            (Some(a), Some(b)) => Some(a.hull(b)),
            (a, b) => a.or(b),
        };
        cluster.window = event.when;
    }
    // More outlets reporting it make it more certain.
    if !cluster.sources.contains(&report.source) {
        cluster.sources.push(report.source);
        event.confidence = (event.confidence.max(report.confidence) + 0.1).min(0.95);
    } else {
        event.confidence = event.confidence.max(report.confidence);
    }
    if !cluster.family.contains(&report.family) {
        cluster.family.push(report.family.clone());
    }
    for key in keys {
        if !cluster.keys.contains(&key) {
            cluster.keys.push(key);
        }
    }
    push_new(&mut cluster.named, &named);
    event.reports.push(report);
}
