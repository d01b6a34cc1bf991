//! The store's records after validation: references are dense indices, passages are resolved spans.

use std::ops::Range;

use super::date::DateSpec;

pub type SourceIx = u32;
pub type EntityIx = u32;
pub type EventIx = u32;
pub type ClaimIx = u32;
pub type DiscrepancyIx = u32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    /// The path as written in the store, when the text came from a file.
    pub file: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateSpec>,
    /// The article byte for byte.
    pub text: String,
    /// Free text for the reader of the store: how the record was made.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Organization,
    Group,
    Country,
    Place,
}

impl EntityKind {
    pub const ALL: [EntityKind; 5] =
        [EntityKind::Person, EntityKind::Organization, EntityKind::Group, EntityKind::Country, EntityKind::Place];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Group => "group",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
        }
    }

    pub fn parse(text: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub note: Option<String>,
}

impl Entity {
    /// The canonical name first, then every alias.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The event types of the format's vocabulary (ACLED-aligned where it can be): the types for news
/// coverage first (`NEWS_EVENT_TYPES` of them), then the slugs of ACLED's event types and of the
/// sub-event types that do not already have a news type of the same name (`attack`, `agreement`
/// and `other` serve both), so a store imported from ACLED (`factline import acled`) keeps
/// ACLED's own classification. See docs/store-format.md.
pub const EVENT_TYPES: [&str; 41] = [
    "strike",
    "attack",
    "casualties",
    "diplomatic-visit",
    "meeting",
    "phone-call",
    "statement",
    "agreement",
    "ambassador-recall",
    "ambassador-return",
    "security-meeting",
    "announcement",
    "other",
    // ACLED event types (used when an export has no sub_event_type column).
    "battles",
    "explosions-remote-violence",
    "violence-against-civilians",
    "protests",
    "riots",
    "strategic-developments",
    // ACLED sub-event types.
    "armed-clash",
    "government-regains-territory",
    "non-state-actor-overtakes-territory",
    "sexual-violence",
    "abduction-forced-disappearance",
    "chemical-weapon",
    "air-drone-strike",
    "suicide-bomb",
    "shelling-artillery-missile-attack",
    "remote-explosive-landmine-ied",
    "grenade",
    "peaceful-protest",
    "protest-with-intervention",
    "excessive-force-against-protesters",
    "violent-demonstration",
    "mob-violence",
    "arrests",
    "change-to-group-activity",
    "disrupted-weapons-use",
    "headquarters-or-base-established",
    "looting-property-destruction",
    "non-violent-transfer-of-territory",
];

/// How many of `EVENT_TYPES`, from the first, are the types for news coverage; the generator of
/// benchmark stores picks among these only, so its output stays the same bytes it always was.
pub const NEWS_EVENT_TYPES: usize = 13;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: String,
    pub date: DateSpec,
    /// The `type` field.
    pub kind: String,
    pub title: String,
    pub actors: Vec<EntityIx>,
    pub targets: Vec<EntityIx>,
    pub places: Vec<EntityIx>,
    pub fatalities: Option<u64>,
    pub evidence: Vec<Passage>,
    pub status: Status,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    pub speaker: EntityIx,
    pub verb: String,
    pub text: String,
    pub date: Option<DateSpec>,
    pub about: Vec<EventIx>,
    /// Extension: other entities the claim names, so a search for them finds it.
    pub mentions: Vec<EntityIx>,
    pub evidence: Vec<Passage>,
    pub status: Status,
    pub confidence: Option<Confidence>,
}

/// Whether a person has checked an event or claim that a program drafted. A store written before
/// the field existed leaves it out, and means reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Found by a program, not yet checked by a person.
    Draft,
    #[default]
    Reviewed,
}

impl Status {
    pub const ALL: [Status; 2] = [Status::Draft, Status::Reviewed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Reviewed => "reviewed",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// How sure a drafting program was of an item, from 0 to 1. Never NaN, so it can be compared and
/// sorted (a review queue puts the least sure first).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Confidence(f64);

impl Confidence {
    /// A confidence, when `value` lies in 0..=1.
    pub fn new(value: f64) -> Option<Confidence> {
        (0.0..=1.0).contains(&value).then_some(Confidence(value))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

// `new` admits no NaN, so equality is total.
impl Eq for Confidence {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRef {
    Event(EventIx),
    Claim(ClaimIx),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub value: String,
    pub evidence: Vec<Passage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discrepancy {
    pub id: String,
    pub topic: String,
    pub about: Vec<ItemRef>,
    pub variants: Vec<Variant>,
}

/// A resolved span of one source. The quoted text itself is not stored: it is always the slice
/// `bytes` of the source text, so it cannot drift from the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub source: SourceIx,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// Code-point offsets, as the format counts them.
    pub start: usize,
    pub end: usize,
    /// The same span as byte offsets into the source text.
    pub bytes: Range<usize>,
}

impl Passage {
    pub fn exact<'s>(&self, sources: &'s [Source]) -> &'s str {
        &sources[self.source as usize].text[self.bytes.clone()]
    }
}
