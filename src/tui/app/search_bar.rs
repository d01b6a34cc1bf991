//! The search bar's side of the browser: the typed query, the names and article passages it
//! matches (the dropdown), the passage chosen from them, and the filter label they make.

use super::{App, Choice, DROPDOWN_SIZE, Found, MAX_QUERY_CHARS, MIN_TEXT_QUERY_CHARS, TEXT_HITS};
use crate::find::{self, Hit, TextIndex};
use crate::text;
use crate::tui::FrameState;
use crate::tui::view::{Focus, Item, View};

impl App {
    /// Passages of the articles matching the query, best first.
    pub fn text_hits(&self) -> &[Hit] {
        &self.text_hits
    }

    /// The query waits for the articles' index, still being built.
    pub fn indexing(&self) -> bool {
        self.text_pending
    }

    /// Whether the dropdown lists the text hits before the entities: when the best passage
    /// matches the query better than the best entity spelling is spelt out by it. A name typed
    /// in full spells its entity out (1.0) and stays first; a phrase spells out little of any
    /// name, and an exact passage scores 1.0.
    pub fn text_first(&self) -> bool {
        let Some(text) = self.text_hits.first() else { return false };
        let name = self.hits.first().map_or(0.0, |hit| {
            let entity = &self.store.entities[hit.entity as usize];
            let spelling = entity.spellings().nth(hit.spelling).unwrap_or(&entity.name);
            let letters = spelling.chars().filter(|c| !c.is_whitespace()).count().max(1);
            hit.matched.len() as f64 / letters as f64
        });
        text.score > name
    }

    /// Dropdown rows that can be chosen, in the order shown.
    pub fn choices(&self) -> Vec<Choice> {
        let entities = (0..self.hits.len()).map(Choice::Entity);
        let texts = (0..self.text_hits.len()).map(Choice::Text);
        if self.text_first() { texts.chain(entities).collect() } else { entities.chain(texts).collect() }
    }

    pub(super) fn choice_count(&self) -> usize {
        self.hits.len() + self.text_hits.len()
    }

    /// The text hit the source pane shows, while the user reads it.
    pub fn found_hit(&self) -> Option<&Hit> {
        self.found.as_ref().map(|f| &f.hits[f.at])
    }

    /// (index, count) of the shown text hit among those found.
    pub fn found_position(&self) -> Option<(usize, usize)> {
        self.found.as_ref().map(|f| (f.at, f.hits.len()))
    }

    /// The shown text hit is cited by no claim and no event.
    pub fn found_uncited(&self) -> bool {
        self.found.as_ref().is_some_and(|f| f.citing.is_none())
    }
    /// "filter: Kakar + Iran · “jal”", or None without a filter.
    pub fn filter_label(&self) -> Option<String> {
        let parts: Vec<String> = self
            .chips
            .iter()
            .map(|&e| text::sanitize_line(&self.store.entities[e as usize].name).into_owned())
            .collect();
        let mut label = parts.join(" + ");
        if self.query_filters() {
            if !label.is_empty() {
                label.push_str(" · ");
            }
            label.push_str(&format!("“{}”", text::sanitize_line(&self.query)));
        }
        (!label.is_empty()).then_some(label)
    }

    pub(super) fn type_text(&mut self, typed: &str, shown: &FrameState) -> bool {
        let clean = text::sanitize_line(typed);
        let room = MAX_QUERY_CHARS.saturating_sub(self.query.chars().count());
        let clean: String = clean.chars().take(room).collect();
        if clean.is_empty() {
            return false;
        }
        let query = format!("{}{}", self.query, clean);
        self.set_query(query, shown);
        true
    }

    /// Opens text hit `at` of `hits`: its article in the source pane, and in the list the claim
    /// (else the event) citing it, at its passage in that article. With nothing citing it the
    /// source pane shows the bare article and the status bar says so.
    pub(super) fn open_found(&mut self, hits: Vec<Hit>, at: usize, shown: &FrameState) {
        let hit = hits[at].clone();
        if !self.query.is_empty() {
            self.set_query(String::new(), shown);
        }
        self.focus = Focus::List;
        let citing = find::citing(&self.store, std::slice::from_ref(&hit)).remove(0);
        let candidates =
            || citing.claims.iter().map(|&c| Item::Claim(c)).chain(citing.events.iter().map(|&e| Item::Event(e)));
        // A claim opens in "who said what", an event in the timeline.
        let home = |item: Item| if matches!(item, Item::Claim(_)) { View::Claims } else { View::Timeline };
        // A pinned filter may hide every citing item: the filter stays (it was pinned on purpose),
        // the article is shown bare, and the status bar says what hides its items.
        let target = candidates().find_map(|item| self.position_of(home(item), item).map(|i| (item, i)));
        if let Some((item, index)) = target {
            self.view = home(item);
            self.cursors[self.view.index()].selected = index;
            self.passage = self
                .passages_of(item)
                .iter()
                .position(|p| p.passage.source == hit.source && p.passage.start < hit.end && hit.start < p.passage.end)
                .unwrap_or(0);
        }
        self.source_scroll = None;
        let filtered = target.is_none() && !citing.is_empty();
        self.found = Some(Found { hits, at, citing: target.map(|(item, _)| item), filtered });
    }

    /// The shown text hit is cited, but only by items the pinned filter hides.
    pub fn found_filtered(&self) -> bool {
        self.found.as_ref().is_some_and(|f| f.filtered)
    }

    /// The text index if it can be had now: built here on first use when this session owns
    /// it, otherwise only once the background build has finished.
    pub(super) fn text_index(&self) -> Option<&TextIndex> {
        if self.build_text { Some(self.text.get_or_init(|| TextIndex::new(&self.store))) } else { self.text.get() }
    }

    pub(super) fn search_text(&mut self, query: &str) {
        self.text_pending = false;
        self.text_hits.clear();
        if query.trim().chars().count() < MIN_TEXT_QUERY_CHARS {
            return;
        }
        match self.text_index() {
            Some(index) => self.text_hits = find::find(&self.store, index, query, TEXT_HITS).hits,
            None => self.text_pending = true,
        }
    }

    /// Fills in the text hits once the background index is ready; returns whether the
    /// dropdown changed.
    pub fn poll_text_index(&mut self) -> bool {
        if !self.text_pending || self.text.get().is_none() {
            return false;
        }
        let query = self.query.clone();
        self.search_text(&query);
        true
    }

    /// Whether the typed query filters the lists to its matching names: only when it matches
    /// some that are in items of the lists. A phrase being typed names nobody (or spells out a
    /// stray name), and its unfinished last word matches no article either, so filtering by it
    /// would empty every list on most keystrokes until Enter opens its passage; the lists stay
    /// as the pinned filters make them, and the status bar says where the query did match.
    pub(super) fn query_filters(&self) -> bool {
        self.query_narrows
    }

    /// The typed query filters no list, and matches article text: the lists stay as they were.
    pub fn query_in_text_only(&self) -> bool {
        !self.query.is_empty() && !self.query_narrows && !self.text_hits.is_empty()
    }

    /// The typed query matches no name and no article text (once the articles are indexed).
    pub fn query_matches_nothing(&self) -> bool {
        !self.query.is_empty() && self.hits.is_empty() && self.text_hits.is_empty() && !self.text_pending
    }

    pub(super) fn set_query(&mut self, query: String, shown: &FrameState) {
        self.hits = self.search.search_narrowing(&query, DROPDOWN_SIZE, &mut self.narrowing);
        self.search_text(&query);
        self.query = query;
        self.hit = 0;
        self.refilter(shown);
    }
}
