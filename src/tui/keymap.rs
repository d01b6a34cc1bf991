//! Keys → actions, per mode. One table feeds the lookup, the status-bar hints and the help
//! overlay, so a key shown anywhere is a key that works.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where the user is; decides which groups of bindings apply, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Help,
    Search,
    Views,
    List,
    Source,
    /// The edit form of an event, a claim or a discrepancy (local browser only).
    Form,
    /// Picking an entity for a form's field or a merge.
    Picker,
    /// A span of the article is being chosen (`v`) or a passage's ends moved (`p`).
    Select,
}

/// A group of bindings, as the help overlay lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Anywhere,
    Help,
    Search,
    Views,
    Panes,
    List,
    Browse,
    /// Editing keys: only where the browser can edit (never over SSH).
    Curate,
    Form,
    Picker,
    /// Moving a selection's ends in the source pane.
    Select,
    /// What editing does with a selection: only where the browser can edit.
    SelectCurate,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Anywhere => "Anywhere",
            Group::Help => "Help",
            Group::Search => "Search bar",
            Group::Views => "View bar",
            Group::Panes => "List and source pane",
            Group::List => "List",
            Group::Browse => "Browsing",
            Group::Curate => "Review and curate (local browser, --data)",
            Group::Form => "Edit form",
            Group::Picker => "Entity picker",
            Group::Select => "Selection (source pane)",
            Group::SelectCurate => "Selection, curating (local browser, --data)",
        }
    }

    /// Whether the group's keys edit the store: offered only by a browser that can.
    pub fn edits(self) -> bool {
        matches!(self, Group::Curate | Group::SelectCurate)
    }
}

impl Mode {
    fn groups(self) -> &'static [Group] {
        match self {
            Mode::Help => &[Group::Help, Group::Anywhere],
            Mode::Search => &[Group::Search, Group::Anywhere],
            Mode::Views => &[Group::Views, Group::Browse, Group::Anywhere],
            Mode::List => &[Group::List, Group::Panes, Group::Curate, Group::Browse, Group::Anywhere],
            Mode::Source => &[Group::Panes, Group::Curate, Group::Browse, Group::Anywhere],
            Mode::Form => &[Group::Form, Group::Anywhere],
            Mode::Picker => &[Group::Picker, Group::Anywhere],
            Mode::Select => &[Group::Select, Group::SelectCurate, Group::Anywhere],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::NONE }
    }

    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
    }

    const fn ctrl_key(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::CONTROL }
    }

    /// The key as bindings spell it. Shift is part of the character (`G`, `?`) or of BackTab,
    /// and terminals disagree on reporting it, so it is dropped there.
    pub fn from_event(event: &KeyEvent) -> Key {
        let mut mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match (event.code, mods.contains(KeyModifiers::CONTROL)) {
            (KeyCode::Char(c), true) => KeyCode::Char(c.to_ascii_lowercase()),
            (code, _) => code,
        };
        Key { code, mods }
    }

    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) { format!("Ctrl-{name}") } else { name }
    }
}

pub struct Binding {
    pub group: Group,
    pub keys: &'static [Key],
    pub action: Action,
    /// Shown in the status bar's hints (in table order).
    pub hint: bool,
}

const fn bind(group: Group, keys: &'static [Key], action: Action, hint: bool) -> Binding {
    Binding { group, keys, action, hint }
}

use Group as G;
use KeyCode as K;

pub const BINDINGS: &[Binding] = &[
    bind(G::Browse, &[Key::ch('/')], Action::FocusSearch, true),
    bind(G::Browse, &[Key::ch('1')], Action::ShowTimeline, false),
    bind(G::Browse, &[Key::ch('2')], Action::ShowClaims, false),
    bind(G::Browse, &[Key::ch('3')], Action::ShowDisagreements, false),
    bind(G::Browse, &[Key::ch('4')], Action::ShowReview, false),
    bind(G::Browse, &[Key::plain(K::Tab)], Action::FocusNext, true),
    bind(G::Browse, &[Key::plain(K::BackTab)], Action::FocusPrev, false),
    bind(G::Browse, &[Key::ch('?')], Action::ToggleHelp, true),
    bind(G::Browse, &[Key::ch('q')], Action::Quit, true),
    bind(G::Panes, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, true),
    bind(G::Panes, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, true),
    bind(G::Panes, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, false),
    bind(G::Panes, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, false),
    bind(G::Panes, &[Key::plain(K::PageUp), Key::ctrl('b')], Action::PageUp, false),
    bind(G::Panes, &[Key::plain(K::PageDown), Key::ctrl('f')], Action::PageDown, false),
    bind(G::Panes, &[Key::ctrl('u')], Action::HalfPageUp, false),
    bind(G::Panes, &[Key::ctrl('d')], Action::HalfPageDown, false),
    bind(G::Panes, &[Key::ch(']'), Key::ch('n')], Action::NextPassage, true),
    bind(G::Panes, &[Key::ch('['), Key::ch('N')], Action::PrevPassage, false),
    bind(G::Panes, &[Key::ch('J')], Action::DetailDown, false),
    bind(G::Panes, &[Key::ch('K')], Action::DetailUp, false),
    bind(G::Panes, &[Key::ch('h'), Key::plain(K::Left)], Action::PrevVariant, true),
    bind(G::Panes, &[Key::ch('l'), Key::plain(K::Right)], Action::NextVariant, true),
    bind(G::Panes, &[Key::plain(K::Esc)], Action::Back, true),
    bind(G::Panes, &[Key::ch('v')], Action::StartSelection, false),
    bind(G::List, &[Key::plain(K::Enter)], Action::FocusSource, true),
    bind(G::Search, &[Key::plain(K::Up), Key::ctrl('p')], Action::SearchUp, false),
    bind(G::Search, &[Key::plain(K::Down), Key::ctrl('n')], Action::SearchDown, true),
    bind(G::Search, &[Key::plain(K::Enter)], Action::PinEntity, true),
    bind(G::Search, &[Key::plain(K::Backspace)], Action::SearchBackspace, true),
    bind(G::Search, &[Key::plain(K::Esc)], Action::LeaveSearch, true),
    bind(G::Search, &[Key::ctrl('u')], Action::ClearSearch, false),
    bind(G::Views, &[Key::plain(K::Tab), Key::plain(K::Right), Key::ch('l')], Action::NextView, true),
    bind(G::Views, &[Key::plain(K::BackTab), Key::plain(K::Left), Key::ch('h')], Action::PrevView, false),
    bind(G::Views, &[Key::plain(K::Enter), Key::plain(K::Esc), Key::plain(K::Down), Key::ch('j')], Action::Back, true),
    bind(G::Help, &[Key::plain(K::Esc), Key::ch('?'), Key::ch('q')], Action::ToggleHelp, true),
    bind(G::Help, &[Key::ch('j'), Key::plain(K::Down)], Action::Down, true),
    bind(G::Help, &[Key::ch('k'), Key::plain(K::Up)], Action::Up, true),
    bind(G::Help, &[Key::ch('g'), Key::plain(K::Home)], Action::Top, false),
    bind(G::Help, &[Key::ch('G'), Key::plain(K::End)], Action::Bottom, false),
    bind(G::Help, &[Key::plain(K::PageUp), Key::ctrl('b')], Action::PageUp, false),
    bind(G::Help, &[Key::plain(K::PageDown), Key::ctrl('f')], Action::PageDown, false),
    bind(G::Curate, &[Key::ch('a')], Action::Accept, true),
    bind(G::Curate, &[Key::ch('A')], Action::AcceptMoved, false),
    bind(G::Curate, &[Key::ch('x')], Action::Reject, true),
    bind(G::Curate, &[Key::ch('u')], Action::Undo, true),
    bind(G::Curate, &[Key::ctrl('r')], Action::Redo, false),
    bind(G::Curate, &[Key::ch('R')], Action::Reload, false),
    bind(G::Curate, &[Key::ch('e')], Action::EditItem, true),
    bind(G::Curate, &[Key::ch('M')], Action::MergeEntity, false),
    bind(G::Curate, &[Key::ch('D')], Action::NewDiscrepancy, false),
    bind(G::Curate, &[Key::ch('p')], Action::AdjustPassage, true),
    bind(G::Select, &[Key::ch('b'), Key::ctrl_key(K::Left)], Action::SelectWordBack, true),
    bind(G::Select, &[Key::ch('w'), Key::ctrl_key(K::Right)], Action::SelectWordOn, true),
    bind(G::Select, &[Key::ch('(')], Action::SelectSentenceBack, true),
    bind(G::Select, &[Key::ch(')')], Action::SelectSentenceOn, true),
    bind(G::Select, &[Key::ch('h'), Key::plain(K::Left)], Action::SelectCharBack, false),
    bind(G::Select, &[Key::ch('l'), Key::plain(K::Right)], Action::SelectCharOn, false),
    bind(G::Select, &[Key::ch('k'), Key::plain(K::Up)], Action::SelectLineUp, false),
    bind(G::Select, &[Key::ch('j'), Key::plain(K::Down)], Action::SelectLineDown, false),
    bind(G::Select, &[Key::ch('o')], Action::SelectSwap, true),
    bind(G::Select, &[Key::plain(K::Esc)], Action::LeaveSelection, true),
    bind(G::SelectCurate, &[Key::plain(K::Enter)], Action::SetPassage, true),
    bind(G::SelectCurate, &[Key::ch('D')], Action::NewDiscrepancy, false),
    bind(G::SelectCurate, &[Key::ch('c')], Action::NewClaimFromText, true),
    bind(G::SelectCurate, &[Key::ch('E')], Action::NewEventFromText, true),
    bind(G::SelectCurate, &[Key::ch('A')], Action::AliasFromText, true),
    bind(G::Form, &[Key::plain(K::Tab), Key::plain(K::Down)], Action::FormNext, true),
    bind(G::Form, &[Key::plain(K::BackTab), Key::plain(K::Up)], Action::FormPrev, false),
    bind(G::Form, &[Key::plain(K::Enter)], Action::FormActivate, true),
    bind(G::Form, &[Key::plain(K::Left)], Action::FormLeft, false),
    bind(G::Form, &[Key::plain(K::Right)], Action::FormRight, false),
    bind(G::Form, &[Key::plain(K::Backspace)], Action::FormBackspace, false),
    bind(G::Form, &[Key::ctrl('u')], Action::FormClear, false),
    bind(G::Form, &[Key::ctrl('s')], Action::FormSave, true),
    bind(G::Form, &[Key::plain(K::Esc)], Action::FormCancel, true),
    bind(G::Picker, &[Key::plain(K::Up), Key::ctrl('p')], Action::PickerUp, false),
    bind(G::Picker, &[Key::plain(K::Down), Key::ctrl('n')], Action::PickerDown, true),
    bind(G::Picker, &[Key::plain(K::Enter)], Action::PickerChoose, true),
    bind(G::Picker, &[Key::plain(K::Tab)], Action::PickerKind, true),
    bind(G::Picker, &[Key::plain(K::Backspace)], Action::PickerBackspace, false),
    bind(G::Picker, &[Key::ctrl('u')], Action::PickerClear, false),
    bind(G::Picker, &[Key::plain(K::Esc)], Action::PickerCancel, true),
    bind(G::Anywhere, &[Key::ctrl('c')], Action::Quit, false),
];

/// Whether an action edits the store (so only a browser that can edit offers it).
pub fn is_curation(action: Action) -> bool {
    BINDINGS.iter().any(|b| b.group.edits() && b.action == action)
}

/// Whether a group's keys exist only in a browser that can edit (its store-editing keys, and
/// those of the form and the picker they open): help leaves them out elsewhere.
pub fn is_editing_group(group: Group) -> bool {
    group.edits() || matches!(group, Group::Form | Group::Picker)
}

/// The action a key performs in a mode, if any.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    mode.groups()
        .iter()
        .find_map(|&group| BINDINGS.iter().find(|b| b.group == group && b.keys.contains(&key)).map(|b| b.action))
}

/// Status-bar hints for a mode: keys and a word, bindings that share a word merged (`j/k move`).
pub fn hints(mode: Mode) -> Vec<(Vec<Key>, &'static str)> {
    let mut out: Vec<(Vec<Key>, &'static str)> = Vec::new();
    for &group in mode.groups() {
        for binding in BINDINGS.iter().filter(|b| b.group == group && b.hint) {
            let key = binding.keys[0];
            // A key a more specific group already took does something else here.
            if lookup(mode, key) != Some(binding.action) {
                continue;
            }
            let word = binding.action.hint();
            match out.iter_mut().find(|(_, w)| *w == word) {
                Some((keys, _)) => keys.push(key),
                None => out.push((vec![key], word)),
            }
        }
    }
    out.sort_by_key(|(keys, _)| lookup(mode, keys[0]).map_or(u8::MAX, Action::hint_rank));
    out
}

/// How hints write several keys: `j/k`.
pub fn hint_label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join("/")
}

/// The help overlay's content: per group, every binding with all its keys.
pub fn help_entries() -> Vec<(Group, String, &'static str)> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            (b.group, keys.join(" "), b.action.describe())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    /// A mode in which every binding of the group is reachable.
    fn home_mode(group: Group) -> Mode {
        match group {
            Group::Anywhere | Group::Browse | Group::Panes | Group::List | Group::Curate => Mode::List,
            Group::Select | Group::SelectCurate => Mode::Select,
            Group::Help => Mode::Help,
            Group::Search => Mode::Search,
            Group::Views => Mode::Views,
            Group::Form => Mode::Form,
            Group::Picker => Mode::Picker,
        }
    }

    /// Reads a key label back, to check what help shows against what the keymap does.
    fn parse_label(label: &str) -> Option<Key> {
        if let Some(rest) = label.strip_prefix("Ctrl-") {
            return parse_label(rest).map(|key| Key::ctrl_key(key.code));
        }
        let code = match label {
            "Space" => KeyCode::Char(' '),
            "↑" => KeyCode::Up,
            "↓" => KeyCode::Down,
            "←" => KeyCode::Left,
            "→" => KeyCode::Right,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Tab" => KeyCode::Tab,
            "Shift-Tab" => KeyCode::BackTab,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Backspace" => KeyCode::Backspace,
            single => {
                let mut chars = single.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return None,
                }
            }
        };
        Some(Key::plain(code))
    }

    #[test]
    fn every_key_in_help_performs_the_action_help_names() {
        for (group, keys, description) in help_entries() {
            for label in keys.split(' ') {
                let key = parse_label(label).unwrap_or_else(|| panic!("help shows unparseable key {label:?}"));
                let action = lookup(home_mode(group), key);
                assert!(action.is_some(), "{label} in help does nothing in {:?}", home_mode(group));
                assert_eq!(action.unwrap().describe(), description, "{label} in {}", group.title());
            }
        }
    }

    #[test]
    fn every_action_is_bound_and_described_in_help() {
        let help = help_entries();
        for action in Action::ALL {
            assert!(
                help.iter().any(|(_, _, description)| *description == action.describe()),
                "{action:?} is missing from help"
            );
        }
    }

    #[test]
    fn every_hint_is_a_key_that_works_in_its_mode() {
        for mode in
            [Mode::Help, Mode::Search, Mode::Views, Mode::List, Mode::Source, Mode::Select, Mode::Form, Mode::Picker]
        {
            let hints = hints(mode);
            assert!(!hints.is_empty());
            for (keys, word) in hints {
                for key in keys {
                    let action = lookup(mode, key).unwrap();
                    assert_eq!(action.hint(), word, "{} in {mode:?}", key.label());
                }
            }
        }
    }

    #[test]
    fn shifted_characters_and_control_keys_are_recognised() {
        let event = |code, mods| KeyEvent::new_with_kind(code, mods, KeyEventKind::Press);
        assert_eq!(
            lookup(Mode::List, Key::from_event(&event(K::Char('G'), KeyModifiers::SHIFT))),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(Mode::List, Key::from_event(&event(K::BackTab, KeyModifiers::SHIFT))),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            lookup(Mode::Search, Key::from_event(&event(K::Char('c'), KeyModifiers::CONTROL))),
            Some(Action::Quit)
        );
        assert_eq!(lookup(Mode::Search, Key::from_event(&event(K::Char('q'), KeyModifiers::NONE))), None);
        assert_eq!(lookup(Mode::Views, Key::ch('l')), Some(Action::NextView));
        assert_eq!(lookup(Mode::List, Key::ch('l')), Some(Action::NextVariant));
    }
}
