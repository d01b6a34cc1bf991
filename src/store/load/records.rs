//! The format's rules for each kind of record, on its typed record: what each field must hold,
//! the ids it refers to, and the passages it cites, resolved against their articles.

use std::borrow::Cow;

use serde_json::Value;

use super::validate::{Child, Definition, Ids, Loaded, Obj, Validator, closest_id, valid_indices};
use super::{Anchors, SourceReader};
use crate::store::anchor::{self, AnchorError, CharIndex, Quote, excerpt};
use crate::store::checked::Found;
use crate::store::format::{
    ClaimRecord, DiscrepancyRecord, EntityRecord, EventRecord, PassageRecord, SourceRecord, key,
};
use crate::store::model::{
    Anchoring, Claim, Discrepancy, EVENT_TYPES, Entity, EntityIx, EntityKind, Event, EventIx, ItemRef, Passage, Score,
    Source, SourceIx, Variant,
};
use crate::store::problem::Location;
use crate::store::relocate::{Relocation, relocate};

impl Validator<'_> {
    pub(super) fn source(
        &mut self,
        obj: &Obj<'_, '_>,
        r: &SourceRecord<'_>,
        id: &str,
        reader: &dyn SourceReader,
    ) -> Option<Source> {
        let owned = |s: Option<&str>| s.map(str::to_string);
        let file = self.optional_string(obj, key::FILE, r.file.as_deref());
        let inline = self.optional_string(obj, key::TEXT, r.text.as_deref());
        let title = owned(self.optional_string(obj, key::TITLE, given(&r.title)));
        let publisher = owned(self.optional_string(obj, key::PUBLISHER, given(&r.publisher)));
        let author = owned(self.optional_string(obj, key::AUTHOR, given(&r.author)));
        let url = owned(self.optional_string(obj, key::URL, given(&r.url)));
        let published = self.optional_date(obj, key::PUBLISHED, given(&r.published));
        let note = owned(self.optional_string(obj, key::NOTE, r.note.as_deref()));
        let text = match (file, inline) {
            (Some(_), Some(_)) => {
                self.report(
                    obj.at,
                    "a source has both `file` and `text`",
                    "keep one: the file path or the inline text",
                );
                return None;
            }
            (None, None) => {
                self.report(obj.at, "a source needs `file` or `text`", "add \"file\": \"sources/article.txt\"");
                return None;
            }
            (None, Some(text)) => text.to_string(),
            (Some(file), None) => match reader.read(file) {
                Ok(text) => text,
                Err(mut problem) => {
                    problem.location = Location::Path(obj.child(key::FILE));
                    self.push(problem);
                    return None;
                }
            },
        };
        Some(Source {
            id: id.to_string(),
            file: file.map(str::to_string),
            title,
            publisher,
            author,
            url,
            published,
            text,
            note,
        })
    }

    pub(super) fn entity(&mut self, obj: &Obj<'_, '_>, r: &EntityRecord<'_>, id: &str) -> Entity {
        let name = self.string(obj, key::NAME, &r.name).unwrap_or_default().to_string();
        let wrong = obj.wrong(key::KIND);
        let kind = if wrong.is_none() { EntityKind::parse(&r.kind) } else { None };
        let kind = kind.unwrap_or_else(|| {
            let kinds: Vec<&str> = EntityKind::ALL.iter().map(|k| k.as_str()).collect();
            let message = match wrong {
                Some(Found::Missing) => "missing required field `kind`".to_string(),
                Some(other) => format!("unknown entity kind {other}"),
                None => format!("unknown entity kind {}", Value::String(r.kind.to_string())),
            };
            self.report(obj.child_at(key::KIND), message, format!("use one of: {}", kinds.join(", ")));
            EntityKind::Place
        });
        let aliases = self.strings(obj, key::ALIASES, listed(&r.aliases));
        let aliases = aliases.into_iter().map(|(_, a)| a.to_string()).collect();
        let note = self.optional_string(obj, key::NOTE, given(&r.note)).map(str::to_string);
        Entity { id: id.to_string(), name, kind, aliases, note }
    }

    pub(super) fn event(
        &mut self,
        obj: &Obj<'_, '_>,
        r: &EventRecord<'_>,
        id: &str,
        entities: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Event> {
        let date = self.string(obj, key::DATE, &r.date).and_then(|d| self.parse_date(obj, key::DATE, d));
        let scheduled = self.optional_flag(obj, key::SCHEDULED, r.scheduled);
        let kind = self.string(obj, key::TYPE, &r.kind);
        if let Some(kind) = kind
            && !EVENT_TYPES.contains(&kind)
        {
            let hint = format!("use one of: {} (`other` when none fits)", EVENT_TYPES.join(", "));
            self.report(obj.child_at(key::TYPE), format!("unknown event type `{kind}`"), hint);
        }
        let title = self.string(obj, key::TITLE, &r.title);
        let actors = valid_indices(self.references(entities, obj, key::ACTORS, &r.actors));
        let targets = valid_indices(self.references(entities, obj, key::TARGETS, listed(&r.targets)));
        let places = valid_indices(self.references(entities, obj, key::PLACES, &r.places));
        let fatalities = self.optional_count(obj, key::FATALITIES, r.fatalities.flatten());
        let evidence = self.evidence(obj, key::EVIDENCE, &r.evidence, source_ids, sources);
        let (status, confidence) = (self.status(obj, r.status), self.confidence(obj, r.confidence));
        Some(Event {
            id: id.to_string(),
            date: date?,
            scheduled,
            kind: kind?.to_string(),
            title: title?.to_string(),
            actors: actors?,
            targets: targets?,
            places: places?,
            fatalities,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn claim(
        &mut self,
        obj: &Obj<'_, '_>,
        r: &ClaimRecord<'_>,
        id: &str,
        entities: &Ids,
        events: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Claim> {
        let speaker = self
            .string(obj, key::SPEAKER, &r.speaker)
            .and_then(|s| self.lookup(entities, s, &Child(&obj.at, key::SPEAKER)));
        let speaker = speaker.and_then(Definition::index);
        let verb = self.string(obj, key::VERB, &r.verb);
        let text = self.string(obj, key::TEXT, &r.text);
        let date = self.optional_date(obj, key::DATE, given(&r.date));
        let about: Option<Vec<EventIx>> = valid_indices(self.references(events, obj, key::ABOUT, listed(&r.about)));
        let mentions: Option<Vec<EntityIx>> =
            valid_indices(self.references(entities, obj, key::MENTIONS, listed(&r.mentions)));
        let evidence = self.evidence(obj, key::EVIDENCE, &r.evidence, source_ids, sources);
        let (status, confidence) = (self.status(obj, r.status), self.confidence(obj, r.confidence));
        Some(Claim {
            id: id.to_string(),
            speaker: speaker?,
            verb: verb?.to_string(),
            text: text?.to_string(),
            date,
            about: about?,
            mentions: mentions?,
            evidence: evidence?,
            status,
            confidence,
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn discrepancy(
        &mut self,
        obj: &Obj<'_, '_>,
        r: &DiscrepancyRecord<'_>,
        id: &str,
        events: &Ids,
        claims: &Ids,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Discrepancy> {
        let topic = self.string(obj, key::TOPIC, &r.topic);
        let mut about = Vec::new();
        let mut refers_to_invalid = false;
        for (path, target) in self.strings(obj, key::ABOUT, listed(&r.about)) {
            if let Some(event) = events.get(target) {
                about.extend(event.index().map(ItemRef::Event));
                refers_to_invalid |= event.index().is_none();
            } else if let Some(claim) = claims.get(target) {
                about.extend(claim.index().map(ItemRef::Claim));
                refers_to_invalid |= claim.index().is_none();
            } else {
                let message = format!("unknown event or claim `{target}`");
                let hint = closest_id(events, target)
                    .or_else(|| closest_id(claims, target))
                    .map_or("`about` lists event or claim ids".to_string(), |near| format!("did you mean `{near}`?"));
                self.report(path, message, hint);
            }
        }
        let listed_variants = self.list(obj, key::VARIANTS);
        if listed_variants && r.variants.len() < 2 {
            self.report(
                obj.child_at(key::VARIANTS),
                format!("a discrepancy needs at least two variants, found {}", r.variants.len()),
                "add each differing version with the passages that give it",
            );
        }
        let mut variants = Vec::new();
        let mut complete = true;
        let listed_variants = if listed_variants { &r.variants[..] } else { &[] };
        for (i, variant) in listed_variants.iter().enumerate() {
            let v = obj.item(key::VARIANTS, i);
            if !self.object(obj.wrongs, &v.at) {
                complete = false;
                continue;
            }
            let value = self.string(&v, key::VALUE, &variant.value);
            let evidence = self.evidence(&v, key::EVIDENCE, &variant.evidence, source_ids, sources);
            match (value, evidence) {
                (Some(value), Some(evidence)) => variants.push(Variant { value: value.to_string(), evidence }),
                _ => complete = false,
            }
        }
        let (status, confidence) = (self.status(obj, r.status), self.confidence(obj, r.confidence));
        if !complete || refers_to_invalid {
            return None;
        }
        Some(Discrepancy { id: id.to_string(), topic: topic?.to_string(), about, variants, status, confidence })
    }

    /// The passages of an evidence field: at least one, each resolved against its source.
    pub(super) fn evidence(
        &mut self,
        obj: &Obj<'_, '_>,
        key: &'static str,
        items: &[PassageRecord<'_>],
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Vec<Passage>> {
        if !self.list(obj, key) {
            return None;
        }
        if items.is_empty() {
            self.report(obj.child_at(key), "no supporting passage", "cite at least one passage that supports it");
            return None;
        }
        let mut passages = Vec::with_capacity(items.len());
        let mut complete = true;
        for (i, item) in items.iter().enumerate() {
            match self.passage(&obj.item(key, i), item, source_ids, sources) {
                Some(p) => passages.push(p),
                None => complete = false,
            }
        }
        complete.then_some(passages)
    }

    pub(super) fn passage(
        &mut self,
        obj: &Obj<'_, '_>,
        r: &PassageRecord<'_>,
        source_ids: &Ids,
        sources: &[Option<Loaded>],
    ) -> Option<Passage> {
        if !self.object(obj.wrongs, &obj.at) {
            return None;
        }
        let source_id = self.string(obj, key::SOURCE, &r.source);
        let exact = self.string(obj, key::EXACT, &r.exact);
        let prefix = self.optional_string(obj, key::PREFIX, given(&r.prefix));
        let suffix = self.optional_string(obj, key::SUFFIX, given(&r.suffix));
        let start = self.optional_count(obj, key::START, r.start);
        let end = self.optional_count(obj, key::END, r.end);
        let source_ix: SourceIx = self.lookup(source_ids, source_id?, &Child(&obj.at, key::SOURCE))?.index()?;
        let exact = exact?;
        // A source that failed to load was reported already; its passages cannot be checked.
        let Loaded { source, index } = sources.get(source_ix as usize)?.as_ref()?;
        let quote = Quote { exact, prefix, suffix, start, end };
        let passage = |bytes: std::ops::Range<usize>, chars: std::ops::Range<usize>, anchoring: Anchoring| Passage {
            source: source_ix,
            prefix: prefix.map(Box::from),
            suffix: suffix.map(Box::from),
            start: chars.start,
            end: chars.end,
            bytes,
            anchoring: anchoring.into(),
        };
        match anchor::resolve_indexed(&source.text, index, &quote) {
            Ok(span) => Some(passage(span.bytes, span.chars, Anchoring::Exact)),
            // Only a passage that did not resolve pays for the search: a valid store loads as fast
            // as before.
            Err(e) if e.relocatable => {
                let text = source.text.as_str();
                let old_start = start.map(|chars| index.byte_of(text, chars));
                let relocation = relocate(text, exact, prefix, suffix, old_start);
                if self.anchors == Anchors::Lenient {
                    let (bytes, chars, anchoring) = relocated(text, index, exact, old_start, relocation);
                    return Some(passage(bytes, chars, anchoring));
                }
                let (found, hint) = describe(text, index, &relocation, e);
                let message = format!("in source `{}`: {}", source.id, found);
                self.report(obj.child_at(key::EXACT), message, hint);
                None
            }
            Err(e) => {
                let message = format!("in source `{}`: {}", source.id, e.message);
                self.report(obj.child_at(key::EXACT), message, e.hint);
                None
            }
        }
    }
}

/// The span and status of a passage found again in an edited article. An orphan keeps an empty
/// span where it used to start (when that still fits the text), else at the start of the text.
fn relocated(
    text: &str,
    index: &CharIndex,
    exact: &str,
    old_start: Option<usize>,
    relocation: Relocation,
) -> (std::ops::Range<usize>, std::ops::Range<usize>, Anchoring) {
    let quoted: Box<str> = exact.into();
    let chars_of = |bytes: &std::ops::Range<usize>| {
        let start = index.chars_before(text, bytes.start);
        start..start + text[bytes.clone()].chars().count()
    };
    match relocation {
        Relocation::Moved { bytes } => (bytes.clone(), chars_of(&bytes), Anchoring::Moved { quoted }),
        Relocation::Fuzzy { bytes, score } => {
            (bytes.clone(), chars_of(&bytes), Anchoring::Fuzzy { score: Score::new(score), quoted })
        }
        Relocation::Orphan => {
            let at = old_start.unwrap_or(0).min(text.len());
            let chars = index.chars_before(text, at);
            (at..at, chars..chars, Anchoring::Orphan { quoted })
        }
    }
}

/// What `factline check` says of a passage that is not exact: the first failure, then what was
/// found and where (line:column for a person, code-point offsets for the store); and what to do.
fn describe(text: &str, index: &CharIndex, relocation: &Relocation, error: AnchorError) -> (String, String) {
    let place = |bytes: &std::ops::Range<usize>| {
        let before = &text[..bytes.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let start = index.chars_before(text, bytes.start);
        let end = start + text[bytes.clone()].chars().count();
        (format!("line {line}:{column}"), format!("{start}..{end}"))
    };
    let AnchorError { message, hint, .. } = error;
    match relocation {
        Relocation::Moved { bytes } => {
            let (at, offsets) = place(bytes);
            let found = format!("{message}; moved: the same words are now at {at} (offsets {offsets})");
            (found, format!("{hint}; point `start`/`end` at {offsets}, or open the store in the browser"))
        }
        Relocation::Fuzzy { bytes, score } => {
            let (at, offsets) = place(bytes);
            let now = excerpt(&text[bytes.clone()], 120);
            // Rounded as the browser's label rounds it, so both say the same score.
            let score = Score::new(*score).value();
            let found = format!("{message}; fuzzy (score {score:.2}): now reads “{now}” at {at} (offsets {offsets})");
            let hint = format!(
                "if the text now found still supports the item, copy it into `exact` with `start`/`end` {offsets}; \
                 otherwise fix the passage or reject the item"
            );
            (found, hint)
        }
        Relocation::Orphan => {
            let found = format!("{message}; orphan: not found in the article; re-select it by hand or reject the item");
            (found, hint)
        }
    }
}

/// An optional field's value: a null is no value, like a key left out.
fn given<'v>(field: &'v Option<Option<Cow<'_, str>>>) -> Option<&'v str> {
    field.as_ref().and_then(|value| value.as_deref())
}

/// An optional list's items: none when it is left out or null.
fn listed<'v, 'a>(list: &'v Option<Vec<Cow<'a, str>>>) -> &'v [Cow<'a, str>] {
    list.as_deref().unwrap_or_default()
}
