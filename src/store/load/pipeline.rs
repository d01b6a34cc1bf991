//! The record pipeline: a parser on one thread sends what it reads (top-level fields, section
//! starts and ends, batches of records) as `Message`s; the `Loader` on the calling thread
//! validates them in file order and assembles the store.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use super::parsed::{Parsed, Record};
use super::section::{PerSection, Section};
use super::validate::{Ids, Loaded, Obj, Place, Validator};
use super::{SourceReader, ValidRecords};
use crate::store::anchor::CharIndex;
use crate::store::date::Day;
use crate::store::format::key;
use crate::store::model::{Claim, Discrepancy, Entity, Event, EventIx};
use crate::store::problem::{LoadError, Problem};
use serde_json::Value;

/// Parsing and validating run side by side: `parse` runs on a thread of its own and sends the
/// records it parses; the calling thread validates and indexes them in file order.
pub(super) fn pipeline<'a, T: Send>(loader: &mut Loader<'a, '_>, parse: impl FnOnce(&RecordFeed<'a>) -> T + Send) -> T {
    std::thread::scope(|scope| {
        let (send, receive) = sync_channel(4);
        let (give_back, recycled) = channel();
        let parsing = scope.spawn(move || parse(&RecordFeed { send, recycled }));
        for msg in receive {
            if let Some(batch) = loader.receive(msg) {
                let _ = give_back.send(batch);
            }
        }
        parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The parsing thread's end of the pipeline. Batches of records come back once validated, so
/// their memory is freed (and their vectors reused) by the thread that allocated them: freeing
/// across threads would cost the validating thread, the slower of the two, much of its time
/// (figures in benches/README.md).
pub(super) struct RecordFeed<'a> {
    send: SyncSender<Message<'a>>,
    recycled: Receiver<Vec<Parsed<'a>>>,
}

impl<'a> RecordFeed<'a> {
    /// A send fails only when the validating thread is gone; parsing goes on regardless, so its
    /// outcome (a syntax error, say) is the same.
    pub(super) fn send(&self, msg: Message<'a>) {
        let _ = self.send.send(msg);
    }

    /// Sends the records gathered so far and leaves an empty batch to fill.
    pub(super) fn records(&self, section: Section, batch: &mut Vec<Parsed<'a>>) {
        let fresh = match self.recycled.try_recv() {
            Ok(mut done) => {
                done.clear();
                done
            }
            Err(_) => Vec::with_capacity(BATCH),
        };
        let full = std::mem::replace(batch, fresh);
        if !full.is_empty() {
            self.send(Message::Records(section, full));
        }
    }
}

/// The top-level fields other than the sections that validation reads.
pub(super) const TOP_FIELDS: [&str; 3] = [key::FORMAT, key::VERSION, key::TITLE];

/// How far the parse has got: a record borrowed from an input in memory sits at its own
/// address; a file being read has been read up to a count of bytes.
pub(super) enum ParsePosition<'a> {
    Slice(&'a [u8]),
    Read(Arc<AtomicUsize>),
}

/// The state of one load: the records validated so far and what each section still waits for.
pub(super) struct Loader<'a, 'p> {
    validator: Validator<'a>,
    reader: &'p dyn SourceReader,
    position: ParsePosition<'a>,
    progress: &'p mut dyn FnMut(usize),
    /// Top-level fields other than the sections (`format`, `version`, `title`…).
    fields: Vec<(Cow<'a, str>, Value)>,
    /// Sections whose records are validated as they arrive.
    streaming: PerSection<bool>,
    done: PerSection<bool>,
    /// Sections that arrived before the sections they refer to: their records, or what they
    /// are when not an array.
    held: PerSection<Option<Vec<Parsed<'a>>>>,
    waiting: PerSection<Option<&'static str>>,
    /// Records of the section being streamed so far.
    count: usize,
    source_ids: Ids,
    // None marks a source whose text could not be had: its passages are not checked again.
    sources: Vec<Option<Loaded>>,
    entity_ids: Ids,
    entities: Vec<Entity>,
    seen_events: Ids,
    events: Vec<Event>,
    event_ids: Ids,
    claim_ids: Ids,
    claims: Vec<Claim>,
    discrepancy_ids: Ids,
    discrepancies: Vec<Discrepancy>,
}

impl<'a, 'p> Loader<'a, 'p> {
    pub(super) fn new(
        file: &'a Path,
        reader: &'p dyn SourceReader,
        position: ParsePosition<'a>,
        max_problems: usize,
        progress: &'p mut dyn FnMut(usize),
    ) -> Loader<'a, 'p> {
        Loader {
            validator: Validator::new(file, max_problems),
            reader,
            position,
            progress,
            fields: Vec::new(),
            streaming: PerSection::default(),
            done: PerSection::default(),
            held: Default::default(),
            waiting: Default::default(),
            count: 0,
            source_ids: Ids::of(Section::Sources),
            sources: Vec::new(),
            entity_ids: Ids::of(Section::Entities),
            entities: Vec::new(),
            seen_events: Ids::of(Section::Events),
            events: Vec::new(),
            event_ids: Ids::of(Section::Events),
            claim_ids: Ids::of(Section::Claims),
            claims: Vec::new(),
            discrepancy_ids: Ids::of(Section::Discrepancies),
            discrepancies: Vec::new(),
        }
    }

    /// What the load makes of passages whose article was edited (strict unless told).
    pub(super) fn anchors(&mut self, anchors: super::Anchors) {
        self.validator.anchors = anchors;
    }

    /// Whether the sections a section refers to are complete, so its records can be checked now.
    pub(super) fn ready(&self, section: Section) -> bool {
        section.needs().iter().all(|&s| self.done[s])
    }

    /// Takes one message from the parsing thread; gives back a batch of records once done with.
    pub(super) fn receive(&mut self, msg: Message<'a>) -> Option<Vec<Parsed<'a>>> {
        match msg {
            // Only the fields the format reads are kept, the last of each: a file of a million
            // unknown or repeated top-level keys costs no memory for them.
            Message::Field(key, value) if TOP_FIELDS.contains(&&*key) => {
                match self.fields.iter_mut().find(|(k, _)| *k == key) {
                    Some(field) => field.1 = value,
                    None => self.fields.push((key, value)),
                }
            }
            Message::Field(..) => {}
            Message::Twice(section, key) => {
                self.validator.section = section;
                self.validator.report(
                    &key,
                    format!("`{key}` appears twice at the top level"),
                    "keep one list and merge the other into it",
                );
            }
            Message::Begin(section) if self.ready(section) => {
                self.streaming[section] = true;
                self.count = 0;
            }
            Message::Begin(section) => self.held[section] = Some(Vec::new()),
            Message::Records(section, records) if self.streaming[section] => {
                for record in &records {
                    self.record(section, self.count, record);
                    self.count += 1;
                }
                if let Some(last) = records.last() {
                    self.advance(last);
                }
                return Some(records);
            }
            Message::Records(section, records) => {
                if let Some(held) = self.held[section].as_mut() {
                    held.extend(records);
                }
            }
            Message::End(section) if self.streaming[section] => self.end(section),
            Message::End(_) => {}
            Message::NotArray(section, found) if self.ready(section) => self.section(section, Some(found)),
            Message::NotArray(section, found) => self.waiting[section] = Some(found),
        }
        None
    }

    /// Reports how far the parse has got, from where the record's id sits in the input.
    pub(super) fn advance(&mut self, record: &Parsed<'a>) {
        match &self.position {
            ParsePosition::Read(read) => (self.progress)(read.load(Ordering::Relaxed)),
            ParsePosition::Slice(input) => {
                if let Cow::Borrowed(id) = record.id() {
                    let at = (id.as_ptr() as usize).saturating_sub(input.as_ptr() as usize);
                    (self.progress)(at.min(input.len()));
                }
            }
        }
    }

    /// A section that is not an array (what it is instead) or absent, once its dependencies are
    /// complete (or the file has ended); an absent optional one, or a null one, is simply empty.
    pub(super) fn section(&mut self, section: Section, found: Option<&'static str>) {
        self.validator.section = section;
        let key = section.name();
        match found {
            None | Some("null") if !section.required() => {}
            None => {
                self.validator.report("", format!("missing required field `{key}`"), format!("add \"{key}\": [ … ]"))
            }
            Some(found) => self.validator.report(key, format!("`{key}` must be an array, found {found}"), "use [ … ]"),
        }
        self.end(section);
    }

    pub(super) fn record(&mut self, section: Section, i: usize, parsed: &Parsed<'a>) {
        self.validator.section = section;
        let obj = Obj { at: Place::Record(section.name(), i), wrongs: &parsed.wrongs };
        let Some(id) = self.validator.record_id(&obj, parsed) else { return };
        let validator = &mut self.validator;
        match &parsed.record {
            Record::Source(r) => {
                if validator.define(&mut self.source_ids, id, self.sources.len() as u32, i) {
                    let source = validator.source(&obj, r, id, self.reader);
                    self.sources.push(source.map(|source| Loaded { index: CharIndex::new(&source.text), source }));
                }
            }
            Record::Entity(r) => {
                if validator.define(&mut self.entity_ids, id, self.entities.len() as u32, i) {
                    self.entities.push(validator.entity(&obj, r, id));
                }
            }
            Record::Event(r) => {
                // Until the timeline is sorted, a valid event's index is its place in `events`.
                if validator.define(&mut self.seen_events, id, self.events.len() as u32, i) {
                    match validator.event(&obj, r, id, &self.entity_ids, &self.source_ids, &self.sources) {
                        Some(event) => self.events.push(event),
                        // Events that failed validation are still known ids: references to them
                        // are not errors twice.
                        None => self.seen_events.fail(id),
                    }
                }
            }
            Record::Claim(r) => {
                if validator.define(&mut self.claim_ids, id, self.claims.len() as u32, i)
                    && let Some(claim) =
                        validator.claim(&obj, r, id, &self.entity_ids, &self.event_ids, &self.source_ids, &self.sources)
                {
                    self.claims.push(claim);
                } else {
                    self.claim_ids.fail(id);
                }
            }
            Record::Discrepancy(r) => {
                if validator.define(&mut self.discrepancy_ids, id, self.discrepancies.len() as u32, i)
                    && let Some(d) = validator.discrepancy(
                        &obj,
                        r,
                        id,
                        &self.event_ids,
                        &self.claim_ids,
                        &self.source_ids,
                        &self.sources,
                    )
                {
                    self.discrepancies.push(d);
                }
            }
        }
    }

    pub(super) fn end(&mut self, section: Section) {
        self.done[section] = true;
        if section == Section::Events {
            // Sorting indices, then moving each event once, is far cheaper than moving the
            // events themselves log n times each. Ids are unique, so the order is total.
            // The keys sit in one array: most comparisons never leave it (the first 16 bytes of
            // the id, zero-padded and compared as a number, order ids as their bytes do).
            let events = &self.events;
            let mut keys: Vec<(Day, i64, u128, u32)> = events
                .iter()
                .enumerate()
                .map(|(ix, e)| (e.date.earliest(), e.date.span_days(), id_prefix(&e.id), ix as u32))
                .collect();
            keys.sort_unstable_by(|a, b| {
                (a.0, a.1, a.2)
                    .cmp(&(b.0, b.1, b.2))
                    .then_with(|| events[a.3 as usize].id.cmp(&events[b.3 as usize].id))
            });
            let mut order: Vec<u32> = keys.into_iter().map(|key| key.3).collect();
            let mut place = vec![0 as EventIx; order.len()];
            for (new, &old) in order.iter().enumerate() {
                place[old as usize] = new as EventIx;
            }
            permute(&mut self.events, &mut order);
            // An event's index is its place on the timeline.
            self.event_ids.map = std::mem::take(&mut self.seen_events.map);
            for definition in self.event_ids.map.values_mut() {
                if let Some(ix) = definition.index() {
                    definition.move_to(place[ix as usize]);
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Result<ValidRecords, LoadError> {
        for section in Section::RECORDS {
            if self.done[section] {
                continue;
            }
            if let Some(records) = self.held[section].take() {
                for (i, record) in records.iter().enumerate() {
                    self.record(section, i, record);
                }
                self.end(section);
            } else {
                let found = self.waiting[section].take();
                self.section(section, found);
            }
        }
        self.validator.section = Section::Header;
        let fields = std::mem::take(&mut self.fields);
        let title = self.validator.top(&fields);
        let Validator { problems, max_problems, mut omitted, .. } = self.validator;
        let mut problems = problems.into_values().flatten();
        let listed: Vec<Problem> = problems.by_ref().take(max_problems).collect();
        for past_the_limit in problems {
            omitted.count(&past_the_limit.message);
        }
        if !listed.is_empty() || omitted.total() > 0 {
            return Err(LoadError { problems: listed, omitted });
        }
        let sources = self.sources.into_iter().flatten().map(|loaded| loaded.source).collect();
        Ok(ValidRecords {
            title,
            sources,
            entities: self.entities,
            events: self.events,
            claims: self.claims,
            discrepancies: self.discrepancies,
        })
    }
}

/// The first 16 bytes of an id as a big-endian number, zero-padded.
pub(super) fn id_prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let head = &id.as_bytes()[..id.len().min(16)];
    bytes[..head.len()].copy_from_slice(head);
    u128::from_be_bytes(bytes)
}

/// Rearranges `items` so that `items[k]` becomes the old `items[order[k]]`, following each cycle
/// of the permutation once; `order` is used up.
pub(super) fn permute<T>(items: &mut [T], order: &mut [u32]) {
    const PLACED: u32 = u32::MAX;
    for start in 0..items.len() {
        let mut at = start;
        // ParsePosition `at` holds what started at `start`; it takes the item it wants, and the
        // carried item moves on to where that one came from, until the cycle closes.
        while order[at] != PLACED {
            let from = order[at] as usize;
            order[at] = PLACED;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// What the top level of the file turned out to be.
pub(super) enum TopLevel {
    Object,
    NotObject(&'static str),
}

/// What the parsing thread hands to the validating one, in file order.
pub(super) enum Message<'a> {
    /// A top-level field other than a section.
    Field(Cow<'a, str>, Value),
    /// A section given a second time (its value is skipped).
    Twice(Section, Cow<'a, str>),
    /// A section that is an array starts; its records follow in batches.
    Begin(Section),
    Records(Section, Vec<Parsed<'a>>),
    End(Section),
    /// A section that is not an array: what it is instead.
    NotArray(Section, &'static str),
}

/// Records travel in batches, so the two threads synchronize once per batch, not per record.
pub(super) const BATCH: usize = 256;
/// A batch of at least `BATCH` records is sent once it holds this many bytes of the file (a
/// valid store's 256 records hold far more), or once it holds `MAX_BATCH` records.
pub(super) const BATCH_BYTES: usize = 64 << 10;
pub(super) const MAX_BATCH: usize = 4 << 10;

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn id_prefixes_order_ids_as_their_bytes_do() {
        let ids = ["", "a", "a\0", "ab", "ev-0000009", "ev-0000010", "ev-00000100000000x", "ev-00000100000000y", "é"];
        for a in ids {
            for b in ids {
                let by_prefix = id_prefix(a).cmp(&id_prefix(b));
                assert!(by_prefix.is_eq() || by_prefix == a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn permute_moves_every_item_to_its_place() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Two cycles (0 2 4) and (1 5), and a fixed point (3).
        let mut order = vec![2, 5, 4, 3, 0, 1];
        permute(&mut items, &mut order);
        assert_eq!(items, vec!['c', 'f', 'e', 'd', 'a', 'b']);
        let mut none: Vec<char> = Vec::new();
        permute(&mut none, &mut []);
    }
}
