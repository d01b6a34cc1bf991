//! The edits a person makes in the browser beyond accept and reject: an item's fields, new
//! items from a passage, new entities, aliases, merging two entities, a new discrepancy.
//!
//! Each is made on a copy of the store's JSON, by id, and committed as one step of the history
//! (so one undo takes back a form's claim together with the entities it created), validated and
//! saved canonically like every change (`Curation::commit`).

use std::collections::HashSet;
use std::sync::Arc;

use super::change::{Change, ClaimFields, EntityRef, EventFields, Holder, Kind, NewDiscrepancy};
use super::json::{field_mut, id_of};
use super::passage::NewPassage;
use super::working::Working;
use super::{Curation, EditError};
use crate::slug::slug;
use crate::store::canonical::Json;
use crate::store::format::key;
use crate::store::{EntityKind, Status, Store};

/// Longest id slug made from a name, a title or a claim's text.
const ID_CHARS: usize = 48;

fn refused(message: impl Into<String>) -> EditError {
    EditError::Refused(message.into())
}

fn string(text: &str) -> Json {
    Json::String(text.to_string())
}

fn strings(items: &[String]) -> Json {
    Json::Array(items.iter().map(|s| string(s)).collect())
}

/// Sets `key` of a record, in place when it is there (keeping the author's key order), else
/// at the end (the canonical form orders it).
fn set(record: &mut Json, key: &str, value: Json) {
    if let Some(slot) = field_mut(record, key) {
        *slot = value;
    } else if let Json::Object(entries) = record {
        entries.push((key.to_string(), value));
    }
}

fn remove(record: &mut Json, key: &str) {
    if let Json::Object(entries) = record {
        entries.retain(|(k, _)| k != key);
    }
}

fn text_of<'j>(record: &'j Json, key: &str) -> Option<&'j str> {
    match record {
        Json::Object(entries) => entries.iter().find(|(k, _)| k == key).and_then(|(_, v)| match v {
            Json::String(s) => Some(s.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

fn texts_of(record: &Json, key: &str) -> Vec<String> {
    match record {
        Json::Object(entries) => match entries.iter().find(|(k, _)| k == key) {
            Some((_, Json::Array(items))) => items
                .iter()
                .filter_map(|v| match v {
                    Json::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn record_mut<'w>(work: &'w mut Working<'_>, key: &str, what: &str, id: &str) -> Result<&'w mut Json, EditError> {
    work.record(key, id)?.ok_or_else(|| EditError::Nothing(format!("no {what} `{id}` in the store")))
}

/// `base`, or `base-2`, `base-3`… : the first that no record of the list `key` has as its id.
fn unique_id(work: &Working<'_>, key: &str, base: &str) -> String {
    if !work.contains(key, base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !work.contains(key, id)).expect("some number is free")
}

/// Whether two spellings are the same to a reader (case and surrounding blanks aside).
fn same_spelling(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Adds an entity to `doc`, or finds one of the same kind already spelt `name`; its id.
fn add_entity(work: &mut Working<'_>, name: &str, kind: EntityKind) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(refused("a new entity needs a name"));
    }
    let in_store = work.store.entities.iter().find(|e| e.kind == kind && e.spellings().any(|s| same_spelling(s, name)));
    if let Some(entity) = in_store {
        return Ok(entity.id.clone());
    }
    let added = work.added(key::ENTITIES).iter().find(|e| {
        text_of(e, key::KIND) == Some(kind.as_str())
            && (text_of(e, key::NAME).is_some_and(|n| same_spelling(n, name))
                || texts_of(e, key::ALIASES).iter().any(|a| same_spelling(a, name)))
    });
    if let Some(id) = added.and_then(id_of) {
        return Ok(id.to_string());
    }
    let id = unique_id(work, key::ENTITIES, &slug(name, ID_CHARS));
    work.push(
        key::ENTITIES,
        Json::Object(vec![
            (key::ID.into(), string(&id)),
            (key::NAME.into(), string(name)),
            (key::KIND.into(), string(kind.as_str())),
            (key::ALIASES.into(), Json::Array(Vec::new())),
        ]),
    );
    Ok(id)
}

/// The id an entity reference stands for, creating the entity when it is new.
fn resolve(work: &mut Working<'_>, entity: &EntityRef) -> Result<String, EditError> {
    match entity {
        EntityRef::Existing(id) if work.contains(key::ENTITIES, id) => Ok(id.clone()),
        EntityRef::Existing(id) => Err(EditError::Nothing(format!("no entity `{id}` in the store"))),
        EntityRef::New { name, kind } => add_entity(work, name, *kind),
    }
}

/// The ids of a list of references, in order, each once.
fn resolve_all(work: &mut Working<'_>, entities: &[EntityRef]) -> Result<Vec<String>, EditError> {
    let mut ids: Vec<String> = Vec::new();
    for entity in entities {
        let id = resolve(work, entity)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

fn required(value: &str, what: &str) -> Result<(), EditError> {
    if value.trim().is_empty() { Err(refused(format!("{what} is empty: give it a value"))) } else { Ok(()) }
}

/// Writes a claim's fields into the claim `at` (new or existing), creating its new entities.
fn fill_claim(work: &mut Working<'_>, at: Located, fields: &ClaimFields) -> Result<(), EditError> {
    required(&fields.verb, "the verb")?;
    required(&fields.text, "the text")?;
    let speaker = resolve(work, &fields.speaker)?;
    let mentions = resolve_all(work, &fields.mentions)?;
    let record = at.get(work)?;
    set(record, key::SPEAKER, string(&speaker));
    set(record, key::VERB, string(fields.verb.trim()));
    set(record, key::TEXT, string(fields.text.trim()));
    match fields.date.as_deref().map(str::trim) {
        Some(date) if !date.is_empty() => set(record, key::DATE, string(date)),
        _ => remove(record, key::DATE),
    }
    // Optional: a claim that never had mentions does not gain an empty list.
    if !mentions.is_empty() || field_mut(record, key::MENTIONS).is_some() {
        set(record, key::MENTIONS, strings(&mentions));
    }
    if !fields.about.is_empty() || field_mut(record, key::ABOUT).is_some() {
        set(record, key::ABOUT, strings(&fields.about));
    }
    Ok(())
}

fn fill_event(work: &mut Working<'_>, at: Located, fields: &EventFields) -> Result<(), EditError> {
    required(&fields.title, "the title")?;
    required(&fields.date, "the date")?;
    required(&fields.kind, "the type")?;
    let actors = resolve_all(work, &fields.actors)?;
    let targets = resolve_all(work, &fields.targets)?;
    let places = resolve_all(work, &fields.places)?;
    let record = at.get(work)?;
    set(record, key::TITLE, string(fields.title.trim()));
    set(record, key::DATE, string(fields.date.trim()));
    set(record, key::TYPE, string(fields.kind.trim()));
    set(record, key::ACTORS, strings(&actors));
    // Optional, as a claim's mentions.
    if !targets.is_empty() || field_mut(record, key::TARGETS).is_some() {
        set(record, key::TARGETS, strings(&targets));
    }
    set(record, key::PLACES, strings(&places));
    match fields.fatalities {
        Some(count) => set(record, key::FATALITIES, Json::Number(count.into())),
        None => remove(record, key::FATALITIES),
    }
    Ok(())
}

/// Where a record is, found again after entities were added (which borrows the whole doc).
#[derive(Clone, Copy)]
struct Located<'i> {
    kind: Kind,
    id: &'i str,
}

impl Located<'_> {
    fn get<'w>(self, work: &'w mut Working<'_>) -> Result<&'w mut Json, EditError> {
        record_mut(work, self.kind.key(), self.kind.name(), self.id)
    }
}

fn source_text<'s>(store: &'s Store, passage: &NewPassage) -> Result<&'s str, EditError> {
    store
        .sources
        .iter()
        .find(|s| s.id == passage.source)
        .map(|s| s.text.as_str())
        .ok_or_else(|| refused(format!("no source `{}` in the store", passage.source)))
}

fn passage_json(store: &Store, passage: &NewPassage) -> Result<Json, EditError> {
    passage.to_json(source_text(store, passage)?).map_err(EditError::Refused)
}

/// A new reviewed record with its id and one passage, appended to its list; its id.
fn new_record(work: &mut Working<'_>, kind: Kind, base: &str, evidence: Json) -> String {
    let id = unique_id(work, kind.key(), &slug(base, ID_CHARS));
    work.push(
        kind.key(),
        Json::Object(vec![
            (key::ID.into(), string(&id)),
            (key::EVIDENCE.into(), Json::Array(vec![evidence])),
            // A person made it: nothing left to review.
            (key::STATUS.into(), string(Status::Reviewed.as_str())),
        ]),
    );
    id
}

impl Curation {
    /// Sets a claim's speaker, verb, text, date and mentions; a draft stays a draft (accepting
    /// is a decision of its own).
    pub fn edit_claim(&mut self, id: &str, fields: &ClaimFields) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        fill_claim(&mut work, Located { kind: Kind::Claim, id }, fields)?;
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Sets an event's title, date, type, actors, targets and places; a draft stays a draft.
    pub fn edit_event(&mut self, id: &str, fields: &EventFields) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        fill_event(&mut work, Located { kind: Kind::Event, id }, fields)?;
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Adds an entity; its id is a slug of the name, made unique. An entity of the same kind
    /// already spelt `name` (name or alias) is refused: add to it instead.
    pub fn create_entity(&mut self, name: &str, kind: EntityKind) -> Result<(Arc<Store>, String), EditError> {
        let mut work = self.working()?;
        let id = add_entity(&mut work, name, kind)?;
        if work.added(key::ENTITIES).is_empty() {
            return Err(refused(format!("`{}` is already the {} `{id}`", name.trim(), kind.as_str())));
        }
        let patch = work.into_patch();
        Ok((self.commit(patch)?, id))
    }

    /// A new claim citing `passage` (cut from the source's text in `store`, the store as it is
    /// now), marked reviewed since a person made it; its id.
    pub fn create_claim(
        &mut self,
        passage: &NewPassage,
        fields: &ClaimFields,
    ) -> Result<(Arc<Store>, String), EditError> {
        let mut work = self.working()?;
        let evidence = passage_json(work.store, passage)?;
        required(&fields.text, "the text")?;
        let id = new_record(&mut work, Kind::Claim, &fields.text, evidence);
        fill_claim(&mut work, Located { kind: Kind::Claim, id: &id }, fields)?;
        let patch = work.into_patch();
        Ok((self.commit(patch)?, id))
    }

    /// A new event citing `passage`, as `create_claim`; its id.
    pub fn create_event(
        &mut self,
        passage: &NewPassage,
        fields: &EventFields,
    ) -> Result<(Arc<Store>, String), EditError> {
        let mut work = self.working()?;
        let evidence = passage_json(work.store, passage)?;
        required(&fields.title, "the title")?;
        let id = new_record(&mut work, Kind::Event, &fields.title, evidence);
        fill_event(&mut work, Located { kind: Kind::Event, id: &id }, fields)?;
        let patch = work.into_patch();
        Ok((self.commit(patch)?, id))
    }

    /// Adds a spelling to an entity; refused when the entity already has it (in any case).
    pub fn add_alias(&mut self, entity: &str, alias: &str) -> Result<Arc<Store>, EditError> {
        let alias = alias.trim();
        if alias.is_empty() {
            return Err(refused("the alias is empty"));
        }
        let mut work = self.working()?;
        let record = record_mut(&mut work, key::ENTITIES, "entity", entity)?;
        let mut aliases = texts_of(record, key::ALIASES);
        let known = text_of(record, key::NAME).into_iter().chain(aliases.iter().map(String::as_str));
        if let Some(spelling) = known.into_iter().find(|s| same_spelling(s, alias)) {
            return Err(refused(format!("`{entity}` is already spelt `{spelling}`")));
        }
        aliases.push(alias.to_string());
        set(record, key::ALIASES, strings(&aliases));
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Merges entity `from` into `into`: every reference to `from` (a claim's speaker and
    /// mentions, an event's actors, targets and places) names `into` instead, `from`'s name and
    /// aliases become aliases of `into` (each spelling once), and `from` is removed.
    pub fn merge_entities(&mut self, from: &str, into: &str) -> Result<Arc<Store>, EditError> {
        if from == into {
            return Err(refused("an entity cannot be merged into itself"));
        }
        let mut work = self.working()?;
        let merged = record_mut(&mut work, key::ENTITIES, "entity", from)?.clone();
        let target = record_mut(&mut work, key::ENTITIES, "entity", into)?;
        let name = text_of(target, key::NAME).unwrap_or_default().to_string();
        let mut aliases = texts_of(target, key::ALIASES);
        let spellings =
            text_of(&merged, key::NAME).map(str::to_string).into_iter().chain(texts_of(&merged, key::ALIASES));
        for spelling in spellings {
            if !same_spelling(&spelling, &name) && !aliases.iter().any(|a| same_spelling(a, &spelling)) {
                aliases.push(spelling);
            }
        }
        set(target, key::ALIASES, strings(&aliases));
        work.remove(key::ENTITIES, from)?;

        let rename = |value: &mut Json| {
            if *value == Json::String(from.to_string()) {
                *value = string(into);
            }
        };
        let rename_list = |record: &mut Json, key: &str| {
            if let Some(Json::Array(ids)) = field_mut(record, key) {
                let mut seen = HashSet::new();
                ids.iter_mut().for_each(rename);
                ids.retain(|id| match id {
                    Json::String(id) => seen.insert(id.clone()),
                    _ => true,
                });
            }
        };
        // Only the records that name `from`, found through the store's indexes.
        let store = work.store;
        let (claims, events) = match store.entity_by_id(from) {
            Some(ix) => (store.claims_of_entity(ix), store.events_of_entity(ix)),
            None => (&[][..], &[][..]),
        };
        for &claim in claims {
            if let Some(claim) = work.record(key::CLAIMS, &store.claims[claim as usize].id)? {
                if let Some(speaker) = field_mut(claim, key::SPEAKER) {
                    rename(speaker);
                }
                rename_list(claim, key::MENTIONS);
            }
        }
        for &event in events {
            if let Some(event) = work.record(key::EVENTS, &store.events[event as usize].id)? {
                for key in [key::ACTORS, key::TARGETS, key::PLACES] {
                    rename_list(event, key);
                }
            }
        }
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Records where sources disagree: a topic, the items it is about, and at least two
    /// variants, each with the passages that give it; its id.
    pub fn create_discrepancy(&mut self, new: &NewDiscrepancy) -> Result<(Arc<Store>, String), EditError> {
        required(&new.topic, "the topic")?;
        let mut work = self.working()?;
        let store = work.store;
        if new.variants.len() < 2 {
            return Err(refused("a discrepancy needs at least two variants"));
        }
        let mut variants = Vec::new();
        for (i, variant) in new.variants.iter().enumerate() {
            required(&variant.value, &format!("variant {}'s value", i + 1))?;
            if variant.evidence.is_empty() {
                return Err(refused(format!("variant {} has no passage: pick one", i + 1)));
            }
            let evidence = variant.evidence.iter().map(|p| passage_json(store, p)).collect::<Result<Vec<_>, _>>()?;
            variants.push(Json::Object(vec![
                (key::VALUE.into(), string(variant.value.trim())),
                (key::EVIDENCE.into(), Json::Array(evidence)),
            ]));
        }
        for (kind, id) in &new.about {
            if !work.contains(kind.key(), id) {
                return Err(EditError::Nothing(format!("no {} `{id}` in the store", kind.name())));
            }
        }
        let id = unique_id(&work, key::DISCREPANCIES, &slug(&new.topic, ID_CHARS));
        let mut record = vec![(key::ID.to_string(), string(&id)), (key::TOPIC.to_string(), string(new.topic.trim()))];
        if !new.about.is_empty() {
            let about: Vec<String> = new.about.iter().map(|(_, id)| id.clone()).collect();
            record.push((key::ABOUT.to_string(), strings(&about)));
        }
        record.push((key::VARIANTS.to_string(), Json::Array(variants)));
        work.push(key::DISCREPANCIES, Json::Object(record));
        let patch = work.into_patch();
        Ok((self.commit(patch)?, id))
    }

    /// Removes a discrepancy (nothing refers to one, so nothing else changes).
    pub fn reject_discrepancy(&mut self, id: &str) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        if !work.remove(key::DISCREPANCIES, id)? {
            return Err(EditError::Nothing(format!("no discrepancy `{id}` in the store")));
        }
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Makes a change the browser asked for; the store as it is now and what to tell the user.
    /// The item the change edited or created comes with it, for the browser to select.
    pub fn apply(&mut self, change: &Change) -> Result<Applied, EditError> {
        let applied = |store, notice, item| Applied { store, notice, item };
        Ok(match change {
            Change::EditClaim { id, fields } => {
                applied(self.edit_claim(id, fields)?, format!("edited claim `{id}`"), Some((Holder::Claim, id.clone())))
            }
            Change::EditEvent { id, fields } => {
                applied(self.edit_event(id, fields)?, format!("edited event `{id}`"), Some((Holder::Event, id.clone())))
            }
            Change::CreateClaim { passage, fields } => {
                let (store, id) = self.create_claim(passage, fields)?;
                applied(store, format!("created claim `{id}`"), Some((Holder::Claim, id)))
            }
            Change::CreateEvent { passage, fields } => {
                let (store, id) = self.create_event(passage, fields)?;
                applied(store, format!("created event `{id}`"), Some((Holder::Event, id)))
            }
            Change::AddAlias { entity, alias } => applied(
                self.add_alias(entity, alias)?,
                format!("`{}` added to `{entity}`'s aliases", alias.trim()),
                None,
            ),
            Change::Merge { from, into } => {
                applied(self.merge_entities(from, into)?, format!("`{from}` merged into `{into}`"), None)
            }
            Change::Discrepancy(new) => {
                let (store, id) = self.create_discrepancy(new)?;
                applied(store, format!("recorded discrepancy `{id}`"), Some((Holder::Discrepancy, id)))
            }
        })
    }
}

/// A change made: the store as it is now, what to tell the user, and the item edited or
/// created (by id: indices change with the store).
pub struct Applied {
    pub store: Arc<Store>,
    pub notice: String,
    pub item: Option<(Holder, String)>,
}
