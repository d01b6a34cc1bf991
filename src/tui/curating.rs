//! The browser's side of curation: the adapter that maps a curation key to an `Operation` on the
//! ids of what the app shows, hands the `Outcome` to the app (the store as it is now, what to
//! select, what to say), and names the key of a notice's remedy from the key table, so every
//! key a notice mentions is one the table binds.
//!
//! Curation sits below the browser and knows nothing of it; this is the only place the two meet.

use super::action::Action;
use super::app::App;
use super::browser::Editor;
use super::frame_state::FrameState;
use super::keymap::{self, Key};
use super::view::Item;
use crate::curation::change::Change;
use crate::curation::{Curation, EditError, FoldNews, Holder, Notice, Operation, Outcome, Remedy};

/// The key the table binds first to `action`, as hints write it.
fn key_of(action: Action) -> String {
    keymap::BINDINGS
        .iter()
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map_or_else(|| format!("{action:?}"), |key: &Key| key.label())
}

/// A notice as the status bar shows it: its text, then its remedy with the key for it.
pub fn describe(notice: &Notice) -> String {
    let text = &notice.text;
    match notice.remedy {
        None => text.clone(),
        Some(Remedy::Undo) => format!("{text} ({} undoes)", key_of(Action::Undo)),
        Some(Remedy::Reload) => format!("{text} — {} reloads it", key_of(Action::Reload)),
        Some(Remedy::ReloadOnceFixed) => format!("{text}, then {}", key_of(Action::Reload)),
        Some(Remedy::ReselectOrReject) => format!(
            "{text}: re-select it ({}, move, {}) or reject the item ({})",
            key_of(Action::StartSelection),
            key_of(Action::SetPassage),
            key_of(Action::Reject)
        ),
    }
}

/// An error of a curation call made directly (not through an operation), as the status bar says it.
pub fn describe_error(error: EditError) -> String {
    describe(&Notice::from(error))
}

/// The item the app has selected, as curation names it: which list and which id.
fn selected_record(app: &App) -> Result<(Holder, String), String> {
    let store = app.store();
    match app.selected() {
        Some(Item::Event(e)) => Ok((Holder::Event, store.events[e as usize].id.clone())),
        Some(Item::Claim(c)) => Ok((Holder::Claim, store.claims[c as usize].id.clone())),
        Some(Item::Discrepancy(d)) => Ok((Holder::Discrepancy, store.discrepancies[d as usize].id.clone())),
        None => Err("nothing selected".into()),
    }
}

/// The operation a curation key asks for, on what the app shows; `None` for a key the app
/// handles itself (opening a form, a picker or the passage mode).
fn operation_for(action: Action, app: &App) -> Option<Result<Operation, String>> {
    Some(match action {
        Action::Accept => selected_record(app).map(|(holder, id)| Operation::Accept { holder, id }),
        Action::AcceptMoved => match app.article_shown() {
            Some(source) => Ok(Operation::AcceptMoved { source: app.store().sources[source as usize].id.clone() }),
            None => Err("no article shown: select an item with a passage".to_string()),
        },
        Action::Reject => selected_record(app).map(|(holder, id)| Operation::Reject { holder, id }),
        Action::SetPassage => set_passage(app),
        Action::Undo => Ok(Operation::Undo),
        Action::Redo => Ok(Operation::Redo),
        Action::Reload => Ok(Operation::Reload),
        _ => return None,
    })
}

fn set_passage(app: &App) -> Result<Operation, String> {
    let (holder, id) = selected_record(app)?;
    let span = app.text_selection().ok_or_else(|| {
        format!(
            "nothing selected: {} selects text, {} adjusts the passage",
            key_of(Action::StartSelection),
            key_of(Action::AdjustPassage)
        )
    })?;
    let index = app.selection_passage();
    let item = app.selected().ok_or("nothing selected")?;
    let passages = app.passages_of(item);
    let what = holder_name(holder);
    let passage = passages.get(index).ok_or_else(|| format!("{what} `{id}` has no passage to set"))?;
    if passage.passage.source != span.source {
        return Err(format!("the selection is in another article than passage {} of {what} `{id}`", index + 1));
    }
    Ok(Operation::SetPassage { holder, id, index, start: span.start, end: span.end })
}

fn holder_name(holder: Holder) -> &'static str {
    match holder {
        Holder::Event => "event",
        Holder::Claim => "claim",
        Holder::Discrepancy => "discrepancy",
    }
}

/// What an accept also did, said after it: how many passages were refit to the article.
fn refit_detail(app: &App) -> String {
    let refit = match app.selected() {
        Some(item) => app.passages_of(item).iter().filter(|p| !p.passage.anchoring.is_exact()).count(),
        None => 0,
    };
    match refit {
        0 => String::new(),
        1 => ", its passage rewritten to the article as it reads now".to_string(),
        n => format!(", {n} passages rewritten to the article as it reads now"),
    }
}

/// Hands the app the store as it is now, then selects and says what the outcome asks for.
fn show(app: &mut App, outcome: Outcome, shown: &FrameState, select_only_here: bool, detail: &str) {
    let Outcome { store, select, notice, can_edit, fold, unfolded } = outcome;
    let search = app.follow_search(&store);
    app.replace_store(store, search, shown);
    // A reload may have taken the lock over: the curation keys come back.
    app.set_curating(can_edit);
    if let Some((holder, id)) = select {
        if select_only_here {
            app.select_record_here(holder, &id, shown);
        } else {
            app.select_record(holder, &id, shown);
        }
    }
    let said = describe(&Notice { text: format!("{}{detail}", notice.text), ..notice });
    // The change is saved either way; a fold that failed says so until one succeeds.
    app.set_warning(unfolded);
    match fold {
        Some(FoldNews::Failed(why)) => app.warn(format!("{said}, {why}")),
        Some(FoldNews::Folded(news)) => app.notify(format!("{said}; {news}")),
        None => app.notify(said),
    }
}

impl Editor for Curation {
    fn prepare(&mut self) {
        Curation::prepare(self);
    }

    fn perform(&mut self, action: Action, app: &mut App, shown: &FrameState) -> bool {
        // A read-only store answers every curation key but reload with why nothing is saved.
        if action != Action::Reload
            && let Some(reason) = self.read_only_notice()
        {
            app.set_notice(Some(describe(&reason)));
            return true;
        }
        let operation = match operation_for(action, app) {
            // Entering a curation mode (`p`) or opening a form changes only what the browser
            // shows; the notice of the key before no longer answers anything.
            None => {
                app.set_notice(None);
                app.update(action, shown);
                return true;
            }
            Some(Err(notice)) => {
                app.set_notice(Some(notice));
                return true;
            }
            Some(Ok(operation)) => operation,
        };
        // A reviewed item is a person's work: the first `x` asks, the second removes it.
        if let Operation::Reject { holder, id } = &operation
            && !app.confirm_reject()
        {
            let what = holder_name(*holder);
            app.set_notice(Some(format!(
                "{what} `{id}` was reviewed by a person: {} again removes it ({} brings it back), any other key keeps it",
                key_of(Action::Reject),
                key_of(Action::Undo)
            )));
            return true;
        }
        let detail = if action == Action::Accept { refit_detail(app) } else { String::new() };
        app.lend_store();
        let performed = Curation::perform(self, operation);
        if performed.is_err() {
            app.keep_store(self.store());
        }
        match performed {
            // An undo or a redo that brings back (or rewrites) one item the view lists shows it:
            // a rejected claim reappears selected, a re-made claim is selected again.
            Ok(outcome) => {
                let undoing = matches!(action, Action::Undo | Action::Redo);
                let outcome = if undoing { outcome } else { Outcome { select: None, ..outcome } };
                show(app, outcome, shown, true, &detail);
            }
            Err(notice) => app.set_notice(Some(describe(&notice))),
        }
        true
    }

    fn perform_change(&mut self, change: Change, app: &mut App, shown: &FrameState) {
        app.lend_store();
        let performed = Curation::perform_change(self, &change);
        if performed.is_err() {
            app.keep_store(self.store());
        }
        match performed {
            Ok(outcome) => {
                app.close_form();
                show(app, outcome, shown, false, "");
            }
            Err(notice) => app.form_problem(describe(&notice)),
        }
    }

    fn can_edit(&self) -> bool {
        Curation::can_edit(self)
    }

    fn close(&mut self, say: &mut dyn std::io::Write) -> Result<(), String> {
        Curation::close(self, say)
    }

    fn opening_notice(&self) -> Option<String> {
        // A torn journal entry dropped at load (a save killed before it was reported done).
        let journal = self.journal_notice().map(|notice| notice.to_string());
        self.read_only_notice().as_ref().map(describe).or(journal)
    }

    fn source_changed(&self, app: &App) -> Option<String> {
        let passages = app.passages_of(app.selected()?);
        self.article_changed(app.store(), passages.iter().map(|p| p.passage)).as_ref().map(describe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_remedy_names_keys_the_table_binds_to_what_it_says() {
        for (remedy, actions) in [
            (Remedy::Undo, &[Action::Undo][..]),
            (Remedy::Reload, &[Action::Reload]),
            (Remedy::ReloadOnceFixed, &[Action::Reload]),
            (Remedy::ReselectOrReject, &[Action::StartSelection, Action::SetPassage, Action::Reject]),
        ] {
            let said = describe(&Notice { text: "t".into(), remedy: Some(remedy) });
            assert!(said.starts_with('t') && said.len() > 1, "{said}");
            for &action in actions {
                let binding = keymap::BINDINGS.iter().find(|b| b.action == action).expect("a binding");
                assert!(said.contains(&binding.keys[0].label()), "{remedy:?}: {said:?} names no key of {action:?}");
            }
        }
        assert_eq!(describe(&Notice::plain("nothing to undo")), "nothing to undo");
    }

    #[test]
    fn the_keys_named_are_the_tables_own() {
        assert_eq!(key_of(Action::Undo), "u");
        assert_eq!(key_of(Action::Reload), "R");
        let reload = describe(&Notice { text: "x changed on disk".into(), remedy: Some(Remedy::Reload) });
        assert_eq!(reload, "x changed on disk — R reloads it");
    }
}
