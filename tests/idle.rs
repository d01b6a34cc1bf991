//! Idle means idle: once the browser has drawn, it uses no CPU and no thread of it wakes up
//! until input arrives (no timer ticks, no polling).

#[path = "../benches/pty.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

#[test]
fn the_browser_uses_no_cpu_and_never_wakes_while_idle() {
    let mut running = pty::spawn(Path::new(env!("CARGO_BIN_EXE_factline")), &[], 100, 30);
    running.wait_for(pty::FRAME_END, Duration::from_secs(20)).expect("a first frame");
    // Let the first frame's output drain and any start-up work settle.
    std::thread::sleep(Duration::from_millis(300));
    let before = pty::cpu_and_wakeups(running.pid());
    std::thread::sleep(Duration::from_secs(2));
    let after = pty::cpu_and_wakeups(running.pid());
    running.quit();
    assert_eq!(after.0, before.0, "CPU ticks while idle");
    assert_eq!(after.1, before.1, "context switches (wake-ups) while idle");
}
