//! The parts of a store file: the top-level fields, then its record lists in the format's order,
//! which is also the order problems are reported in, whatever the order of the file.

use std::ops::{Index, IndexMut};

use crate::store::format::key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Section {
    /// The top-level fields other than the record lists: `format`, `version`, `title`.
    Header,
    Sources,
    Entities,
    Events,
    Claims,
    Discrepancies,
}

impl Section {
    const COUNT: usize = 6;
    /// The record lists, in the format's order.
    pub(super) const RECORDS: [Section; 5] =
        [Section::Sources, Section::Entities, Section::Events, Section::Claims, Section::Discrepancies];

    /// The key of a record list, as written in the file.
    pub(super) fn name(self) -> &'static str {
        match self {
            Section::Header => "",
            Section::Sources => key::SOURCES,
            Section::Entities => key::ENTITIES,
            Section::Events => key::EVENTS,
            Section::Claims => key::CLAIMS,
            Section::Discrepancies => key::DISCREPANCIES,
        }
    }

    /// What one record of the list is called in messages ("duplicate entity id …").
    pub(super) fn kind(self) -> &'static str {
        match self {
            Section::Header => "",
            Section::Sources => "source",
            Section::Entities => "entity",
            Section::Events => "event",
            Section::Claims => "claim",
            Section::Discrepancies => "discrepancy",
        }
    }

    /// The record list a top-level key names, if any.
    pub(super) fn of_key(key: &str) -> Option<Section> {
        Section::RECORDS.into_iter().find(|section| section.name() == key)
    }

    /// Whether a store must have this list (the others may be absent or null).
    pub(super) fn required(self) -> bool {
        matches!(self, Section::Sources | Section::Entities | Section::Events)
    }

    /// The lists this one's records refer to: they must be complete before its records are checked.
    pub(super) fn needs(self) -> &'static [Section] {
        match self {
            Section::Events => &[Section::Sources, Section::Entities],
            Section::Claims => &[Section::Sources, Section::Entities, Section::Events],
            Section::Discrepancies => &[Section::Sources, Section::Events, Section::Claims],
            _ => &[],
        }
    }
}

/// One value per section.
#[derive(Debug, Default)]
pub(super) struct PerSection<T>([T; Section::COUNT]);

impl<T> PerSection<T> {
    /// The values in the format's order, borrowed.
    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    /// The values in the format's order.
    pub(super) fn into_values(self) -> impl Iterator<Item = T> {
        self.0.into_iter()
    }
}

impl<T> Index<Section> for PerSection<T> {
    type Output = T;

    fn index(&self, section: Section) -> &T {
        &self.0[section as usize]
    }
}

impl<T> IndexMut<Section> for PerSection<T> {
    fn index_mut(&mut self, section: Section) -> &mut T {
        &mut self.0[section as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_list_is_found_by_its_key_and_the_header_by_none() {
        for section in Section::RECORDS {
            assert_eq!(Section::of_key(section.name()), Some(section));
        }
        assert_eq!(Section::of_key(""), None);
        assert_eq!(Section::of_key("format"), None);
        let mut seen = PerSection::<bool>::default();
        seen[Section::Claims] = true;
        assert_eq!(seen.into_values().position(|s| s), Some(4));
    }
}
