//! The vocabulary of a change to a store, as plain values: which list a record is in, an item's
//! fields as a person edits them, and the one `Change` a form or a picker asks for. It depends on
//! nothing of the browser or of the editor, so the browser can speak it without depending on the
//! editor that carries it out (which implements the browser's `Editor`).

use super::passage::NewPassage;
use crate::store::EntityKind;
use crate::store::format::key;

/// Which list of the store a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Event,
    Claim,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Claim => "claim",
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Event => key::EVENTS,
            Kind::Claim => key::CLAIMS,
        }
    }
}

/// What holds the passage: an event, a claim, or a discrepancy (whose passages are counted
/// across its variants, in order, as the browser steps through them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Event,
    Claim,
    Discrepancy,
}

impl Holder {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Holder::Event => "event",
            Holder::Claim => "claim",
            Holder::Discrepancy => "discrepancy",
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Holder::Event => key::EVENTS,
            Holder::Claim => key::CLAIMS,
            Holder::Discrepancy => key::DISCREPANCIES,
        }
    }
}

impl From<Kind> for Holder {
    fn from(kind: Kind) -> Holder {
        match kind {
            Kind::Event => Holder::Event,
            Kind::Claim => Holder::Claim,
        }
    }
}

/// An entity a field names: one in the store, or one to create with the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityRef {
    /// By id.
    Existing(String),
    /// Created with the change (an entity of the same kind already spelt so is reused).
    New { name: String, kind: EntityKind },
}

/// A claim's fields as a person edits them (`evidence` and `status` are kept as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFields {
    pub speaker: EntityRef,
    pub verb: String,
    pub text: String,
    /// A date as the format writes it; `None` leaves the claim undated.
    pub date: Option<String>,
    pub mentions: Vec<EntityRef>,
    /// The events it speaks of, by id.
    pub about: Vec<String>,
}

/// An event's fields as a person edits them (`evidence` and `status` are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFields {
    pub title: String,
    pub date: String,
    /// The `type` field, from the format's vocabulary.
    pub kind: String,
    pub actors: Vec<EntityRef>,
    pub targets: Vec<EntityRef>,
    pub places: Vec<EntityRef>,
    /// Only where the sources agree; `None` leaves it out.
    pub fatalities: Option<u64>,
}

/// One version of a disputed fact and the passages that give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVariant {
    pub value: String,
    pub evidence: Vec<NewPassage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDiscrepancy {
    pub topic: String,
    /// The events and claims it is about, by id.
    pub about: Vec<(Kind, String)>,
    pub variants: Vec<NewVariant>,
}

/// A change the browser asks for, as one value: what a form or a picker produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    EditClaim { id: String, fields: ClaimFields },
    EditEvent { id: String, fields: EventFields },
    CreateClaim { passage: NewPassage, fields: ClaimFields },
    CreateEvent { passage: NewPassage, fields: EventFields },
    AddAlias { entity: String, alias: String },
    Merge { from: String, into: String },
    Discrepancy(NewDiscrepancy),
}
