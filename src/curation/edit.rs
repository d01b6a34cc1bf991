//! The edits a person makes in the browser beyond accept and reject: an item's fields, new
//! items from a passage, new entities, aliases, merging two entities, a new discrepancy.
//!
//! Each is made on the typed records of the store (`store::format`), read by id, and committed
//! as one step of the history (so one undo takes back a form's claim together with the entities
//! it created), validated and saved canonically like every change (`Curation::commit`). A key
//! the format does not know stays in its record's `extra`, untouched.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use super::change::{Change, ClaimFields, EntityRef, EventFields, Holder, Kind, NewDiscrepancy};
use super::passage::NewPassage;
use super::working::Working;
use super::{Curation, EditError};
use crate::slug::slug;
use crate::store::format::{
    ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, Extra, PassageRecord, Record, VariantRecord, key,
};
use crate::store::{EntityKind, Status, Store};

/// Longest id slug made from a name, a title or a claim's text.
const ID_CHARS: usize = 48;

fn refused(message: impl Into<String>) -> EditError {
    EditError::Refused(message.into())
}

fn owned(text: &str) -> Cow<'static, str> {
    Cow::Owned(text.to_string())
}

fn owned_all(items: &[String]) -> Vec<Cow<'static, str>> {
    items.iter().map(|s| owned(s)).collect()
}

fn entity_mut<'w>(work: &'w mut Working<'_>, id: &str) -> Result<&'w mut EntityRecord<'static>, EditError> {
    match work.record(key::ENTITIES, id)? {
        Some(Record::Entity(entity)) => Ok(entity),
        _ => Err(EditError::Nothing(format!("no entity `{id}` in the store"))),
    }
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

/// Adds an entity to the store, or finds one of the same kind already spelt `name`; its id.
fn add_entity(work: &mut Working<'_>, name: &str, kind: EntityKind) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(refused("a new entity needs a name"));
    }
    let in_store = work.store.entities.iter().find(|e| e.kind == kind && e.spellings().any(|s| same_spelling(s, name)));
    if let Some(entity) = in_store {
        return Ok(entity.id.clone());
    }
    let added = work.added(key::ENTITIES).iter().find_map(|record| match record {
        Record::Entity(e)
            if e.kind == kind.as_str()
                && (same_spelling(&e.name, name) || e.aliases.iter().flatten().any(|a| same_spelling(a, name))) =>
        {
            Some(e.id.to_string())
        }
        _ => None,
    });
    if let Some(id) = added {
        return Ok(id);
    }
    let id = unique_id(work, key::ENTITIES, &slug(name, ID_CHARS));
    work.push(
        key::ENTITIES,
        Record::Entity(EntityRecord {
            id: owned(&id),
            name: owned(name),
            kind: kind.as_str().into(),
            aliases: Some(Vec::new()),
            note: None,
            extra: Extra::new(),
        }),
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

/// Writes a claim's fields into the claim `id` (new or existing), creating its new entities.
fn fill_claim(work: &mut Working<'_>, id: &str, fields: &ClaimFields) -> Result<(), EditError> {
    required(&fields.verb, "the verb")?;
    required(&fields.text, "the text")?;
    let speaker = resolve(work, &fields.speaker)?;
    let mentions = resolve_all(work, &fields.mentions)?;
    let Some(Record::Claim(claim)) = work.record(key::CLAIMS, id)? else {
        return Err(EditError::Nothing(format!("no claim `{id}` in the store")));
    };
    claim.speaker = speaker.into();
    claim.verb = owned(fields.verb.trim());
    claim.text = owned(fields.text.trim());
    claim.date = match fields.date.as_deref().map(str::trim) {
        Some(date) if !date.is_empty() => Some(Some(owned(date))),
        _ => None,
    };
    // Optional: a claim that never had mentions does not gain an empty list.
    if !mentions.is_empty() || claim.mentions.is_some() {
        claim.mentions = Some(owned_all(&mentions));
    }
    if !fields.about.is_empty() || claim.about.is_some() {
        claim.about = Some(owned_all(&fields.about));
    }
    Ok(())
}

fn fill_event(work: &mut Working<'_>, id: &str, fields: &EventFields) -> Result<(), EditError> {
    required(&fields.title, "the title")?;
    required(&fields.date, "the date")?;
    required(&fields.kind, "the type")?;
    let actors = resolve_all(work, &fields.actors)?;
    let targets = resolve_all(work, &fields.targets)?;
    let places = resolve_all(work, &fields.places)?;
    let Some(Record::Event(event)) = work.record(key::EVENTS, id)? else {
        return Err(EditError::Nothing(format!("no event `{id}` in the store")));
    };
    event.title = owned(fields.title.trim());
    event.date = owned(fields.date.trim());
    event.kind = owned(fields.kind.trim());
    event.actors = owned_all(&actors);
    // Optional, as a claim's mentions.
    if !targets.is_empty() || event.targets.is_some() {
        event.targets = Some(owned_all(&targets));
    }
    event.places = owned_all(&places);
    event.fatalities = fields.fatalities.map(Some);
    Ok(())
}

fn source_text<'s>(store: &'s Store, passage: &NewPassage) -> Result<&'s str, EditError> {
    store
        .sources
        .iter()
        .find(|s| s.id == passage.source)
        .map(|s| s.text.as_str())
        .ok_or_else(|| refused(format!("no source `{}` in the store", passage.source)))
}

fn passage_record(store: &Store, passage: &NewPassage) -> Result<PassageRecord<'static>, EditError> {
    passage.to_record(source_text(store, passage)?).map_err(EditError::Refused)
}

/// A new reviewed record with its id and one passage, appended to its list, its other fields
/// for `fill_claim` or `fill_event` to write; its id.
fn new_record(work: &mut Working<'_>, kind: Kind, base: &str, evidence: PassageRecord<'static>) -> String {
    let id = unique_id(work, kind.key(), &slug(base, ID_CHARS));
    let (blank, evidence) = (Cow::Borrowed(""), vec![evidence]);
    // A person made it: nothing left to review.
    let status = Some(Status::Reviewed);
    let record = match kind {
        Kind::Claim => Record::Claim(ClaimRecord {
            id: owned(&id),
            speaker: blank.clone(),
            verb: blank.clone(),
            text: blank,
            date: None,
            about: None,
            mentions: None,
            evidence,
            status,
            confidence: None,
            extra: Extra::new(),
        }),
        Kind::Event => Record::Event(EventRecord {
            id: owned(&id),
            date: blank.clone(),
            scheduled: None,
            kind: blank.clone(),
            title: blank,
            actors: Vec::new(),
            targets: None,
            places: Vec::new(),
            fatalities: None,
            evidence,
            status,
            confidence: None,
            extra: Extra::new(),
        }),
    };
    work.push(kind.key(), record);
    id
}

impl Curation {
    /// Sets a claim's speaker, verb, text, date and mentions; a draft stays a draft (accepting
    /// is a decision of its own).
    pub fn edit_claim(&mut self, id: &str, fields: &ClaimFields) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        fill_claim(&mut work, id, fields)?;
        let patch = work.into_patch();
        self.commit(patch)
    }

    /// Sets an event's title, date, type, actors, targets and places; a draft stays a draft.
    pub fn edit_event(&mut self, id: &str, fields: &EventFields) -> Result<Arc<Store>, EditError> {
        let mut work = self.working()?;
        fill_event(&mut work, id, fields)?;
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
        let evidence = passage_record(work.store, passage)?;
        required(&fields.text, "the text")?;
        let id = new_record(&mut work, Kind::Claim, &fields.text, evidence);
        fill_claim(&mut work, &id, fields)?;
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
        let evidence = passage_record(work.store, passage)?;
        required(&fields.title, "the title")?;
        let id = new_record(&mut work, Kind::Event, &fields.title, evidence);
        fill_event(&mut work, &id, fields)?;
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
        let record = entity_mut(&mut work, entity)?;
        let known = std::iter::once(&record.name).chain(record.aliases.iter().flatten());
        if let Some(spelling) = known.into_iter().find(|s| same_spelling(s, alias)) {
            return Err(refused(format!("`{entity}` is already spelt `{spelling}`")));
        }
        record.aliases.get_or_insert_default().push(owned(alias));
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
        let merged = entity_mut(&mut work, from)?.clone();
        let target = entity_mut(&mut work, into)?;
        let aliases = target.aliases.get_or_insert_default();
        for spelling in std::iter::once(merged.name).chain(merged.aliases.into_iter().flatten()) {
            if !same_spelling(&spelling, &target.name) && !aliases.iter().any(|a| same_spelling(a, &spelling)) {
                aliases.push(spelling);
            }
        }
        work.remove(key::ENTITIES, from)?;

        let rename = |id: &mut Cow<'static, str>| {
            if id == from {
                *id = owned(into);
            }
        };
        let rename_list = |ids: &mut Vec<Cow<'static, str>>| {
            let mut seen = HashSet::new();
            ids.iter_mut().for_each(rename);
            ids.retain(|id| seen.insert(id.clone()));
        };
        // Only the records that name `from`, found through the store's indexes.
        let store = work.store;
        let (claims, events) = match store.entity_by_id(from) {
            Some(ix) => (store.claims_of_entity(ix), store.events_of_entity(ix)),
            None => (&[][..], &[][..]),
        };
        for &claim in claims {
            if let Some(Record::Claim(claim)) = work.record(key::CLAIMS, &store.claims[claim as usize].id)? {
                rename(&mut claim.speaker);
                claim.mentions.iter_mut().for_each(rename_list);
            }
        }
        for &event in events {
            if let Some(Record::Event(event)) = work.record(key::EVENTS, &store.events[event as usize].id)? {
                rename_list(&mut event.actors);
                event.targets.iter_mut().for_each(rename_list);
                rename_list(&mut event.places);
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
            let evidence = variant.evidence.iter().map(|p| passage_record(store, p)).collect::<Result<Vec<_>, _>>()?;
            variants.push(VariantRecord { value: owned(variant.value.trim()), evidence, extra: Extra::new() });
        }
        for (kind, id) in &new.about {
            if !work.contains(kind.key(), id) {
                return Err(EditError::Nothing(format!("no {} `{id}` in the store", kind.name())));
            }
        }
        let id = unique_id(&work, key::DISCREPANCIES, &slug(&new.topic, ID_CHARS));
        let about: Vec<Cow<'static, str>> = new.about.iter().map(|(_, id)| owned(id)).collect();
        let record = DiscrepancyRecord {
            id: owned(&id),
            topic: owned(new.topic.trim()),
            about: (!about.is_empty()).then_some(about),
            variants,
            status: None,
            confidence: None,
            extra: Extra::new(),
        };
        work.push(key::DISCREPANCIES, Record::Discrepancy(record));
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
