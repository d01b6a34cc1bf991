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
    /// The sources say it is to happen on `date` (the `scheduled` field); false when it happened.
    pub scheduled: bool,
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
    pub status: Status,
    pub confidence: Option<Confidence>,
}

/// A resolved span of one source. The quoted text itself is not stored: it is always the slice
/// `bytes` of the source text, so it cannot drift from the article.
///
/// A store loaded strictly (`factline check`, `load_path`) holds only exact passages. A store
/// loaded leniently (the browser) may hold passages whose article was edited since they were
/// cited: see `Anchoring`. Their span then points at the text as it is NOW.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub source: SourceIx,
    /// Boxed rather than `String`: 8 bytes less each, on every one of millions of passages
    /// (nearly all without one); they are never grown once loaded.
    pub prefix: Option<Box<str>>,
    pub suffix: Option<Box<str>>,
    /// Code-point offsets, as the format counts them.
    pub start: usize,
    pub end: usize,
    /// The same span as byte offsets into the source text.
    pub bytes: Range<usize>,
    /// How the passage's `exact` was found in the current text.
    pub anchoring: Anchored,
}

/// A passage's `Anchoring`, boxed only when it is not exact: nearly every passage is exact, and
/// an inline enum would cost every one of a million passages 16 bytes more (measured: 1.32× →
/// 1.49× the JSON at peak for a 1M-event store). Reads as an `Anchoring` through `Deref`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Anchored(Option<Box<Anchoring>>);

static EXACT: Anchoring = Anchoring::Exact;

impl From<Anchoring> for Anchored {
    fn from(anchoring: Anchoring) -> Anchored {
        match anchoring {
            Anchoring::Exact => Anchored(None),
            other => Anchored(Some(Box::new(other))),
        }
    }
}

impl std::ops::Deref for Anchored {
    type Target = Anchoring;

    fn deref(&self) -> &Anchoring {
        self.0.as_deref().unwrap_or(&EXACT)
    }
}

impl Passage {
    /// The passage's words in the current text (the text now found, for a moved or fuzzy
    /// passage; empty for an orphan).
    pub fn exact<'s>(&self, sources: &'s [Source]) -> &'s str {
        &sources[self.source as usize].text[self.bytes.clone()]
    }
}

/// Whether a passage's quote still sits where the store says. Anything but `Exact` exists only
/// in a store loaded leniently.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Anchoring {
    /// `exact` is verbatim at the span (and at `start`/`end` when the store gives them).
    #[default]
    Exact,
    /// The same words, at other offsets: the span is where they are now.
    Moved { quoted: Box<str> },
    /// Approximately the same words (a word changed, straight quotes for curly ones): the span is
    /// the text now found, which differs from `quoted`.
    Fuzzy { score: Score, quoted: Box<str> },
    /// Not found in the article. The span is empty, at the old `start` when the store gave one
    /// that still fits the text, else at 0: test `is_orphan`, never the span, to tell.
    Orphan { quoted: Box<str> },
}

impl Anchoring {
    /// The store's `exact`, when it differs from (or could not be found in) the current text.
    pub fn quoted(&self) -> Option<&str> {
        match self {
            Anchoring::Exact => None,
            Anchoring::Moved { quoted } | Anchoring::Fuzzy { quoted, .. } | Anchoring::Orphan { quoted } => {
                Some(quoted)
            }
        }
    }

    pub fn is_exact(&self) -> bool {
        matches!(self, Anchoring::Exact)
    }

    pub fn is_orphan(&self) -> bool {
        matches!(self, Anchoring::Orphan { .. })
    }

    /// A short label for a non-exact passage: "moved", "fuzzy 0.93", "orphan".
    pub fn label(&self) -> Option<String> {
        match self {
            Anchoring::Exact => None,
            Anchoring::Moved { .. } => Some("moved".into()),
            Anchoring::Fuzzy { score, .. } => Some(format!("fuzzy {:.2}", score.value())),
            Anchoring::Orphan { .. } => Some("orphan".into()),
        }
    }
}

/// How close a fuzzy passage's text is to its quote, from 0 to 1 (1 − errors / quote length),
/// kept in thousandths so passages stay comparable for equality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u16);

impl Score {
    pub fn new(value: f64) -> Score {
        Score((value.clamp(0.0, 1.0) * 1000.0).round() as u16)
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

/// How many passages of a store are moved, fuzzy and orphaned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnchoringCounts {
    pub moved: usize,
    pub fuzzy: usize,
    pub orphan: usize,
}

impl AnchoringCounts {
    pub fn add(&mut self, anchoring: &Anchoring) {
        match anchoring {
            Anchoring::Exact => {}
            Anchoring::Moved { .. } => self.moved += 1,
            Anchoring::Fuzzy { .. } => self.fuzzy += 1,
            Anchoring::Orphan { .. } => self.orphan += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.moved + self.fuzzy + self.orphan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_non_exact_passage_is_labelled_and_counted_by_its_status() {
        let quoted: Box<str> = "the words cited".into();
        let fuzzy = Anchoring::Fuzzy { score: Score::new(0.9312), quoted: quoted.clone() };
        assert_eq!(fuzzy.label().as_deref(), Some("fuzzy 0.93"));
        assert_eq!(Anchoring::Moved { quoted: quoted.clone() }.label().as_deref(), Some("moved"));
        assert_eq!(Anchoring::Orphan { quoted: quoted.clone() }.label().as_deref(), Some("orphan"));
        assert_eq!(Anchoring::Exact.label(), None);
        assert_eq!(fuzzy.quoted(), Some("the words cited"));
        assert!(Anchoring::Orphan { quoted }.is_orphan() && Anchoring::Exact.is_exact());
        assert_eq!(Score::new(1.0).value(), 1.0);
        assert_eq!(Score::new(1.7), Score::new(1.0), "a score never leaves 0..=1");
        let mut counts = AnchoringCounts::default();
        for a in [&fuzzy, &Anchoring::Exact, &fuzzy] {
            counts.add(a);
        }
        assert_eq!((counts.moved, counts.fuzzy, counts.orphan, counts.total()), (0, 2, 0, 2));
        let boxed = Anchored::from(fuzzy.clone());
        assert_eq!(*boxed, fuzzy);
        assert_eq!(*Anchored::from(Anchoring::Exact), Anchoring::Exact);
        assert_eq!(Anchored::from(Anchoring::Exact), Anchored::default());
    }

    #[test]
    fn an_exact_passage_pays_one_pointer_for_its_anchoring() {
        assert_eq!(std::mem::size_of::<Anchored>(), std::mem::size_of::<usize>());
    }
}
