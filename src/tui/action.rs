//! The one vocabulary of things a user can ask for. The keymap maps keys onto it, `App::update`
//! performs it, and the help overlay and hint bar describe it, so none of them can drift apart.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    ToggleHelp,
    FocusSearch,
    FocusNext,
    FocusPrev,
    FocusSource,
    Back,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    NextPassage,
    PrevPassage,
    NextVariant,
    PrevVariant,
    ShowTimeline,
    ShowClaims,
    ShowDisagreements,
    NextView,
    PrevView,
    SearchUp,
    SearchDown,
    PinEntity,
    SearchBackspace,
    LeaveSearch,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::Quit,
        Action::ToggleHelp,
        Action::FocusSearch,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusSource,
        Action::Back,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::HalfPageUp,
        Action::HalfPageDown,
        Action::NextPassage,
        Action::PrevPassage,
        Action::NextVariant,
        Action::PrevVariant,
        Action::ShowTimeline,
        Action::ShowClaims,
        Action::ShowDisagreements,
        Action::NextView,
        Action::PrevView,
        Action::SearchUp,
        Action::SearchDown,
        Action::PinEntity,
        Action::SearchBackspace,
        Action::LeaveSearch,
    ];

    /// What the help overlay says the action does.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "show or hide this help",
            Action::FocusSearch => "search people and places",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrev => "focus the previous pane",
            Action::FocusSource => "read the source",
            Action::Back => "back to the list, or clear the filter",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "first",
            Action::Bottom => "last",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::HalfPageUp => "half a page up",
            Action::HalfPageDown => "half a page down",
            Action::NextPassage => "next passage",
            Action::PrevPassage => "previous passage",
            Action::NextVariant => "next variant",
            Action::PrevVariant => "previous variant",
            Action::ShowTimeline => "timeline view",
            Action::ShowClaims => "who said what",
            Action::ShowDisagreements => "disagreements",
            Action::NextView => "next view",
            Action::PrevView => "previous view",
            Action::SearchUp => "previous match",
            Action::SearchDown => "next match",
            Action::PinEntity => "pin the match as a filter",
            Action::SearchBackspace => "delete / remove the last filter",
            Action::LeaveSearch => "leave the search",
        }
    }

    /// Order in the status bar, which cuts hints from the end when narrow: the keys a newcomer
    /// needs first.
    pub fn hint_rank(self) -> u8 {
        match self {
            Action::Down | Action::Up | Action::SearchDown | Action::SearchUp => 0,
            Action::FocusSource | Action::PinEntity | Action::NextView => 1,
            Action::FocusSearch | Action::SearchBackspace => 2,
            Action::ToggleHelp => 3,
            Action::Quit | Action::LeaveSearch => 4,
            Action::NextPassage | Action::PrevVariant | Action::NextVariant => 5,
            _ => 6,
        }
    }

    /// The one-word form the status bar's hints use.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::ToggleHelp => "help",
            Action::FocusSearch => "search",
            Action::FocusNext => "pane",
            Action::FocusSource => "source",
            Action::Back => "back",
            Action::Down | Action::Up => "move",
            Action::NextPassage | Action::PrevPassage => "passage",
            Action::NextVariant | Action::PrevVariant => "variant",
            Action::NextView | Action::PrevView => "view",
            Action::SearchDown | Action::SearchUp => "choose",
            Action::PinEntity => "pin",
            Action::SearchBackspace => "unpin",
            Action::LeaveSearch => "leave",
            other => other.describe(),
        }
    }
}
