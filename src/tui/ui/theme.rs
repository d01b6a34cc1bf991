//! Styles from the 16 ANSI colours only, so the palette follows the user's terminal (light or
//! dark). Every highlight also carries a modifier (reverse, bold, underline), so with NO_COLOR
//! — where only modifiers are used — nothing that matters disappears.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    no_color: bool,
}

impl Theme {
    pub fn new(no_color: bool) -> Theme {
        Theme { no_color }
    }

    /// NO_COLOR set to anything non-empty turns colour off (https://no-color.org).
    pub fn from_env() -> Theme {
        Theme::new(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
    }

    fn pick(self, colour: Style, modifiers: Modifier) -> Style {
        if self.no_color { Style::new().add_modifier(modifiers) } else { colour.add_modifier(modifiers) }
    }

    /// The supporting passage in the source text.
    pub fn passage(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Modifier::REVERSED | Modifier::BOLD)
    }

    /// Words a text search matched in the article: bold and underlined, with or without colour,
    /// so they read apart from the passage (reversed) they may sit in and from the item's
    /// other passages (underlined only).
    pub fn found(self) -> Style {
        self.pick(Style::new().fg(Color::Magenta), Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Text chosen in the source pane (`v`), or a passage's new span while it is extended or
    /// shrunk: reversed like the passage, but underlined rather than bold (and cyan, not
    /// yellow), so the two read apart where they overlap, with or without colour.
    pub fn selection(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Modifier::REVERSED | Modifier::UNDERLINED)
    }

    /// The selected item's other passages in the same article.
    pub fn other_passage(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Modifier::UNDERLINED)
    }

    pub fn selected(self, focused: bool) -> Style {
        if focused {
            self.pick(Style::new().fg(Color::Cyan), Modifier::REVERSED | Modifier::BOLD)
        } else {
            self.pick(Style::new().fg(Color::Cyan), Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn dim(self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Modifier::empty())
    }

    pub fn strong(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.pick(Style::new().fg(Color::Cyan), Modifier::BOLD)
    }

    /// Characters of a spelling that the query matched.
    pub fn matched(self) -> Style {
        self.pick(Style::new().fg(Color::Yellow), Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn chip(self) -> Style {
        if self.no_color {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
        }
    }

    /// The tag of an event that is still to happen: italic, so it reads apart from what happened
    /// with or without colour.
    pub fn scheduled(self) -> Style {
        self.pick(Style::new().fg(Color::Blue), Modifier::ITALIC)
    }

    /// The marker of an item a discrepancy touches.
    pub fn disputed(self) -> Style {
        self.pick(Style::new().fg(Color::Red), Modifier::BOLD)
    }

    pub fn bar(self) -> Style {
        if self.no_color {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().fg(Color::White).bg(Color::Blue)
        }
    }

    /// Something saved, but not where it should be (changes a fold could not write into
    /// store.json): black on yellow; with NO_COLOR bold and not reversed, a gap in the reversed
    /// bar.
    pub fn warning(self) -> Style {
        self.pick(Style::new().fg(Color::Black).bg(Color::Yellow), Modifier::BOLD)
    }

    pub fn bar_key(self) -> Style {
        let bold = self.bar().add_modifier(Modifier::BOLD);
        if self.no_color { bold } else { bold.fg(Color::Yellow) }
    }

    /// The header of a pane: reversed when the pane has the focus.
    pub fn header(self, focused: bool) -> Style {
        if focused {
            self.pick(Style::new().fg(Color::Blue), Modifier::REVERSED | Modifier::BOLD)
        } else {
            self.pick(Style::new().fg(Color::Blue), Modifier::BOLD)
        }
    }

    pub fn tab(self, active: bool, focused: bool) -> Style {
        match (active, focused) {
            (true, true) => self.selected(true),
            (true, false) => self.pick(Style::new().fg(Color::Cyan), Modifier::BOLD | Modifier::UNDERLINED),
            _ => self.dim(),
        }
    }

    /// Event-type badges grouped by what happened: violence, diplomacy, words.
    pub fn badge(self, kind: &str) -> Style {
        let colour = match kind {
            "strike" | "attack" | "casualties" => Color::Red,
            "diplomatic-visit" | "meeting" | "phone-call" | "agreement" => Color::Green,
            "ambassador-recall" | "ambassador-return" => Color::Magenta,
            "security-meeting" => Color::Yellow,
            "statement" | "announcement" => Color::Blue,
            _ => Color::Reset,
        };
        self.pick(Style::new().fg(colour), Modifier::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_every_highlight_keeps_a_modifier_and_no_colour() {
        let theme = Theme::new(true);
        for style in [
            theme.passage(),
            theme.found(),
            theme.selected(true),
            theme.selected(false),
            theme.matched(),
            theme.chip(),
            theme.selection(),
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
            assert!(!style.add_modifier.is_empty(), "{style:?}");
        }
        assert!(theme.passage().add_modifier.contains(Modifier::REVERSED));
        assert!(Theme::new(false).passage().add_modifier.contains(Modifier::REVERSED));
        for no_color in [true, false] {
            let theme = Theme::new(no_color);
            let marks = [theme.selection(), theme.passage(), theme.found(), theme.other_passage()];
            for (i, a) in marks.iter().enumerate() {
                for b in &marks[i + 1..] {
                    assert_ne!(a.add_modifier, b.add_modifier, "told apart by modifiers alone");
                }
            }
        }
    }
}
