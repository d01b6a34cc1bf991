//! The browser's state and every change to it. No terminal and no I/O here: events come in as
//! values, so the whole behaviour is testable (and one `App` per SSH session is cheap). What
//! the last frame showed (pane positions, scroll offsets) comes in read-only, as `FrameState`.

use std::sync::{Arc, OnceLock};

use super::action::Action;
use super::form::Form;
use super::frame_state::FrameState;
use super::keymap::Mode;
use super::picker::Picker;
use super::review::worst_passage;
use super::selection::{Edges, Purpose, Selection, Unit, grapheme_at_column};
// The vocabulary this API speaks, reachable from here as before.
pub use super::selection::TextSpan;
pub use super::view::{Focus, Item, View};
use crate::curation::change::Change;
use crate::curation::passage::NewPassage;
use crate::find::{Hit, TextIndex};
use crate::search::{EntityHit, Narrowing, SearchIndex};
use crate::store::{ClaimIx, DiscrepancyIx, EntityIx, EventIx, Passage, SourceIx, Status, Store};
use crate::text;

mod editing;
mod filter;
mod input;
mod reader;
mod search_bar;

/// How many entities the search dropdown offers (and the live filter uses).
pub const DROPDOWN_SIZE: usize = 8;
/// No name is longer; a pasted article must not become a query.
const MAX_QUERY_CHARS: usize = 200;
/// How many passages of the articles the dropdown offers.
pub const TEXT_HITS: usize = 8;
/// Fewer characters than this are a name being typed, not a phrase: the articles are not
/// searched (a letter or two would match everywhere and cost a search per keystroke).
const MIN_TEXT_QUERY_CHARS: usize = 3;
/// Lines or items one wheel notch moves.
const WHEEL_STEP: usize = 3;

/// A passage of the selected item, with the discrepancy variant it backs (if any).
#[derive(Debug, Clone, Copy)]
pub struct PassageRef<'s> {
    pub passage: &'s Passage,
    pub variant: Option<usize>,
}

/// The articles' word index, built once per store and shared read-only by every session. It
/// may be filled later than the sessions start (on a background thread, so the first frame
/// does not wait for it); until then the text section of the dropdown says it is indexing.
pub type SharedTextIndex = Arc<OnceLock<TextIndex>>;

/// A row of the search dropdown that can be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Index into `App::hits`.
    Entity(usize),
    /// Index into `App::text_hits`.
    Text(usize),
}

/// The text hits the user chose from, and which one the source pane shows.
#[derive(Debug, Clone)]
struct Found {
    hits: Vec<Hit>,
    at: usize,
    /// The claim or event the list jumped to; `None` when nothing cites the passage, or the
    /// pinned filter hides whatever does (`filtered`).
    citing: Option<Item>,
    filtered: bool,
}

/// A view's place in its list; how far the list is scrolled is the frame's business.
#[derive(Debug, Clone, Copy, Default)]
struct Cursor {
    selected: usize,
}

pub struct App {
    store: Arc<Store>,
    search: Arc<SearchIndex>,
    view: View,
    focus: Focus,
    /// Where leaving the search bar returns to.
    return_focus: Focus,
    /// The help overlay's scroll offset while it is open.
    help: Option<usize>,
    query: String,
    /// This session's typing, so each keystroke narrows the previous one's matches.
    narrowing: Narrowing,
    hits: Vec<EntityHit>,
    /// The selected dropdown row, counted across both sections in their shown order.
    hit: usize,
    text: SharedTextIndex,
    /// Whether this session builds the text index itself on the first query that needs it
    /// (when nobody fills it in the background).
    build_text: bool,
    text_hits: Vec<Hit>,
    /// The query wanted the articles searched but the index was not ready yet.
    text_pending: bool,
    /// The typed query filters the lists (see `query_filters`).
    query_narrows: bool,
    /// The chosen text hit while the user reads it; `n`/`N` step through its siblings.
    found: Option<Found>,
    chips: Vec<EntityIx>,
    /// The chips' entities by id while the store is lent to the editor (`lend_store`).
    lent_chips: Option<Vec<String>>,
    events: Vec<EventIx>,
    claims: Vec<ClaimIx>,
    discrepancies: Vec<DiscrepancyIx>,
    /// The items among the filtered ones that need a person's review, in `tui::review`'s order.
    review: Vec<Item>,
    /// Draft items in the whole store, for the status bar.
    drafts: usize,
    /// Set by the local browser when it can edit the store: the curation keys apply and show.
    curating: bool,
    /// A line for the status bar from whoever owns the browser (saved, an error, read-only).
    notice: Option<String>,
    /// The notice is a warning (saved, but not where it should be): styled so, and shown whole.
    notice_warns: bool,
    /// A warning that stays in the status bar, key after key, until its owner takes it back
    /// (changes that could not be folded into store.json).
    warning: Option<String>,
    /// The open edit form (local browser only), drawn over the panes.
    form: Option<Form>,
    /// The open entity picker, over the form or alone (a merge).
    picker: Option<Picker>,
    /// A change a form or a picker asks for, until the browser's editor takes it.
    change: Option<Change>,
    /// The spelling the alias picker adds to the entity chosen.
    alias: Option<String>,
    cursors: [Cursor; View::ALL.len()],
    /// Index into the selected item's passages (`passages_of`).
    passage: usize,
    /// The reviewed item `x` was pressed on once: a second `x` on it removes it, any other key
    /// forgets it. A draft goes on one key; what a person checked is asked about first.
    reject_armed: Option<Item>,
    /// Counts the stores shown (`replace_store`), so what a frame derived from an older one's
    /// texts is not reused.
    store_generation: u64,
    /// First line of the selected item's detail shown; back to 0 when another item is selected.
    detail_scroll: usize,
    /// `None` follows the current passage; `Some(top)` after the user scrolled the source.
    source_scroll: Option<usize>,
    /// A span of the article being chosen (`v`) or a passage being extended or shrunk (`p`).
    selection: Option<Selection>,
    /// Where a press of the mouse button in the article was (source, code point): dragging
    /// from there selects (only terminals asked to report motion send drags: the local one).
    drag_from: Option<(SourceIx, usize)>,
    quit: bool,
}

impl App {
    pub fn new(store: Arc<Store>, search: Arc<SearchIndex>) -> App {
        let mut app = App {
            view: View::Timeline,
            focus: Focus::List,
            return_focus: Focus::List,
            help: None,
            query: String::new(),
            narrowing: Narrowing::default(),
            hits: Vec::new(),
            hit: 0,
            text: SharedTextIndex::default(),
            build_text: true,
            text_hits: Vec::new(),
            text_pending: false,
            query_narrows: false,
            found: None,
            chips: Vec::new(),
            lent_chips: None,
            events: Vec::new(),
            claims: Vec::new(),
            discrepancies: Vec::new(),
            review: Vec::new(),
            drafts: draft_count(&store),
            curating: false,
            notice: None,
            notice_warns: false,
            warning: None,
            form: None,
            picker: None,
            change: None,
            alias: None,
            cursors: [Cursor::default(); View::ALL.len()],
            passage: 0,
            detail_scroll: 0,
            store_generation: 0,
            reject_armed: None,
            source_scroll: None,
            selection: None,
            drag_from: None,
            quit: false,
            store,
            search,
        };
        // Nothing is on screen yet, so there is no article to stay in.
        app.refilter(&FrameState::default());
        app.view = app.opening_view();
        app.open_selected(&FrameState::default());
        app
    }

    /// Where the browser opens: Review when every item is a draft still to check (a store
    /// `factline draft` made), else the first view with something in it (the timeline, or who
    /// said what for a store of claims alone).
    fn opening_view(&self) -> View {
        let store = &*self.store;
        let items = store.events.len() + store.claims.len() + store.discrepancies.len();
        if items > 0 && self.drafts == items {
            View::Review
        } else if !self.events.is_empty() {
            View::Timeline
        } else {
            [View::Claims, View::Disagreements, View::Review]
                .into_iter()
                .find(|&view| self.len_of(view) > 0)
                .unwrap_or(View::Timeline)
        }
    }

    /// Shares a text index that somebody else fills (once, possibly later): sessions never
    /// build their own and never wait for it.
    pub fn with_text_index(mut self, text: SharedTextIndex) -> App {
        self.text = text;
        self.build_text = false;
        self
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// How many events and claims in the store are drafts.
    pub fn draft_count(&self) -> usize {
        self.drafts
    }

    /// Whether the curation keys (accept, reject, undo…) apply and are shown.
    pub fn curating(&self) -> bool {
        self.curating
    }

    /// Only the local browser calls this: an SSH session never edits.
    pub fn set_curating(&mut self, curating: bool) {
        self.curating = curating;
    }

    /// The status bar's message from the browser's owner, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Says `message` in the status bar until the next key (whole, above the bar, when the bar
    /// would cut it).
    pub fn notify(&mut self, message: impl Into<String>) {
        self.set_notice(Some(message.into()));
    }

    pub fn set_notice(&mut self, notice: Option<String>) {
        self.notice = notice;
        self.notice_warns = false;
    }

    /// Says `message` as `notify` does, styled as a warning and always shown whole.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.notice = Some(message.into());
        self.notice_warns = true;
    }

    /// Whether the notice is a warning (`warn`).
    pub fn notice_warns(&self) -> bool {
        self.notice.is_some() && self.notice_warns
    }

    /// The warning that stays in the status bar (`set_warning`), if any.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Keeps `warning` in the status bar until it is set again: no key clears it.
    pub fn set_warning(&mut self, warning: Option<String>) {
        self.warning = warning;
    }

    /// Shows `store` in place of the current one (after an edit or a reload), keeping the view,
    /// the filter and each list's position as far as the new store has items there.
    pub fn replace_store(&mut self, store: Arc<Store>, search: Arc<SearchIndex>, shown: &FrameState) {
        let positions: Vec<usize> = self.cursors.iter().map(|c| c.selected).collect();
        // Its passage and offsets belong to the old store.
        self.selection = None;
        // Entity indices of the old store mean nothing in the new one; ids do.
        let chips: Vec<String> = match self.lent_chips.take() {
            Some(chips) => chips,
            None => self.chips.iter().map(|&e| self.store.entities[e as usize].id.clone()).collect(),
        };
        self.drafts = draft_count(&store);
        self.store_generation += 1;
        self.store = store;
        self.search = search;
        self.chips = chips.iter().filter_map(|id| self.store.entity_by_id(id)).collect();
        self.narrowing = Narrowing::default();
        self.hits = self.search.search_narrowing(&self.query, DROPDOWN_SIZE, &mut self.narrowing);
        self.hit = 0;
        self.events.clear();
        self.claims.clear();
        self.discrepancies.clear();
        self.review.clear();
        self.refilter(shown);
        for view in View::ALL {
            let last = self.len_of(view).saturating_sub(1);
            self.cursors[view.index()].selected = positions[view.index()].min(last);
        }
        self.open_selected(shown);
    }

    /// Whether `x` on the selected item removes it now: it is a draft, or `x` was just pressed on
    /// it. Otherwise the item is remembered, so that the next `x` does, and false is returned.
    pub fn confirm_reject(&mut self) -> bool {
        let Some(item) = self.selected() else { return true };
        let store = &*self.store;
        let draft = match item {
            Item::Event(e) => store.events[e as usize].status == Status::Draft,
            Item::Claim(c) => store.claims[c as usize].status == Status::Draft,
            Item::Discrepancy(d) => store.discrepancies[d as usize].status == Status::Draft,
        };
        if draft || self.reject_armed.take() == Some(item) {
            return true;
        }
        self.reject_armed = Some(item);
        false
    }

    /// Forgets a first `x` (any other key does).
    pub(crate) fn disarm_reject(&mut self) {
        self.reject_armed = None;
    }

    /// Which store this is, of those the app has shown: changes with every `replace_store`.
    pub fn store_generation(&self) -> u64 {
        self.store_generation
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn help_open(&self) -> bool {
        self.help.is_some()
    }

    /// The first line of the selected item's detail on screen.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    pub(crate) fn help_scroll(&self) -> usize {
        self.help.unwrap_or(0)
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    pub fn hits(&self) -> &[EntityHit] {
        &self.hits
    }

    pub fn selected_hit(&self) -> usize {
        self.hit
    }

    pub fn chips(&self) -> &[EntityIx] {
        &self.chips
    }

    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        if self.picker.is_some() {
            return Mode::Picker;
        }
        if self.form.is_some() {
            return Mode::Form;
        }
        if self.selection.is_some() {
            return Mode::Select;
        }
        match self.focus {
            Focus::Search => Mode::Search,
            Focus::Views => Mode::Views,
            Focus::List => Mode::List,
            Focus::Source => Mode::Source,
        }
    }

    /// Number of items in the current view after filtering.
    pub fn len(&self) -> usize {
        self.len_of(self.view)
    }

    /// Number of items a view holds after filtering.
    pub fn len_of(&self, view: View) -> usize {
        match view {
            View::Timeline => self.events.len(),
            View::Claims => self.claims.len(),
            View::Disagreements => self.discrepancies.len(),
            View::Review => self.review.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn item(&self, index: usize) -> Option<Item> {
        self.item_in(self.view, index)
    }

    pub fn selected_index(&self) -> usize {
        self.cursors[self.view.index()].selected
    }

    pub fn selected(&self) -> Option<Item> {
        self.item(self.selected_index())
    }

    /// Every passage of an item, across all sources; a discrepancy's in variant order.
    pub fn passages_of(&self, item: Item) -> Vec<PassageRef<'_>> {
        let store = &*self.store;
        fn plain(evidence: &[Passage]) -> Vec<PassageRef<'_>> {
            evidence.iter().map(|passage| PassageRef { passage, variant: None }).collect()
        }
        match item {
            Item::Event(e) => plain(&store.events[e as usize].evidence),
            Item::Claim(c) => plain(&store.claims[c as usize].evidence),
            Item::Discrepancy(d) => store.discrepancies[d as usize]
                .variants
                .iter()
                .enumerate()
                .flat_map(|(v, variant)| {
                    variant.evidence.iter().map(move |passage| PassageRef { passage, variant: Some(v) })
                })
                .collect(),
        }
    }

    /// (index, count) of the passage the source pane shows.
    pub fn passage_position(&self) -> (usize, usize) {
        let count = self.selected().map_or(0, |item| self.passages_of(item).len());
        (self.passage.min(count.saturating_sub(1)), count)
    }

    pub fn current_passage(&self) -> Option<PassageRef<'_>> {
        let item = self.selected()?;
        let (index, _) = self.passage_position();
        self.passages_of(item).get(index).copied()
    }

    /// The discrepancy variant whose passage is shown.
    pub fn selected_variant(&self) -> Option<usize> {
        self.current_passage().and_then(|p| p.variant)
    }

    /// Performs one action, relative to what the last frame showed (`shown`); returns whether
    /// anything visible changed.
    pub fn update(&mut self, action: Action, shown: &FrameState) -> bool {
        if let Some(scroll) = self.help {
            return match action {
                Action::ToggleHelp => {
                    self.help = None;
                    true
                }
                Action::Up | Action::Down | Action::Top | Action::Bottom | Action::PageUp | Action::PageDown => {
                    let g = &shown.geometry;
                    let max = g.help_lines.saturating_sub(g.help_height);
                    let page = g.help_height.max(1);
                    let to = match action {
                        Action::Up => Step::Back(1),
                        Action::Down => Step::Forward(1),
                        Action::PageUp => Step::Back(page),
                        Action::PageDown => Step::Forward(page),
                        Action::Top => Step::To(0),
                        _ => Step::To(max),
                    };
                    self.help = Some(to.apply(scroll.min(max), max));
                    true
                }
                Action::Quit => {
                    self.quit = true;
                    true
                }
                _ => false,
            };
        }
        if self.editing()
            && let Some(changed) = self.update_editing(action)
        {
            return changed;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => self.help = Some(0),
            Action::StartSelection => return self.start_selection(shown),
            Action::AdjustPassage => return self.start_adjust(shown),
            Action::SelectCharBack
            | Action::SelectCharOn
            | Action::SelectWordBack
            | Action::SelectWordOn
            | Action::SelectSentenceBack
            | Action::SelectSentenceOn
            | Action::SelectLineUp
            | Action::SelectLineDown
            | Action::SelectSwap => return self.move_selection(action, shown),
            Action::LeaveSelection => return self.selection.take().is_some(),
            Action::FocusSearch => {
                if self.focus != Focus::Search {
                    self.return_focus = self.focus;
                }
                self.focus = Focus::Search;
            }
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::List => Focus::Source,
                    Focus::Source => Focus::Views,
                    Focus::Views | Focus::Search => Focus::List,
                }
            }
            Action::FocusPrev => {
                self.focus = match self.focus {
                    Focus::List => Focus::Views,
                    Focus::Views => Focus::Source,
                    Focus::Source | Focus::Search => Focus::List,
                }
            }
            Action::FocusSource => self.focus = Focus::Source,
            Action::Back => match self.focus {
                Focus::Source | Focus::Views | Focus::Search => self.focus = Focus::List,
                Focus::List if self.found.take().is_some() => {}
                Focus::List => {
                    if self.chips.is_empty() && self.query.is_empty() {
                        return false;
                    }
                    self.chips.clear();
                    self.set_query(String::new(), shown);
                }
            },
            Action::Up | Action::Down | Action::Top | Action::Bottom => {
                let last = if self.focus == Focus::Source { usize::MAX } else { self.len().saturating_sub(1) };
                let target = match action {
                    Action::Up => Step::Back(1),
                    Action::Down => Step::Forward(1),
                    Action::Top => Step::To(0),
                    _ => Step::To(last),
                };
                return self.step(target, shown);
            }
            Action::PageUp | Action::PageDown | Action::HalfPageUp | Action::HalfPageDown => {
                let page = self.page_size(shown);
                let n =
                    if matches!(action, Action::HalfPageUp | Action::HalfPageDown) { page.div_ceil(2) } else { page };
                let forward = matches!(action, Action::PageDown | Action::HalfPageDown);
                return self.step(if forward { Step::Forward(n) } else { Step::Back(n) }, shown);
            }
            Action::NextPassage | Action::PrevPassage if self.found.is_some() => {
                let Some(found) = self.found.take() else { return false };
                let count = found.hits.len();
                let at =
                    if action == Action::NextPassage { (found.at + 1) % count } else { (found.at + count - 1) % count };
                let changed = at != found.at;
                self.open_found(found.hits, at, shown);
                return changed;
            }
            Action::NextPassage | Action::PrevPassage => {
                let (index, count) = self.passage_position();
                if count < 2 {
                    return false;
                }
                self.passage =
                    if action == Action::NextPassage { (index + 1) % count } else { (index + count - 1) % count };
                self.source_scroll = None;
            }
            Action::DetailDown | Action::DetailUp => {
                let g = &shown.geometry;
                let max = g.detail_lines.saturating_sub(g.detail_height);
                let from = self.detail_scroll.min(max);
                self.detail_scroll =
                    if action == Action::DetailDown { (from + 1).min(max) } else { from.saturating_sub(1) };
                return self.detail_scroll != from;
            }
            Action::NextVariant | Action::PrevVariant => {
                let Some(Item::Discrepancy(d)) = self.selected() else { return false };
                let variants = self.store.discrepancies[d as usize].variants.len();
                let current = self.selected_variant().unwrap_or(0);
                let target = if action == Action::NextVariant {
                    (current + 1) % variants
                } else {
                    (current + variants - 1) % variants
                };
                return self.select_variant(target);
            }
            Action::ShowTimeline => return self.show(View::Timeline, shown),
            Action::ShowClaims => return self.show(View::Claims, shown),
            Action::ShowDisagreements => return self.show(View::Disagreements, shown),
            Action::ShowReview => return self.show(View::Review, shown),
            Action::NextView | Action::PrevView => {
                let (i, n) = (self.view.index(), View::ALL.len());
                let next = if action == Action::NextView { (i + 1) % n } else { (i + n - 1) % n };
                return self.show(View::ALL[next], shown);
            }
            Action::SearchUp => {
                let count = self.choice_count();
                if count == 0 {
                    return false;
                }
                self.hit = (self.hit + count - 1) % count;
            }
            Action::SearchDown => {
                let count = self.choice_count();
                if count == 0 {
                    return false;
                }
                self.hit = (self.hit + 1) % count;
            }
            Action::PinEntity => match self.choices().get(self.hit).map(|&c| match c {
                Choice::Entity(i) => Ok(&self.hits[i]),
                Choice::Text(i) => Err(i),
            }) {
                Some(Err(text)) => {
                    let hits = self.text_hits.clone();
                    self.open_found(hits, text, shown);
                }
                Some(Ok(hit)) => {
                    let entity = hit.entity;
                    if !self.chips.contains(&entity) {
                        self.chips.push(entity);
                    }
                    self.set_query(String::new(), shown);
                }
                None if self.query.is_empty() => self.focus = self.return_focus,
                None => return false,
            },
            Action::SearchBackspace => {
                if self.query.pop().is_some() {
                    let query = std::mem::take(&mut self.query);
                    self.set_query(query, shown);
                } else if self.chips.pop().is_some() {
                    self.refilter(shown);
                } else {
                    return false;
                }
            }
            Action::LeaveSearch => self.focus = self.return_focus,
            Action::ClearSearch => {
                if !self.query.is_empty() {
                    self.set_query(String::new(), shown);
                } else if !self.chips.is_empty() {
                    self.chips.clear();
                    self.refilter(shown);
                } else {
                    return false;
                }
            }
            // The browser's owner performs these (`Editor`); the app alone cannot edit.
            Action::EditItem | Action::MergeEntity | Action::NewDiscrepancy => return self.start_editing(action),
            Action::NewClaimFromText | Action::NewEventFromText | Action::AliasFromText => {
                return self.start_from_selection(action);
            }
            // Only while a form or a picker is open (`update_editing`).
            Action::FormNext
            | Action::FormPrev
            | Action::FormActivate
            | Action::FormLeft
            | Action::FormRight
            | Action::FormBackspace
            | Action::FormClear
            | Action::FormSave
            | Action::FormCancel
            | Action::PickerUp
            | Action::PickerDown
            | Action::PickerChoose
            | Action::PickerKind
            | Action::PickerBackspace
            | Action::PickerClear
            | Action::PickerCancel => return false,
            Action::Accept
            | Action::AcceptMoved
            | Action::Reject
            | Action::Undo
            | Action::Redo
            | Action::Reload
            | Action::SetPassage => {
                return false;
            }
        }
        true
    }

    /// Shows the first passage of a variant of the selected discrepancy.
    fn select_variant(&mut self, variant: usize) -> bool {
        let Some(item @ Item::Discrepancy(_)) = self.selected() else { return false };
        let Some(first) = self.passages_of(item).iter().position(|p| p.variant == Some(variant)) else {
            return false;
        };
        let changed = first != self.passage || self.source_scroll.is_some();
        self.passage = first;
        self.source_scroll = None;
        changed
    }

    fn show(&mut self, view: View, shown: &FrameState) -> bool {
        if self.view == view {
            return false;
        }
        self.found = None;
        self.view = view;
        self.open_selected(shown);
        true
    }

    fn page_size(&self, shown: &FrameState) -> usize {
        let g = &shown.geometry;
        let rows = if self.focus == Focus::Source {
            usize::from(g.source_body)
        } else {
            usize::from(g.list.height / g.rows_per_item.max(1))
        };
        rows.max(1)
    }

    /// Moves the selection in the list, or scrolls the source when it has the focus.
    fn step(&mut self, step: Step, shown: &FrameState) -> bool {
        if self.focus == Focus::Source {
            let g = &shown.geometry;
            let max = g.source_lines.saturating_sub(usize::from(g.source_body));
            let from = self.source_scroll.unwrap_or(g.source_top);
            let top = step.apply(from, max);
            let changed = top != from;
            self.source_scroll = Some(top);
            return changed;
        }
        let last = self.len().saturating_sub(1);
        let index = self.view.index();
        let target = step.apply(self.cursors[index].selected, last);
        self.select(target, shown)
    }

    fn select(&mut self, index: usize, shown: &FrameState) -> bool {
        let cursor = &mut self.cursors[self.view.index()];
        if cursor.selected == index {
            return false;
        }
        cursor.selected = index;
        self.found = None;
        self.open_selected(shown);
        true
    }

    /// Points the source pane at the newly selected item: at its passage in the article already
    /// on screen when it has one there (one in view first), so stepping through items while
    /// reading an article stays in that article and barely redraws; otherwise at its first
    /// passage. A discrepancy always opens at its first variant.
    fn open_selected(&mut self, shown: &FrameState) {
        self.source_scroll = None;
        self.detail_scroll = 0;
        self.passage = 0;
        // Review is about the passage that needs fixing: it opens there.
        if self.view == View::Review
            && let Some(item) = self.selected()
            && let Some(worst) = worst_passage(self.passages_of(item).iter().map(|p| &*p.passage.anchoring))
        {
            self.passage = worst;
            return;
        }
        let (Some(article), Some(item)) = (shown.source_view(), self.selected()) else { return };
        if matches!(item, Item::Discrepancy(_)) {
            return;
        }
        let in_article: Vec<(usize, std::ops::Range<usize>)> = self
            .passages_of(item)
            .iter()
            .enumerate()
            .filter(|(_, p)| p.passage.source == article.source)
            .map(|(i, p)| (i, p.passage.start..p.passage.end))
            .collect();
        let Some((first, _)) = in_article.first() else { return };
        let height = usize::from(shown.geometry.source_body);
        self.passage = in_article
            .iter()
            .find(|(_, chars)| text::shows(&article.lines, chars.clone(), article.top, height))
            .map_or(*first, |(i, _)| *i);
    }
}

#[derive(Debug, Clone, Copy)]
enum Step {
    Forward(usize),
    Back(usize),
    To(usize),
}

impl Step {
    fn apply(self, from: usize, last: usize) -> usize {
        match self {
            Step::Forward(n) => from.saturating_add(n).min(last),
            Step::Back(n) => from.saturating_sub(n).min(last),
            Step::To(i) => i.min(last),
        }
    }
}

fn draft_count(store: &Store) -> usize {
    store.events.iter().filter(|e| e.status == Status::Draft).count()
        + store.claims.iter().filter(|c| c.status == Status::Draft).count()
        + store.discrepancies.iter().filter(|d| d.status == Status::Draft).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Confidence;
    use crate::tui::review::review_queue;

    #[test]
    fn the_review_queue_puts_the_least_sure_draft_first_and_leaves_reviewed_items_out() {
        let mut store = crate::store::bundled::load().unwrap();
        let marks = [(0, Some(0.8)), (1, None), (2, Some(0.2))];
        for (c, confidence) in marks {
            store.claims[c].status = Status::Draft;
            store.claims[c].confidence = confidence.and_then(Confidence::new);
        }
        store.events[3].status = Status::Draft;
        store.events[3].confidence = Confidence::new(0.5);
        let events: Vec<EventIx> = (0..store.events.len() as EventIx).collect();
        let claims: Vec<ClaimIx> = (0..store.claims.len() as ClaimIx).collect();
        let queue = review_queue(&store, &events, &claims, &[]);
        assert_eq!(queue, [Item::Claim(1), Item::Claim(2), Item::Event(3), Item::Claim(0)]);
        assert_eq!(draft_count(&store), 4);
        assert!(review_queue(&store, &[], &[0], &[]).iter().all(|&i| i == Item::Claim(0)), "only the filtered items");
    }
}
