//! Picking an entity by fuzzy search, for a form's entity field or for a merge: the same search
//! as the search bar (every spelling, folded), the matches listed, and — for a field — a last
//! row that creates a new entity spelt as typed, of a kind the user cycles through.

use crate::search::{Narrowing, SearchIndex};
use crate::store::{EntityIx, EntityKind, Store};
use crate::text;

/// Matches listed at most.
pub const PICKER_ROWS: usize = 8;
/// No name is longer; a paste must not become a query.
const MAX_NAME_CHARS: usize = 200;

/// What the chosen entity is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A field of the open form (its index).
    Field(usize),
    /// The entity to merge away.
    MergeFrom,
    /// The entity `from` is merged into.
    MergeInto { from: EntityIx },
    /// The entity a spelling (selected in an article) becomes an alias of.
    AliasOf,
}

/// What a picker chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Existing(EntityIx),
    New { name: String, kind: EntityKind },
}

#[derive(Debug, Clone)]
pub struct Picker {
    purpose: Purpose,
    query: String,
    narrowing: Narrowing,
    /// What the rows list: the matches of the query, or (with no query) the suggestions.
    rows: Vec<EntityIx>,
    /// Shown while nothing is typed (a merge starts with the selected item's entities).
    suggestions: Vec<EntityIx>,
    selected: usize,
    /// The kind a new entity gets.
    kind: EntityKind,
}

impl Picker {
    pub fn new(purpose: Purpose, suggestions: Vec<EntityIx>, kind: EntityKind) -> Picker {
        Picker {
            purpose,
            query: String::new(),
            narrowing: Narrowing::default(),
            rows: suggestions.clone(),
            suggestions,
            selected: 0,
            kind,
        }
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// The entities listed, in order.
    pub fn rows(&self) -> &[EntityIx] {
        &self.rows
    }

    /// Whether a last row offers a new entity spelt as typed (fields only: a merge joins two
    /// entities that exist).
    pub fn offers_new(&self) -> bool {
        matches!(self.purpose, Purpose::Field(_)) && !self.query.trim().is_empty()
    }

    /// The selected row: `rows().len()` is the new-entity row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn kind(&self) -> EntityKind {
        self.kind
    }

    fn row_count(&self) -> usize {
        self.rows.len() + usize::from(self.offers_new())
    }

    pub fn step(&mut self, forward: bool) -> bool {
        let count = self.row_count();
        if count < 2 {
            return false;
        }
        self.selected = if forward { (self.selected + 1) % count } else { (self.selected + count - 1) % count };
        true
    }

    /// The next kind for a new entity (it shows on the new-entity row).
    pub fn cycle_kind(&mut self) {
        let at = EntityKind::ALL.iter().position(|&k| k == self.kind).unwrap_or(0);
        self.kind = EntityKind::ALL[(at + 1) % EntityKind::ALL.len()];
    }

    pub fn type_text(&mut self, typed: &str, search: &SearchIndex, store: &Store) -> bool {
        let clean = text::sanitize_line(typed);
        let room = MAX_NAME_CHARS.saturating_sub(self.query.chars().count());
        let clean: String = clean.chars().take(room).collect();
        if clean.is_empty() {
            return false;
        }
        let query = format!("{}{clean}", self.query);
        self.set_query(query, search, store);
        true
    }

    pub fn backspace(&mut self, search: &SearchIndex, store: &Store) -> bool {
        let mut query = self.query.clone();
        if query.pop().is_none() {
            return false;
        }
        self.narrowing = Narrowing::default();
        self.set_query(query, search, store);
        true
    }

    /// Ctrl-u: the name typed goes; the suggestions come back.
    pub fn clear(&mut self, search: &SearchIndex, store: &Store) -> bool {
        if self.query.is_empty() {
            return false;
        }
        self.narrowing = Narrowing::default();
        self.set_query(String::new(), search, store);
        true
    }

    fn set_query(&mut self, query: String, search: &SearchIndex, store: &Store) {
        let excluded = match self.purpose {
            Purpose::MergeInto { from } => Some(from),
            _ => None,
        };
        self.rows = if query.trim().is_empty() {
            self.suggestions.clone()
        } else {
            search
                .search_narrowing(&query, PICKER_ROWS + 1, &mut self.narrowing)
                .into_iter()
                .map(|hit| hit.entity)
                .filter(|&e| Some(e) != excluded && (e as usize) < store.entities.len())
                .take(PICKER_ROWS)
                .collect()
        };
        self.query = query;
        self.selected = 0;
    }

    /// The selected row's entity, or the new one; `None` when nothing is listed.
    pub fn choice(&self) -> Option<Picked> {
        match self.rows.get(self.selected) {
            Some(&entity) => Some(Picked::Existing(entity)),
            None if self.offers_new() => Some(Picked::New { name: self.query.trim().to_string(), kind: self.kind }),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_lists_matches_then_offers_a_new_entity_of_a_chosen_kind() {
        let store = crate::store::bundled::load().unwrap();
        let search = SearchIndex::new(&store);
        let mut picker = Picker::new(Purpose::Field(0), Vec::new(), EntityKind::Person);
        assert_eq!(picker.choice(), None, "nothing typed, nothing suggested");
        picker.type_text("kakar", &search, &store);
        let kakar = store.entity_by_id("anwaar-ul-haq-kakar").unwrap();
        assert_eq!(picker.choice(), Some(Picked::Existing(kakar)));
        while picker.selected() < picker.rows().len() {
            picker.step(true);
        }
        picker.cycle_kind();
        assert_eq!(picker.choice(), Some(Picked::New { name: "kakar".into(), kind: EntityKind::Organization }));
        picker.backspace(&search, &store);
        assert_eq!(picker.query(), "kaka");
    }

    #[test]
    fn a_merge_target_never_lists_the_merged_entity_nor_a_new_one() {
        let store = crate::store::bundled::load().unwrap();
        let search = SearchIndex::new(&store);
        let iran = store.entity_by_id("iran").unwrap();
        let mut picker = Picker::new(Purpose::MergeInto { from: iran }, Vec::new(), EntityKind::Person);
        picker.type_text("iran", &search, &store);
        assert!(!picker.rows().contains(&iran) && !picker.rows().is_empty());
        assert!(!picker.offers_new());
    }
}
