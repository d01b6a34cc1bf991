//! A change to a loaded store, checked and made record by record: the records it writes are
//! validated by the same rules as a load, against the ids of the store and the articles they
//! quote (and a record it removes must be referred to by nothing it leaves), then the store is
//! brought up to date in place. A change costs what it touches, not the size of the store.
//!
//! A change is given as the steps of an edit history: in one top-level list, records
//! `at..at + gone.len()` become `coming`. In a loaded store the sources, entities, claims and
//! discrepancies are in the order of the file, so a step is the same splice of the store's list;
//! events are on the timeline, so theirs are removed and inserted by id and date.

use std::collections::HashSet;
use std::path::Path;

use foldhash::HashMap;
use smol_str::SmolStr;

use super::LoadOptions;
use super::parsed::{self, Parsed};
use super::section::Section;
use super::validate::{Definition, Ids, Loaded, Obj, Place, Validator};
use crate::store::anchor::CharIndex;
use crate::store::format::Record as Written;
use crate::store::index::{Changed, Store};
use crate::store::model::{Claim, Discrepancy, Entity, Event, ItemRef};
use crate::store::problem::{LoadError, Problem};

/// Every record of a loaded store by id, per kind: its index in the store.
#[derive(Debug, Default)]
pub struct StoreIds {
    sources: HashMap<SmolStr, u32>,
    entities: HashMap<SmolStr, u32>,
    events: HashMap<SmolStr, u32>,
    claims: HashMap<SmolStr, u32>,
    discrepancies: HashMap<SmolStr, u32>,
}

fn index_of<'s>(ids: impl Iterator<Item = &'s str>) -> HashMap<SmolStr, u32> {
    ids.enumerate().map(|(ix, id)| (SmolStr::new(id), ix as u32)).collect()
}

impl StoreIds {
    pub fn of(store: &Store) -> StoreIds {
        StoreIds {
            sources: index_of(store.sources.iter().map(|s| s.id.as_str())),
            entities: index_of(store.entities.iter().map(|e| e.id.as_str())),
            events: index_of(store.events.iter().map(|e| e.id.as_str())),
            claims: index_of(store.claims.iter().map(|c| c.id.as_str())),
            discrepancies: index_of(store.discrepancies.iter().map(|d| d.id.as_str())),
        }
    }

    fn of_section(&self, section: Section) -> &HashMap<SmolStr, u32> {
        match section {
            Section::Sources => &self.sources,
            Section::Entities => &self.entities,
            Section::Events => &self.events,
            Section::Claims => &self.claims,
            _ => &self.discrepancies,
        }
    }

    fn of_section_mut(&mut self, section: Section) -> &mut HashMap<SmolStr, u32> {
        match section {
            Section::Sources => &mut self.sources,
            Section::Entities => &mut self.entities,
            Section::Events => &mut self.events,
            Section::Claims => &mut self.claims,
            _ => &mut self.discrepancies,
        }
    }
}

/// One step of a change: records `at..at + gone.len()` of the list `list` become `coming`.
pub struct Step<'c> {
    pub list: &'c str,
    pub at: usize,
    pub gone: &'c [Written],
    pub coming: &'c [Written],
}

/// A change checked against a store, ready to be made on it.
pub struct Update {
    steps: Vec<Checked>,
    /// The ids the validated records refer to, by the index the validation gave them.
    referred: Referred,
}

struct Checked {
    section: Section,
    at: usize,
    gone: Vec<SmolStr>,
    coming: Vec<Record>,
}

enum Record {
    Entity(Entity),
    Event(Event),
    Claim(Claim),
    Discrepancy(Discrepancy),
}

/// Why a change cannot be checked record by record (it touches the top-level fields or the
/// sources): the caller validates the whole new store instead.
#[derive(Debug)]
pub struct Unsupported;

/// The ids of the store's records (as the change leaves them) that the written records name,
/// each given a small index of its own for the validator, per kind.
#[derive(Default)]
struct Referred {
    entities: Vec<SmolStr>,
    events: Vec<SmolStr>,
    claims: Vec<SmolStr>,
}

/// Which ids of each kind the change removes and which it writes.
#[derive(Default)]
struct Touched {
    gone: HashMap<Section, HashSet<String>>,
    coming: HashMap<Section, HashSet<String>>,
}

impl Touched {
    /// Whether a record of `section` with this id exists once the change is made.
    fn exists(&self, ids: &StoreIds, section: Section, id: &str) -> bool {
        let coming = self.coming.get(&section).is_some_and(|c| c.contains(id));
        let gone = self.gone.get(&section).is_some_and(|g| g.contains(id));
        coming || (!gone && ids.of_section(section).contains_key(id))
    }
}

/// Checks a change against `store` (whose ids are `ids`), as a load would check the store it
/// makes. `file` names the store in problems.
pub fn check(
    store: &Store,
    ids: &StoreIds,
    steps: &[Step<'_>],
    file: &Path,
    options: LoadOptions,
) -> Result<Result<Update, LoadError>, Unsupported> {
    check_records(store, ids, steps, file, options, true)
}

/// `check` for a change replayed from the store's journal on a store whose indexes are not
/// built yet (`Update::apply_unindexed`): the records it writes are checked, but not whether a
/// record it removes is still named, which the indexes say. The change was checked whole when it
/// was made, on this same store (the journal names it by hash), and written with a checksum.
pub fn check_replayed(
    store: &Store,
    ids: &StoreIds,
    steps: &[Step<'_>],
    file: &Path,
    options: LoadOptions,
) -> Result<Result<Update, LoadError>, Unsupported> {
    check_records(store, ids, steps, file, options, false)
}

fn check_records(
    store: &Store,
    ids: &StoreIds,
    steps: &[Step<'_>],
    file: &Path,
    options: LoadOptions,
    removals: bool,
) -> Result<Result<Update, LoadError>, Unsupported> {
    let mut touched = Touched::default();
    let mut sections = Vec::with_capacity(steps.len());
    for step in steps {
        let section = match Section::of_key(step.list) {
            Some(s @ (Section::Entities | Section::Events | Section::Claims | Section::Discrepancies)) => s,
            _ => return Err(Unsupported),
        };
        sections.push(section);
        let ids_in =
            |records: &[Written]| records.iter().filter_map(Written::id).map(str::to_string).collect::<Vec<_>>();
        touched.gone.entry(section).or_default().extend(ids_in(step.gone));
        touched.coming.entry(section).or_default().extend(ids_in(step.coming));
    }
    // A record both gone and coming is rewritten, not removed.
    let coming = touched.coming.clone();
    for (section, gone) in touched.gone.iter_mut() {
        if let Some(coming) = coming.get(section) {
            gone.retain(|id| !coming.contains(id));
        }
    }

    // The validator's id tables hold only what the written records name.
    let mut referred = Referred::default();
    let mut entity_ids = Ids::of(Section::Entities);
    let mut event_ids = Ids::of(Section::Events);
    let mut claim_ids = Ids::of(Section::Claims);
    let mut source_ids = Ids::of(Section::Sources);
    // By the store's own index (passages name sources by it), only the cited ones read.
    let mut sources: Vec<Option<Loaded>> = Vec::new();
    sources.resize_with(store.sources.len(), || None);
    let mut named = Vec::new();
    for step in steps {
        step.coming.iter().for_each(|record| named.extend(record.names()));
    }
    for name in named {
        let define = |table: &mut Ids, list: &mut Vec<SmolStr>, section: Section| {
            if table.get(name).is_none() && touched.exists(ids, section, name) {
                table.map.insert(SmolStr::new(name), Definition::new(list.len() as u32, 0));
                list.push(SmolStr::new(name));
            }
        };
        define(&mut entity_ids, &mut referred.entities, Section::Entities);
        define(&mut event_ids, &mut referred.events, Section::Events);
        define(&mut claim_ids, &mut referred.claims, Section::Claims);
        if source_ids.get(name).is_none()
            && let Some(&ix) = ids.sources.get(name)
        {
            let source = store.sources[ix as usize].clone();
            source_ids.map.insert(SmolStr::new(name), Definition::new(ix, ix));
            sources[ix as usize] = Some(Loaded { index: CharIndex::new(&source.text), source });
        }
    }

    let mut validator = Validator::new(file, options.max_problems);
    validator.anchors = options.anchors;
    let mut checked = Vec::with_capacity(steps.len());
    let mut written: HashSet<(u8, String)> = HashSet::new();
    for (step, &section) in steps.iter().zip(&sections) {
        validator.section = section;
        let mut coming = Vec::with_capacity(step.coming.len());
        for (offset, record) in step.coming.iter().enumerate() {
            let at = step.at + offset;
            let place = Place::Record(section.name(), at);
            // A written record of its list's type is checked as it is, by the load's own rules;
            // any other is read again as one, as a load would read it.
            let parsed = match Parsed::written(section, record) {
                Ok(parsed) => parsed,
                Err(e) => {
                    validator.report(place, format!("cannot be read: {e}"), "fix it");
                    continue;
                }
            };
            let obj = Obj { at: place, wrongs: &parsed.wrongs };
            let Some(id) = validator.record_id(&obj, &parsed) else { continue };
            let rewritten = step.gone.iter().any(|r| r.id() == Some(id));
            let elsewhere = !rewritten
                && ids.of_section(section).contains_key(id)
                && !touched.gone.get(&section).is_some_and(|g| g.contains(id));
            if elsewhere || !written.insert((section as u8, id.to_string())) {
                let kind = section.name();
                validator.report(
                    format_args!("{kind}[{at}].id"),
                    format!("duplicate id `{id}` in {kind}"),
                    "every id must be unique within its kind: rename one",
                );
                continue;
            }
            let record = match &parsed.record {
                parsed::Record::Entity(r) => Some(Record::Entity(validator.entity(&obj, r, id))),
                parsed::Record::Event(r) => {
                    validator.event(&obj, r, id, &entity_ids, &source_ids, &sources).map(Record::Event)
                }
                parsed::Record::Claim(r) => {
                    validator.claim(&obj, r, id, &entity_ids, &event_ids, &source_ids, &sources).map(Record::Claim)
                }
                parsed::Record::Discrepancy(r) => validator
                    .discrepancy(&obj, r, id, &event_ids, &claim_ids, &source_ids, &sources)
                    .map(Record::Discrepancy),
                parsed::Record::Source(_) => unreachable!("a change to the sources is checked whole"),
            };
            match record {
                Some(record) => coming.push(record),
                None if validator.problems_found() => {}
                None => validator.report(Place::Record(section.name(), at), "is not a valid record", "fix it"),
            }
        }
        let gone = step.gone.iter().filter_map(Written::id).map(SmolStr::new).collect();
        checked.push(Checked { section, at: step.at, gone, coming });
    }
    if removals {
        still_referred(store, ids, &touched, &mut validator);
    }
    if validator.problems_found() {
        let Validator { problems, max_problems, mut omitted, .. } = validator;
        let mut problems = problems.into_values().flatten();
        let listed: Vec<Problem> = problems.by_ref().take(max_problems).collect();
        for past_the_limit in problems {
            omitted.count(&past_the_limit.message);
        }
        return Ok(Err(LoadError { problems: listed, omitted }));
    }
    Ok(Ok(Update { steps: checked, referred }))
}

/// A record the change removes must be named by nothing it leaves as it was: the store's own
/// indexes say which records name it.
fn still_referred(store: &Store, ids: &StoreIds, touched: &Touched, validator: &mut Validator<'_>) {
    // A referrer the change rewrites is checked as written; one it removes goes with it.
    let rewritten = |section: Section, id: &str| {
        touched.coming.get(&section).is_some_and(|c| c.contains(id))
            || touched.gone.get(&section).is_some_and(|g| g.contains(id))
    };
    let report = |validator: &mut Validator<'_>, section: Section, ix: u32, id: &str, what: &str| {
        validator.section = section;
        validator.report(
            Place::Record(section.name(), ix as usize),
            format!("still refers to the removed {what} `{id}`"),
            "remove the reference too",
        );
    };
    let gone = |section: Section| touched.gone.get(&section).into_iter().flatten();
    for id in gone(Section::Entities) {
        let Some(&ix) = ids.entities.get(id.as_str()) else { continue };
        for &event in store.events_of_entity(ix) {
            if !rewritten(Section::Events, &store.events[event as usize].id) {
                report(validator, Section::Events, event, id, "entity");
            }
        }
        for &claim in store.claims_of_entity(ix) {
            if !rewritten(Section::Claims, &store.claims[claim as usize].id) {
                report(validator, Section::Claims, claim, id, "entity");
            }
        }
    }
    for id in gone(Section::Events) {
        let Some(&ix) = ids.events.get(id.as_str()) else { continue };
        for &claim in store.claims_about_event(ix) {
            if !rewritten(Section::Claims, &store.claims[claim as usize].id) {
                report(validator, Section::Claims, claim, id, "event");
            }
        }
        for &d in store.discrepancies_of_event(ix) {
            if !rewritten(Section::Discrepancies, &store.discrepancies[d as usize].id) {
                report(validator, Section::Discrepancies, d, id, "event");
            }
        }
    }
    for id in gone(Section::Claims) {
        let Some(&ix) = ids.claims.get(id.as_str()) else { continue };
        for &d in store.discrepancies_of_claim(ix) {
            if !rewritten(Section::Discrepancies, &store.discrepancies[d as usize].id) {
                report(validator, Section::Discrepancies, d, id, "claim");
            }
        }
    }
}

/// Where each old index of a list went: `NONE` for a record removed.
const NONE: u32 = u32::MAX;

impl Update {
    /// Makes the checked change on `store` (the store it was checked against), keeping `ids`
    /// in step, and indexes the store again.
    pub fn apply(self, store: &mut Store, ids: &mut StoreIds) {
        let changed = self.changed();
        self.apply_unindexed(store, ids);
        store.reindex_changed(changed);
    }

    /// The kinds of records the change writes or removes.
    pub fn changed(&self) -> Changed {
        let mut changed = Changed::default();
        for step in &self.steps {
            match step.section {
                Section::Entities => changed.entities = true,
                Section::Events => changed.events = true,
                Section::Claims => changed.claims = true,
                _ => changed.discrepancies = true,
            }
        }
        changed
    }

    /// `apply` without indexing the store again: for a run of changes (a journal replayed),
    /// indexed once after the last. Until then only `check_replayed` may check a change on it.
    pub fn apply_unindexed(self, store: &mut Store, ids: &mut StoreIds) {
        let Update { steps, referred } = self;
        // A record refers only to kinds before its own: each kind is changed, and the records
        // naming it renumbered, before the records of the next are resolved.
        for section in [Section::Entities, Section::Events, Section::Claims, Section::Discrepancies] {
            let mine: Vec<&Checked> = steps.iter().filter(|s| s.section == section).collect();
            if mine.is_empty() {
                continue;
            }
            match section {
                Section::Events => apply_events(store, ids, &mine, &referred),
                _ => apply_spliced(store, ids, section, &mine, &referred),
            }
        }
    }
}

/// The index each reference of a validated record stands for in the store as changed so far.
fn resolved(referred: &[SmolStr], table: &HashMap<SmolStr, u32>, ix: u32) -> u32 {
    table[referred[ix as usize].as_str()]
}

fn resolve_event(event: &mut Event, referred: &Referred, ids: &StoreIds) {
    for list in [&mut event.actors, &mut event.targets, &mut event.places] {
        for ix in list.iter_mut() {
            *ix = resolved(&referred.entities, &ids.entities, *ix);
        }
    }
}

fn resolve_claim(claim: &mut Claim, referred: &Referred, ids: &StoreIds) {
    claim.speaker = resolved(&referred.entities, &ids.entities, claim.speaker);
    for ix in claim.mentions.iter_mut() {
        *ix = resolved(&referred.entities, &ids.entities, *ix);
    }
    for ix in claim.about.iter_mut() {
        *ix = resolved(&referred.events, &ids.events, *ix);
    }
}

fn resolve_discrepancy(discrepancy: &mut Discrepancy, referred: &Referred, ids: &StoreIds) {
    for about in discrepancy.about.iter_mut() {
        *about = match *about {
            ItemRef::Event(ix) => ItemRef::Event(resolved(&referred.events, &ids.events, ix)),
            ItemRef::Claim(ix) => ItemRef::Claim(resolved(&referred.claims, &ids.claims, ix)),
        };
    }
}

/// Entities, claims and discrepancies: in the store as in the file, so each step is a splice of
/// the store's list too.
fn apply_spliced(store: &mut Store, ids: &mut StoreIds, section: Section, steps: &[&Checked], referred: &Referred) {
    let len = match section {
        Section::Entities => store.entities.len(),
        Section::Claims => store.claims.len(),
        _ => store.discrepancies.len(),
    };
    // Where each record is now, by its old index (NONE: one the steps brought).
    let mut current: Vec<u32> = (0..len as u32).collect();
    let mut rewritten: HashMap<SmolStr, u32> = HashMap::default();
    for step in steps {
        for id in &step.gone {
            if let Some(&old) = ids.of_section(section).get(id.as_str()) {
                rewritten.insert(id.clone(), old);
            }
        }
        let range = step.at..step.at + step.gone.len();
        current.splice(range.clone(), step.coming.iter().map(|_| NONE));
        match section {
            Section::Entities => {
                let records = step.coming.iter().map(|r| match r {
                    Record::Entity(e) => e.clone(),
                    _ => unreachable!("an entities step holds entities"),
                });
                store.entities.splice(range, records);
            }
            Section::Claims => {
                let records: Vec<Claim> = step
                    .coming
                    .iter()
                    .map(|r| match r {
                        Record::Claim(c) => {
                            let mut c = c.clone();
                            resolve_claim(&mut c, referred, ids);
                            c
                        }
                        _ => unreachable!("a claims step holds claims"),
                    })
                    .collect();
                store.claims.splice(range, records);
            }
            _ => {
                let records: Vec<Discrepancy> = step
                    .coming
                    .iter()
                    .map(|r| match r {
                        Record::Discrepancy(d) => {
                            let mut d = d.clone();
                            resolve_discrepancy(&mut d, referred, ids);
                            d
                        }
                        _ => unreachable!("a discrepancies step holds discrepancies"),
                    })
                    .collect();
                store.discrepancies.splice(range, records);
            }
        }
    }
    let id_at = |store: &Store, ix: usize| -> SmolStr {
        SmolStr::new(match section {
            Section::Entities => store.entities[ix].id.as_str(),
            Section::Claims => store.claims[ix].id.as_str(),
            _ => store.discrepancies[ix].id.as_str(),
        })
    };
    let mut place = vec![NONE; len];
    let mut brought = Vec::new();
    for (now, &old) in current.iter().enumerate() {
        if old == NONE {
            let id = id_at(store, now);
            // A record rewritten keeps the references to it, at its place now.
            if let Some(&old) = rewritten.get(&id) {
                place[old as usize] = now as u32;
            }
            brought.push((id, now as u32));
        } else {
            place[old as usize] = now as u32;
        }
    }
    let table = ids.of_section_mut(section);
    let moved = current.len() != len || place.iter().enumerate().any(|(old, &new)| new != old as u32);
    table.retain(|_, ix| {
        *ix = place[*ix as usize];
        *ix != NONE
    });
    table.extend(brought);
    if moved {
        renumber(store, section, &place);
    }
}

/// Events: removed and inserted by id and date, the timeline kept in order.
fn apply_events(store: &mut Store, ids: &mut StoreIds, steps: &[&Checked], referred: &Referred) {
    let len = store.events.len();
    // Each id once, as the last step leaves it.
    let mut coming: HashMap<SmolStr, Event> = HashMap::default();
    let mut leaving: HashSet<u32> = HashSet::new();
    for step in steps {
        for id in &step.gone {
            coming.remove(id.as_str());
            if let Some(&old) = ids.events.get(id.as_str()) {
                leaving.insert(old);
            }
        }
        for record in &step.coming {
            let Record::Event(event) = record else { unreachable!("an events step holds events") };
            let mut event = event.clone();
            resolve_event(&mut event, referred, ids);
            coming.insert(SmolStr::new(&event.id), event);
        }
    }
    let mut coming: Vec<Event> = coming.into_values().collect();
    coming.sort_by(|a, b| a.date.timeline_cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    let old = std::mem::take(&mut store.events);
    let mut place = vec![NONE; len];
    let mut merged = Vec::with_capacity(len + coming.len());
    let mut brought = Vec::with_capacity(coming.len());
    let mut coming = coming.into_iter().peekable();
    for (ix, event) in old.into_iter().enumerate() {
        if leaving.contains(&(ix as u32)) {
            continue;
        }
        while coming.peek().is_some_and(|c| c.date.timeline_cmp(&event.date).then_with(|| c.id.cmp(&event.id)).is_lt())
        {
            brought.push((SmolStr::new(&coming.peek().expect("peeked").id), merged.len() as u32));
            merged.push(coming.next().expect("peeked"));
        }
        place[ix] = merged.len() as u32;
        merged.push(event);
    }
    for event in coming {
        brought.push((SmolStr::new(&event.id), merged.len() as u32));
        merged.push(event);
    }
    store.events = merged;
    // An event rewritten keeps the references to it, at its place now.
    for (id, now) in &brought {
        if let Some(&old) = ids.events.get(id.as_str()) {
            place[old as usize] = *now;
        }
    }
    let moved = store.events.len() != len || place.iter().enumerate().any(|(old, &new)| new != old as u32);
    ids.events.retain(|_, ix| {
        *ix = place[*ix as usize];
        *ix != NONE
    });
    ids.events.extend(brought);
    if moved {
        renumber(store, Section::Events, &place);
    }
}

/// Rewrites every reference to a record of `section` through `place` (old index → new).
fn renumber(store: &mut Store, section: Section, place: &[u32]) {
    let map = |ix: &mut u32| {
        if let Some(&new) = place.get(*ix as usize) {
            *ix = new;
        }
    };
    match section {
        Section::Entities => {
            for event in &mut store.events {
                event.actors.iter_mut().chain(&mut event.targets).chain(&mut event.places).for_each(map);
            }
            for claim in &mut store.claims {
                map(&mut claim.speaker);
                claim.mentions.iter_mut().for_each(map);
            }
        }
        Section::Events => {
            for claim in &mut store.claims {
                claim.about.iter_mut().for_each(map);
            }
            for d in &mut store.discrepancies {
                for about in &mut d.about {
                    if let ItemRef::Event(ix) = about {
                        map(ix);
                    }
                }
            }
        }
        Section::Claims => {
            for d in &mut store.discrepancies {
                for about in &mut d.about {
                    if let ItemRef::Claim(ix) = about {
                        map(ix);
                    }
                }
            }
        }
        _ => {}
    }
}
