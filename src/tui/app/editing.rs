//! The app's side of editing: the form and the entity picker it opens for `e`, `M`, `D` (and
//! for a selection's new item or alias), the keys typed into them, and the change they ask
//! the browser's editor to make. Only a browser that can edit (`App::curating`) opens them.

use std::sync::Arc;

use super::{App, Item};
use crate::curation::change::{Change, Holder, Kind};
use crate::curation::passage::NewPassage;
use crate::search::SearchIndex;
use crate::store::{ClaimIx, DiscrepancyIx, EntityIx, EntityKind, EventIx, Passage, SourceIx, Store};
use crate::text;
use crate::tui::FrameState;
use crate::tui::action::Action;
use crate::tui::form::{AboutChoices, Form, Outcome, about_label};
use crate::tui::picker::{Picked, Picker, Purpose};
use crate::tui::view::View;

/// Editing: the form and the entity picker. The app only gathers what the user asks for; the
/// browser's editor makes the change (`take_change`) and reports back (`close_form`,
/// `form_problem`), so an app without an editor (a kiosk) never opens either.
impl App {
    /// Opens `form` over the panes; refused (false) where the browser cannot edit.
    pub fn open_form(&mut self, form: Form) -> bool {
        if !self.curating {
            return false;
        }
        self.picker = None;
        self.form = Some(form);
        true
    }

    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    pub fn picker(&self) -> Option<&Picker> {
        self.picker.as_ref()
    }

    /// Opens the entity picker to choose whose alias `alias` (a spelling selected in an
    /// article) becomes; the choice asks the editor for the change. Refused (false) where the
    /// browser cannot edit, or for a blank spelling.
    pub fn open_alias_picker(&mut self, alias: &str) -> bool {
        let alias = text::sanitize_line(alias).trim().to_string();
        if !self.curating || alias.is_empty() {
            return false;
        }
        let mut picker = Picker::new(Purpose::AliasOf, Vec::new(), EntityKind::Person);
        picker.type_text(&alias, &self.search, &self.store);
        self.alias = Some(alias);
        self.picker = Some(picker);
        true
    }

    /// The spelling the open alias picker adds.
    pub fn pending_alias(&self) -> Option<&str> {
        self.alias.as_deref()
    }

    /// Asks the browser's editor for `change` (made after this event is handled); refused
    /// (false) where the browser cannot edit.
    pub fn request_change(&mut self, change: Change) -> bool {
        if self.curating {
            self.change = Some(change);
        }
        self.curating
    }

    /// The change a form or a picker asked for, once.
    pub fn take_change(&mut self) -> Option<Change> {
        self.change.take()
    }

    /// After the change was made.
    /// Lets go of the store while the editor changes it in place (a second copy of a large
    /// store would double the memory of an edit): until `replace_store` or `keep_store` gives
    /// one back, the app holds an empty store and must not be drawn.
    pub fn lend_store(&mut self) {
        let chips = self.chips.iter().map(|&e| self.store.entities[e as usize].id.clone()).collect();
        self.lent_chips = Some(chips);
        self.store = Arc::new(Store::default());
    }

    /// The name index brought up to date with `store`, the store a change made of the one
    /// lent: only the entities whose spellings changed are folded again
    /// (`SearchIndex::follow`). The app gives up its own handle for it, so that the index is
    /// updated in place rather than copied; `replace_store` hands it back.
    pub fn follow_search(&mut self, store: &Store) -> Arc<SearchIndex> {
        let mut search = std::mem::take(&mut self.search);
        SearchIndex::follow(&mut search, store);
        search
    }

    /// Takes back the store it lent, unchanged (the change was refused).
    pub fn keep_store(&mut self, store: Arc<Store>) {
        self.store = store;
        self.lent_chips = None;
    }

    pub fn close_form(&mut self) {
        self.form = None;
        self.picker = None;
    }

    /// Why the change was not made: in the form when one is open (with everything typed kept),
    /// else in the status bar.
    pub fn form_problem(&mut self, problem: String) {
        match self.form.as_mut() {
            Some(form) => form.set_problem(Some(problem)),
            None => self.notice = Some(problem),
        }
    }

    /// Selects the record `id` (just created or edited): in the view shown when it lists it,
    /// else in the view of its kind; the source pane opens at its passage. Its position in the
    /// list may have changed (an event's date edited), its id has not.
    pub fn select_record(&mut self, holder: Holder, id: &str, shown: &FrameState) {
        self.select_record_in(holder, id, true, shown);
    }

    /// Selects the record `id` if the view shown lists it (after an undo or a redo, which
    /// should not move the reader to another view); says whether it did.
    pub fn select_record_here(&mut self, holder: Holder, id: &str, shown: &FrameState) -> bool {
        self.select_record_in(holder, id, false, shown)
    }

    fn select_record_in(&mut self, holder: Holder, id: &str, may_switch: bool, shown: &FrameState) -> bool {
        let store = &self.store;
        let item = match holder {
            Holder::Event => store.event_by_id(id).map(Item::Event),
            Holder::Claim => store.claims.iter().position(|c| c.id == id).map(|c| Item::Claim(c as ClaimIx)),
            Holder::Discrepancy => {
                store.discrepancies.iter().position(|d| d.id == id).map(|d| Item::Discrepancy(d as DiscrepancyIx))
            }
        };
        let Some(item) = item else { return false };
        let home = match item {
            Item::Event(_) => View::Timeline,
            Item::Claim(_) => View::Claims,
            Item::Discrepancy(_) => View::Disagreements,
        };
        // `position_of` answers for the list of the item's kind, whichever view it is asked about.
        let here = (self.view == home || self.view == View::Review).then(|| self.position_of(self.view, item));
        let (view, at) = match (here.flatten(), may_switch) {
            (Some(at), _) => (self.view, at),
            (None, false) => return false,
            (None, true) => match self.position_of(home, item) {
                Some(at) => (home, at),
                // Filtered out of its view: the selection stays where it was.
                None => return false,
            },
        };
        self.view = view;
        self.found = None;
        self.cursors[view.index()].selected = at;
        self.open_selected(shown);
        true
    }

    pub(super) fn editing(&self) -> bool {
        self.form.is_some() || self.picker.is_some()
    }

    pub(super) fn type_editing(&mut self, typed: &str) -> bool {
        if let Some(picker) = self.picker.as_mut() {
            return picker.type_text(typed, &self.search, &self.store);
        }
        match self.form.as_mut().map(|form| {
            form.keep();
            form.type_text(typed)
        }) {
            Some(outcome) => self.follow(outcome),
            None => false,
        }
    }

    /// A form's or a picker's action; `None` for the keys they leave to the rest (Ctrl-c).
    pub(super) fn update_editing(&mut self, action: Action) -> Option<bool> {
        if let Some(picker) = self.picker.as_mut() {
            return Some(match action {
                Action::PickerUp => picker.step(false),
                Action::PickerDown => picker.step(true),
                Action::PickerKind => {
                    picker.cycle_kind();
                    true
                }
                Action::PickerBackspace => picker.backspace(&self.search, &self.store),
                Action::PickerClear => picker.clear(&self.search, &self.store),
                Action::PickerCancel => {
                    self.picker = None;
                    self.alias = None;
                    true
                }
                Action::PickerChoose => self.choose_picked(),
                _ => return None,
            });
        }
        let form = self.form.as_mut()?;
        if action != Action::FormCancel {
            form.keep();
        }
        let outcome = match action {
            Action::FormNext => form.next_field(true),
            Action::FormPrev => form.next_field(false),
            Action::FormActivate => form.activate(),
            Action::FormLeft => form.horizontal(false),
            Action::FormRight => form.horizontal(true),
            Action::FormBackspace => form.backspace(),
            Action::FormClear => form.clear(),
            Action::FormSave => form.submit(),
            Action::FormCancel => form.cancel(),
            _ => return None,
        };
        Some(self.follow(outcome))
    }

    fn follow(&mut self, outcome: Outcome) -> bool {
        match outcome {
            Outcome::Unchanged => false,
            Outcome::Changed => true,
            Outcome::Pick { field, typed } => {
                let kind =
                    self.form.as_ref().and_then(|f| f.fields().get(field)).map_or(EntityKind::Person, |f| f.new_kind);
                let mut picker = Picker::new(Purpose::Field(field), Vec::new(), kind);
                picker.type_text(&typed, &self.search, &self.store);
                self.picker = Some(picker);
                true
            }
            Outcome::Cancel => {
                self.form = None;
                true
            }
            Outcome::Submit(change) => {
                self.change = Some(change);
                true
            }
        }
    }

    fn choose_picked(&mut self) -> bool {
        let Some(picker) = self.picker.take() else { return false };
        let Some(picked) = picker.choice() else {
            self.picker = Some(picker);
            return false;
        };
        let id = |e: EntityIx| self.store.entities[e as usize].id.clone();
        match (picker.purpose(), picked) {
            (Purpose::Field(field), picked) => {
                if let Some(form) = self.form.as_mut() {
                    form.put(&self.store, field, picked);
                }
            }
            (Purpose::MergeFrom, Picked::Existing(from)) => {
                self.picker = Some(Picker::new(Purpose::MergeInto { from }, Vec::new(), EntityKind::Person));
            }
            (Purpose::MergeInto { from }, Picked::Existing(into)) => {
                self.change = Some(Change::Merge { from: id(from), into: id(into) });
            }
            (Purpose::AliasOf, Picked::Existing(entity)) => {
                if let Some(alias) = self.alias.take() {
                    self.change = Some(Change::AddAlias { entity: id(entity), alias });
                }
            }
            (_, Picked::New { .. }) => {}
        }
        true
    }

    /// `e`, `M` and `D` on the selected item.
    pub(super) fn start_editing(&mut self, action: Action) -> bool {
        if !self.curating {
            return false;
        }
        let item = self.selected();
        let store = Arc::clone(&self.store);
        let refuse = |app: &mut App, why: &str| {
            app.notice = Some(why.to_string());
            true
        };
        match (action, item) {
            (Action::MergeEntity, _) => {
                // The selected item's speaker or first actor first: what is merged most often.
                let suggestions = item.map(|item| entities_of(&store, item)).unwrap_or_default();
                self.picker = Some(Picker::new(Purpose::MergeFrom, suggestions, EntityKind::Person));
                true
            }
            (_, None) => refuse(self, "nothing selected"),
            (Action::EditItem, Some(Item::Discrepancy(_))) => {
                refuse(self, "a discrepancy has no form: x rejects it, D on an event or claim records one")
            }
            (_, Some(Item::Discrepancy(_))) => {
                refuse(self, "a discrepancy is about an event or a claim: select one (1 or 2), then D")
            }
            (Action::EditItem, Some(Item::Claim(c))) => {
                let sources: Vec<SourceIx> = store.claims[c as usize].evidence.iter().map(|p| p.source).collect();
                self.open_form(Form::edit_claim(&store, c, about_choices(&store, Some(c), &sources)))
            }
            (Action::EditItem, Some(Item::Event(e))) => self.open_form(Form::edit_event(&store, e)),
            (_, Some(item)) => {
                let about = match item {
                    Item::Event(e) => (Kind::Event, store.events[e as usize].id.clone()),
                    Item::Claim(c) => (Kind::Claim, store.claims[c as usize].id.clone()),
                    Item::Discrepancy(_) => unreachable!("refused above"),
                };
                let passages = self.discrepancy_passages(item);
                self.open_form(Form::discrepancy(&store, vec![about], passages))
            }
        }
    }

    /// Passages a discrepancy about `item` may cite: the text selected in the article (if any),
    /// the item's own, then those of other events and claims citing the same articles (where
    /// the other versions of a fact are), each once.
    fn discrepancy_passages(&self, item: Item) -> Vec<(String, NewPassage)> {
        const MOST: usize = 60;
        let store = &*self.store;
        let owner = |item: Item| match item {
            Item::Event(e) => store.events[e as usize].id.as_str(),
            Item::Claim(c) => store.claims[c as usize].id.as_str(),
            Item::Discrepancy(d) => store.discrepancies[d as usize].id.as_str(),
        };
        let own = self.passages_of(item);
        let sources: Vec<u32> = own.iter().map(|p| p.passage.source).collect();
        let mut out: Vec<(String, NewPassage)> = Vec::new();
        if let Some(span) = self.text_selection().filter(|s| s.start < s.end) {
            let source = store.sources[span.source as usize].id.clone();
            out.push(("selection".to_string(), NewPassage { source, start: span.start, end: span.end }));
        }
        let mut add = |item: Option<Item>, passage: &Passage| {
            let new = NewPassage {
                source: store.sources[passage.source as usize].id.clone(),
                start: passage.start,
                end: passage.end,
            };
            if !passage.anchoring.is_orphan() && out.len() < MOST && !out.iter().any(|(_, p)| *p == new) {
                out.push((item.map_or_else(String::new, |item| owner(item).to_string()), new));
            }
        };
        for p in &own {
            add(None, p.passage);
        }
        let others = (0..store.claims.len() as ClaimIx)
            .map(Item::Claim)
            .chain((0..store.events.len() as EventIx).map(Item::Event))
            .filter(|&other| other != item);
        for other in others {
            for p in self.passages_of(other) {
                if sources.contains(&p.passage.source) {
                    add(Some(other), p.passage);
                }
            }
        }
        out
    }
}

/// The events a claim's `about` field offers: those it is about (marked), then the others that
/// cite any of `sources` (where the events a claim speaks of are reported), in timeline order,
/// at most a screenful of choices.
pub(super) fn about_choices(store: &Store, claim: Option<ClaimIx>, sources: &[SourceIx]) -> AboutChoices {
    const MOST: usize = 60;
    let about: &[EventIx] = claim.map_or(&[], |c| &store.claims[c as usize].about);
    let reported = (0..store.events.len() as EventIx)
        .filter(|e| !about.contains(e))
        .filter(|&e| store.events[e as usize].evidence.iter().any(|p| sources.contains(&p.source)));
    let events = about
        .iter()
        .copied()
        .chain(reported)
        .take(MOST.max(about.len()))
        .map(|e| {
            let event = &store.events[e as usize];
            (event.id.clone(), about_label(&event.date.short_label(None), &event.title))
        })
        .collect();
    AboutChoices { events, marked: about.len() }
}

/// The entities an item names: a claim's speaker then mentions, an event's actors, targets,
/// places; each once.
fn entities_of(store: &Store, item: Item) -> Vec<EntityIx> {
    let mut out: Vec<EntityIx> = Vec::new();
    let listed: Vec<EntityIx> = match item {
        Item::Claim(c) => {
            let claim = &store.claims[c as usize];
            std::iter::once(claim.speaker).chain(claim.mentions.iter().copied()).collect()
        }
        Item::Event(e) => {
            let event = &store.events[e as usize];
            event.actors.iter().chain(&event.targets).chain(&event.places).copied().collect()
        }
        Item::Discrepancy(_) => Vec::new(),
    };
    for entity in listed {
        if !out.contains(&entity) {
            out.push(entity);
        }
    }
    out
}
