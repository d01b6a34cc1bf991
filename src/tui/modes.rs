//! The mouse reporting the browser asks a terminal for — one definition for the local terminal
//! and for every SSH session, so the two cannot drift apart again.
//!
//! The browser acts on button presses (a click selects) and the wheel, and on nothing else:
//! mode 1000 reports exactly those, and 1006 has them sent in SGR encoding (no 223-column limit,
//! and the encoding both decoders read). Not 1002 (motion while a button is held) nor 1003 (every
//! motion, which crossterm's `EnableMouseCapture` asks for, with 1015): they add an event for each
//! cell the pointer crosses, which the browser ignores — wasted wakeups locally and a packet per
//! cell over SSH. The one exception is local: `DRAG_ON` adds 1002 there, so that dragging in the
//! article selects text (motion is reported only while the button is held).

/// As a macro so that the SSH session can splice it into its setup sequence with `concat!`.
macro_rules! mouse_on {
    () => {
        "\x1b[?1000h\x1b[?1006h"
    };
}

/// Undoes `mouse_on!`, in reverse order.
macro_rules! mouse_off {
    () => {
        "\x1b[?1006l\x1b[?1000l"
    };
}

pub(crate) use {mouse_off, mouse_on};

pub const MOUSE_ON: &str = mouse_on!();
pub const MOUSE_OFF: &str = mouse_off!();

/// Asked of the local terminal only, after `MOUSE_ON`: motion while a button is held (1002),
/// so a drag in the article selects text. Locally those events cost nothing on a network, and
/// arrive only while the button is down; an SSH session never asks for them.
pub const DRAG_ON: &str = "\x1b[?1002h";
/// Undoes `DRAG_ON`, before `MOUSE_OFF`.
pub const DRAG_OFF: &str = "\x1b[?1002l";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_and_the_wheel_in_sgr_encoding_and_no_motion() {
        assert!(MOUSE_ON.contains("\x1b[?1000h") && MOUSE_ON.contains("\x1b[?1006h"));
        for motion in ["1002", "1003"] {
            assert!(!MOUSE_ON.contains(motion), "{motion}");
        }
        assert_eq!(MOUSE_OFF, MOUSE_ON.replace('h', "l").split_inclusive('l').rev().collect::<String>());
    }

    #[test]
    fn dragging_adds_button_held_motion_only_and_is_undone() {
        assert_eq!(DRAG_ON, "\x1b[?1002h");
        assert!(!DRAG_ON.contains("1003"), "never every motion");
        assert_eq!(DRAG_OFF, DRAG_ON.replace('h', "l"));
    }
}
