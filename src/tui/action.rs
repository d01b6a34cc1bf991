//! The one vocabulary of things a user can ask for. The keymap maps keys onto it, `App::update`
//! performs it, and the help overlay and hint bar describe it, so none of them can drift apart.
//!
//! One table below declares each action with its words: the help overlay's description, the
//! status bar's one-word hint, and the hint's rank (the status bar cuts hints from the end when
//! narrow, so the keys a newcomer needs first rank lowest). The enum, `Action::ALL` and the
//! words are all generated from it, so an action cannot exist without its words.

/// What help and the hint bar say about an action.
struct Words {
    describe: &'static str,
    hint: &'static str,
    hint_rank: u8,
}

macro_rules! actions {
    ($($action:ident => $describe:literal, $hint:literal, $rank:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($action,)*
        }

        impl Action {
            /// Every action, in table order.
            pub const ALL: &'static [Action] = &[$(Action::$action,)*];

            fn words(self) -> Words {
                match self {
                    $(Action::$action => Words { describe: $describe, hint: $hint, hint_rank: $rank },)*
                }
            }
        }
    };
}

actions! {
    // action          => help overlay,                          status-bar hint,           rank (6: never hinted)
    Quit              => "quit",                                  "quit",                    4;
    ToggleHelp        => "show or hide this help",                "help",                    3;
    FocusSearch       => "search names, places and articles",    "search",                  2;
    FocusNext         => "focus the next pane",                   "pane",                    6;
    FocusPrev         => "focus the previous pane",               "focus the previous pane", 6;
    FocusSource       => "read the source",                       "source",                  1;
    Back              => "back to the list, or clear the filter", "back",                    6;
    Up                => "up",                                    "move",                    0;
    Down              => "down",                                  "move",                    0;
    Top               => "first",                                 "first",                   6;
    Bottom            => "last",                                  "last",                    6;
    PageUp            => "page up",                               "page up",                 6;
    PageDown          => "page down",                             "page down",               6;
    HalfPageUp        => "half a page up",                        "half a page up",          6;
    HalfPageDown      => "half a page down",                      "half a page down",        6;
    NextPassage       => "next passage, or next text hit",        "passage",                 5;
    PrevPassage       => "previous passage, or previous text hit", "passage",                6;
    DetailDown        => "scroll the selected item's detail down", "detail",               6;
    DetailUp          => "scroll the selected item's detail up", "detail",                 6;
    NextVariant       => "next variant",                          "variant",                 5;
    PrevVariant       => "previous variant",                      "variant",                 5;
    ShowTimeline      => "timeline view",                         "timeline view",           6;
    ShowClaims        => "who said what",                         "who said what",           6;
    ShowDisagreements => "disagreements",                         "disagreements",           6;
    NextView          => "next view",                             "view",                    1;
    PrevView          => "previous view",                         "view",                    6;
    SearchUp          => "previous match",                        "choose",                  0;
    SearchDown        => "next match",                            "choose",                  0;
    PinEntity         => "pin the match, or open the passage",    "pin",                     1;
    SearchBackspace   => "delete / remove the last filter",       "unpin",                   2;
    LeaveSearch       => "leave the search",                      "leave",                   4;
    ClearSearch       => "clear what is typed, then the filters", "clear",                   6;
    ShowReview        => "review: drafts and edited passages", "review", 6;
    Accept            => "accept the draft or its edited passages", "accept", 1;
    AcceptMoved       => "accept all moved passages in this article", "accept moved", 6;
    Reject            => "reject: remove the item from the store", "reject",                 2;
    Undo              => "undo the last change",                  "undo",                    3;
    Redo              => "redo what was undone",                  "redo",                    6;
    Reload            => "reload the store from disk",            "reload",                  6;
    EditItem          => "edit the selected item's fields in a form", "edit",                3;
    MergeEntity       => "merge an entity into another", "merge",       6;
    NewDiscrepancy    => "record a discrepancy about the selected item", "discrepancy",      6;
    FormNext          => "next field",                            "field",                   1;
    FormPrev          => "previous field",                        "field",                   1;
    FormActivate      => "pick, cite a passage, next choice, save", "pick",        2;
    FormLeft          => "cursor left, or the previous choice",   "choose",                  6;
    FormRight         => "cursor right, or the next choice",      "choose",                  6;
    FormBackspace     => "delete a character, or the last entity", "delete",                 6;
    FormClear         => "clear the field",                       "clear",                   6;
    FormSave          => "save the form",                         "save",                    0;
    FormCancel        => "close the form (twice when changed)",   "cancel",                  3;
    PickerUp          => "previous entity",                       "move",                    0;
    PickerDown        => "next entity",                           "move",                    0;
    PickerChoose      => "choose the entity, or create the new one", "choose",               1;
    PickerKind        => "change the new entity's kind",          "kind",                    2;
    PickerBackspace   => "delete a character of the name",        "delete",                  6;
    PickerClear       => "clear the name typed",                  "clear",                   6;
    PickerCancel      => "back without choosing",                 "back",                    3;
    StartSelection    => "select text in the article",            "select",                  6;
    SelectCharBack    => "selection: one character back",         "character",               6;
    SelectCharOn      => "selection: one character on",           "character",               6;
    SelectWordBack    => "selection: one word back",              "word",                    1;
    SelectWordOn      => "selection: one word on",                "word",                    1;
    SelectLineUp      => "selection: one line up",                "line",                    6;
    SelectLineDown    => "selection: one line down",              "line",                    6;
    SelectSentenceBack => "selection: one sentence back",         "sentence",                2;
    SelectSentenceOn  => "selection: one sentence on",            "sentence",                2;
    SelectSwap        => "selection: move the other end",         "other end",               3;
    LeaveSelection    => "leave the selection",                   "leave",                   4;
    SetPassage        => "make the selection the passage (saved)", "set passage",            0;
    AdjustPassage     => "extend or shrink the passage shown",    "adjust",                  4;
    NewClaimFromText  => "new claim citing the selection (a form opens)", "claim",           1;
    NewEventFromText  => "new event citing the selection (a form opens)", "event",           1;
    AliasFromText     => "add the selection as an alias of an entity", "alias",              2;
}

impl Action {
    /// What the help overlay says the action does.
    pub fn describe(self) -> &'static str {
        self.words().describe
    }

    /// The one-word form the status bar's hints use.
    pub fn hint(self) -> &'static str {
        self.words().hint
    }

    /// Order in the status bar, which cuts hints from the end when narrow: the keys a newcomer
    /// needs first.
    pub fn hint_rank(self) -> u8 {
        self.words().hint_rank
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_description_and_a_hint() {
        for (i, a) in Action::ALL.iter().enumerate() {
            assert!(!a.hint().is_empty(), "{a:?}");
            for b in &Action::ALL[i + 1..] {
                assert_ne!(a.describe(), b.describe(), "{a:?} and {b:?} read the same in help");
            }
        }
    }
}
