//! Type-ahead never lags: keys that arrive together (fast typing, a paste, a slow link) are all
//! handled before the next frame, so the screen catches up in one frame rather than one per key.

#[path = "../benches/pty.rs"]
mod pty;

use std::io::Write;
use std::path::Path;
use std::time::Duration;

#[test]
fn a_burst_of_keys_is_drawn_once() {
    let mut running = pty::spawn(Path::new(env!("CARGO_BIN_EXE_factline")), &[], 100, 30);
    running.wait_for(pty::FRAME_END, Duration::from_secs(20)).expect("a first frame");
    running.collect(Duration::from_millis(200));
    let keys = b"/kakar";
    running.writer.write_all(keys).unwrap();
    running.writer.flush().unwrap();
    let output = running.collect(Duration::from_millis(1500));
    running.quit();
    let frames = output.windows(pty::FRAME_END.len()).filter(|w| *w == pty::FRAME_END).count();
    assert!(frames >= 1, "the keys were drawn");
    assert!(frames < keys.len(), "{frames} frames for {} keys typed at once", keys.len());
    let text = String::from_utf8_lossy(&output);
    assert!(text.contains("Kakar"), "the search shows its match");
}
