//! One occurrence, many reports: the reports of the same occurrence — in one article or in several
//! — become one event with a passage per report. Two reports are the same occurrence when their
//! types agree, their dates can be the same (or lie within a week, which is then a disagreement to
//! draft), and they share enough: a participant (the same entity, a person's surname, or the same
//! description such as "workers"), a place, what happened (the event's family: "talks",
//! "earthquake"), a date. Named participants that differ keep reports apart. Candidates are found
//! through an index of those keys, so the work grows with the reports, not their square.

use std::collections::{HashMap, HashSet};

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

/// Types one occurrence may be given by different outlets: a harm by its toll or its means (an
/// `attack`, a `strike`), a statement as what it announced, a protest by its size.
fn types_agree(a: &str, b: &str) -> bool {
    let group = |kind: &str| match kind {
        "strike" | "attack" | "casualties" => 1,
        "announcement" | "statement" => 2,
        "peaceful-protest" | "protests" | "riots" => 3,
        _ => 0,
    };
    a == b || group(a) != 0 && group(a) == group(b) || a == "casualties" || b == "casualties"
}

/// The stem a word's noun and verb share, so that one family holds both: `arrest`/`arrested`,
/// `resign`/`resignation`, `seize`/`seizure`, `explode`/`explosion`, `sentence`/`sentencing`.
fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    for suffix in [
        "ations", "ation", "ions", "ion", "ments", "ment", "als", "al", "ures", "ure", "ings", "ing", "ed", "es", "s",
        "e",
    ] {
        if w.len() >= suffix.len() + 4 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    // evacu-ate / evacu-ation
    if w.len() > 5 && w.ends_with("at") {
        w.truncate(w.len() - 2);
    }
    // explo-de / explo-sion, colli-de / colli-sion; not raid / raise
    if word.ends_with("de") && w.ends_with('d') {
        w.pop();
        w.push('s');
    }
    w
}

/// Whether two reports tell what happened in words of one family: the same family, or a noun and
/// the verb of its stem.
fn same_family(a: &str, b: &str) -> bool {
    a == b || stem(a) == stem(b)
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
fn actor_keys(report: &Report, known: &Known<'_>) -> Vec<String> {
    let mut keys = Vec::new();
    for &entity in report.actors.iter().filter(|&&a| !report.described.iter().any(|(d, _)| *d == a)) {
        push_entity_keys(entity, known, &mut keys);
    }
    keys
}

/// The keys one entity is matched by: itself, the state a capital stands for ("Tehran launched"
/// and "Iran targeted": a capital acting is its state), a person's surname.
fn push_entity_keys(entity: usize, known: &Known<'_>, keys: &mut Vec<String>) {
    keys.push(format!("e{entity}"));
    let e = &known.registry.entities[entity];
    // One name written alike in two articles is one thing, whatever kind each article's words
    // made it ("the cargo ship Silver Heron" a person in one, an organisation in the other).
    keys.push(format!("x{}", e.name.trim().to_lowercase()));
    // A legislature and its members act as one body: "Parliament is due to vote" and "Lawmakers
    // will vote" tell one vote.
    if is_legislature(&e.name.trim().to_lowercase()) {
        keys.push("blegislature".to_string());
    }
    if let Some(state) = known.sides[entity].clone() {
        keys.push(format!("n{state}"));
    }
    if e.kind == EntityKind::Person
        && let Some(last) = parts(&e.name).last()
    {
        keys.push(format!("s{last}"));
    }
}

/// A legislature, by its name or its members' ("parliament", "lawmakers", "MPs").
fn is_legislature(name: &str) -> bool {
    let name = name.strip_prefix("the ").unwrap_or(name);
    matches!(
        name,
        "parliament"
            | "congress"
            | "senate"
            | "assembly"
            | "legislature"
            | "lawmakers"
            | "legislators"
            | "mps"
            | "deputies"
            | "senators"
            | "parliamentarians"
    )
}

/// Words that make a body one of a state's own: its government, a ministry, its forces.
fn is_organ_of_state(word: &str) -> bool {
    matches!(
        word,
        "government"
            | "ministry"
            | "office"
            | "cabinet"
            | "presidency"
            | "administration"
            | "authorities"
            | "parliament"
            | "embassy"
            | "army"
            | "military"
            | "navy"
            | "forces"
            | "department"
    )
}

/// The state an entity acts for (lowercase): a country or a place that acts, the country whose
/// capital it is, or the state a government body's name holds ("Pakistan's foreign ministry",
/// "the Veldran government", "Ministry of Foreign Affairs of Iran") when that state is in the
/// store. `names` are the store's names a state may have: its places and its one-word names.
fn state_side(entity: usize, registry: &Registry, names: &HashSet<String>) -> Option<String> {
    let e = &registry.entities[entity];
    if let Some(state) = capitals::state_of(&e.name) {
        return Some(state.to_string());
    }
    match e.kind {
        EntityKind::Country | EntityKind::Place => return Some(e.name.to_lowercase()),
        EntityKind::Organization | EntityKind::Group => {}
        EntityKind::Person => return None,
    }
    let words: Vec<String> = e
        .name
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s").to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    if !words.iter().any(|w| is_organ_of_state(w)) {
        return None;
    }
    let is_state = |name: &str| capitals::state_of(name).is_some() || names.contains(name);
    words.iter().find_map(|w| {
        if is_state(w) {
            return Some(capitals::state_of(w).map_or_else(|| w.clone(), str::to_string));
        }
        capitals::state_of_adjective(w)
            .map(str::to_string)
            .or_else(|| capitals::adjective_stems(w).into_iter().find(|stem| is_state(stem)))
    })
}

/// Whether two places are one for matching: the same entity, a capital and its country, or a
/// place and the country some report names it in.
fn same_place(a: usize, b: usize, known: &Known<'_>) -> bool {
    let state = |p: usize| known.sides[p].as_deref();
    let inside = |p: usize, q: usize| known.within.get(&p) == Some(&q);
    a == b || state(a).is_some() && state(a) == state(b) || inside(a, b) || inside(b, a)
}

fn participant_keys(report: &Report, known: &Known<'_>) -> (Vec<String>, Vec<usize>) {
    let mut keys = Vec::new();
    let mut named = Vec::new();
    for &entity in report.actors.iter().chain(&report.targets) {
        push_entity_keys(entity, known, &mut keys);
        if !report.described.iter().any(|(described, _)| *described == entity) {
            named.push(entity);
            // A person named with a role ("Foreign Minister Hossein Amir Abdollahian") is who
            // a report describing only the role means ("Iran's Foreign Minister will visit").
            let e = &known.registry.entities[entity];
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

fn score(cluster: &Cluster, report: &Report, keys: &[String], named: &[usize], known: &Known<'_>) -> Option<u32> {
    let family_shared = cluster.family.iter().any(|f| same_family(f, &report.family));
    // Words of one family are one type of occurrence, whatever type each outlet's sentence gave.
    if !types_agree(cluster.event.kind, report.kind) && !family_shared {
        return None;
    }
    let report_days = window(report);
    if let (Some(a), Some(b)) = (cluster.window, report_days)
        && gap_days(a, b) > DATE_SLACK_DAYS
    {
        return None;
    }
    if harm(cluster.event.kind) && harm(report.kind) {
        let actors = actor_keys(report, known);
        if !actors.is_empty() && !cluster.actors.is_empty() && !actors.iter().any(|k| cluster.actors.contains(k)) {
            return None;
        }
    }
    let shared_key = keys.iter().any(|k| cluster.keys.contains(k));
    // A role ("d" keys) is shared by many people: two reports naming different ministers are not
    // made one by the title both hold.
    let shared_name = keys.iter().any(|k| !k.starts_with('d') && cluster.keys.contains(k));
    // Different named people or bodies are different occurrences, unless one spelling of a person
    // shares the other's surname (already a shared key).
    if !shared_name && !named.is_empty() && !cluster.named.is_empty() {
        let same_person = named.iter().any(|&a| {
            cluster.named.iter().any(|&b| {
                known.registry.entities[a].kind == EntityKind::Person
                    && known.registry.entities[b].kind == EntityKind::Person
                    && parts(&known.registry.entities[a].name).last() == parts(&known.registry.entities[b].name).last()
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
    let same_family = family_shared || toll_of_harm;
    let shared_place = report.places.iter().any(|&p| cluster.event.places.iter().any(|&q| same_place(p, q, known)));
    // An undated report (an article without a date) can be any day: it agrees with a dated one
    // when who or where agree too.
    let undated = cluster.window.is_none() != report_days.is_none();
    let dates_agree = match (cluster.window, report_days) {
        (Some(a), Some(b)) => a.overlaps(b),
        _ => undated && (shared_key || shared_place),
    };
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

/// The store's entities as matching sees them: each with the state it acts for, found once.
struct Known<'a> {
    registry: &'a Registry,
    sides: Vec<Option<String>>,
    /// Places a report names together with the one country they lie in ("in Pakistan's
    /// Balochistan", "Orsk, Veldra"): a report there and a report in the country may be one.
    within: HashMap<usize, usize>,
}

impl Known<'_> {
    fn is_country(&self, place: usize) -> bool {
        let e = &self.registry.entities[place];
        e.kind == EntityKind::Country
            || capitals::state_of(&e.name).is_some_and(|s| s.eq_ignore_ascii_case(e.name.trim()))
    }

    fn learn_places(&mut self, reports: &[Report]) {
        for report in reports {
            let countries: Vec<usize> = report.places.iter().copied().filter(|&p| self.is_country(p)).collect();
            if let [country] = countries[..] {
                for &place in report.places.iter().filter(|&&p| p != country) {
                    self.within.entry(place).or_insert(country);
                }
            }
        }
    }
}

impl<'a> Known<'a> {
    fn new(registry: &'a Registry) -> Self {
        let one_word = |e: &crate::draft::entities::DraftEntity| !e.name.trim().contains(char::is_whitespace);
        let names: HashSet<String> = registry
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Country | EntityKind::Place) || one_word(e))
            .map(|e| e.name.to_lowercase())
            .collect();
        let mut sides: Vec<Option<String>> =
            (0..registry.entities.len()).map(|e| state_side(e, registry, &names)).collect();
        // A name a government body is of is a state, whatever kind the name alone was taken for
        // ("Veldra" beside "the Veldra Defence Ministry").
        let states: HashSet<String> = sides.iter().flatten().cloned().collect();
        for (side, e) in sides.iter_mut().zip(&registry.entities) {
            let name = e.name.to_lowercase();
            if side.is_none() && one_word(e) && states.contains(&name) {
                *side = Some(name);
            }
        }
        Known { registry, sides, within: HashMap::new() }
    }
}

/// Groups the reports of every article (in article order) into events.
pub fn cluster(reports: Vec<Report>, registry: &Registry) -> Vec<DraftEvent> {
    let mut known = Known::new(registry);
    known.learn_places(&reports);
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for report in reports {
        let (keys, named) = participant_keys(&report, &known);
        let mut lookup: Vec<String> = keys.clone();
        lookup.extend(report.places.iter().map(|p| format!("p{p}")));
        lookup.extend(report.places.iter().filter_map(|&p| known.sides[p].as_ref()).map(|side| format!("q{side}")));
        lookup.push(format!("f{}", stem(&report.family)));
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
            .filter_map(|c| score(&clusters[c], &report, &keys, &named, &known).map(|s| (s, c)))
            .max_by_key(|&(s, c)| (s, c));
        let at = match best {
            Some((_, c)) => {
                join(&mut clusters[c], report, keys.clone(), named, &known);
                c
            }
            None => {
                clusters.push(start(report, keys.clone(), named, &known));
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

fn start(report: Report, keys: Vec<String>, named: Vec<usize>, known: &Known<'_>) -> Cluster {
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
        actors: actor_keys(&report, known),
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

fn join(cluster: &mut Cluster, report: Report, keys: Vec<String>, named: Vec<usize>, known: &Known<'_>) {
    for key in actor_keys(&report, known) {
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
    } else if event.when.is_none() && report.when.is_some() {
        // An event no report had dated yet takes the first date one gives, however sure.
        event.when = report.when;
        cluster.window = window(&report);
        cluster.rank = rank;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_noun_and_its_verb_share_a_stem() {
        for (noun, verb) in [
            ("evacuation", "evacuate"),
            ("resignation", "resign"),
            ("seizure", "seize"),
            ("explosion", "explode"),
            ("collision", "collide"),
            ("sentencing", "sentence"),
            ("approval", "approve"),
            ("arrest", "arrest"),
        ] {
            assert!(same_family(noun, verb), "{noun} / {verb}: {} / {}", stem(noun), stem(verb));
        }
        for (a, b) in [("raid", "raise"), ("deal", "death"), ("strike", "trial"), ("sign", "sue")] {
            assert!(!same_family(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn types_agree_through_the_vocabulary() {
        assert!(types_agree("attack", "strike"));
        assert!(types_agree("statement", "announcement"));
        assert!(types_agree("protests", "peaceful-protest"));
        assert!(types_agree("casualties", "other"));
        assert!(!types_agree("meeting", "arrests"));
        assert!(!types_agree("announcement", "strike"));
    }
}
