//! The one pseudo-terminal harness of the tests, the benchmarks and the examples: a program run
//! in a pseudo-terminal, everything it writes kept (raw, and as a screen through a terminal
//! emulator, vt100), keys typed into it, its window resized, its exit awaited.
//!
//! Each user includes it with `#[path = "../benches/pty.rs"] mod pty;` and uses a part of it.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// Where a frame ends: the end of synchronized update the browser wraps each frame in.
pub const FRAME_END: &[u8] = b"\x1b[?2026l";
/// How long a wait for the screen or for an exit may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What the program wrote so far.
pub struct Output {
    pub raw: Vec<u8>,
    /// The terminal emulator the output went through: its screen, modes and cells.
    pub parser: vt100::Parser,
    /// The terminal closed (the program and every process holding it ended).
    pub closed: bool,
}

pub struct Running {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    output: Arc<(Mutex<Output>, Condvar)>,
    /// While set, nobody reads the terminal: the program stalls as on a dead-slow link.
    paused: Arc<AtomicBool>,
    /// How much of `raw` the `wait_for` and `collect` calls have consumed.
    consumed: usize,
    pub started: Instant,
}

/// Runs `binary` with `args` in a cols×rows terminal (TERM=xterm-256color).
pub fn spawn(binary: &Path, args: &[&str], cols: u16, rows: u16) -> Running {
    let mut cmd = CommandBuilder::new(binary);
    cmd.args(args);
    Running::start(cmd, cols, rows)
}

/// Runs `script` with `sh -c`, `$0` being `binary`, in a cols×rows terminal.
pub fn shell(script: &str, binary: &Path, cols: u16, rows: u16) -> Running {
    let mut cmd = CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(script);
    cmd.arg(binary);
    Running::start(cmd, cols, rows)
}

impl Running {
    /// Runs `cmd` in a cols×rows terminal; TERM is xterm-256color unless `cmd` sets it, and
    /// NO_COLOR is left out so colours can be checked.
    pub fn start(mut cmd: CommandBuilder, cols: u16, rows: u16) -> Running {
        let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("a pty");
        if cmd.get_env("TERM").is_none() {
            cmd.env("TERM", "xterm-256color");
        }
        cmd.env_remove("NO_COLOR");
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawned");
        drop(pty.slave);
        let output = Arc::new((
            Mutex::new(Output { raw: Vec::new(), parser: vt100::Parser::new(rows, cols, 0), closed: false }),
            Condvar::new(),
        ));
        let paused = Arc::new(AtomicBool::new(false));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let (shared, stop) = (Arc::clone(&output), Arc::clone(&paused));
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            loop {
                if stop.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, arrived) = &*shared;
                let mut out = lock.lock().unwrap();
                if n == 0 {
                    out.closed = true;
                    arrived.notify_all();
                    break;
                }
                out.raw.extend_from_slice(&buf[..n]);
                out.parser.process(&buf[..n]);
                arrived.notify_all();
            }
        });
        let writer = pty.master.take_writer().expect("a writer");
        Running { child, master: pty.master, writer, output, paused, consumed: 0, started }
    }

    /// What the program wrote so far, held still while the guard lives.
    pub fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.0.lock().unwrap()
    }

    /// Waits, at most `timeout`, for new output that passes `check`; whether it came.
    fn wait_output(&self, timeout: Duration, mut check: impl FnMut(&Output) -> bool) -> bool {
        let deadline = Instant::now() + timeout;
        let (lock, arrived) = &*self.output;
        let mut out = lock.lock().unwrap();
        loop {
            if check(&out) {
                return true;
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else { return false };
            if out.closed {
                return false;
            }
            out = arrived.wait_timeout(out, left).unwrap().0;
        }
    }

    /// Reads output until `needle` has appeared after what earlier waits consumed; the time since
    /// spawning, or None on timeout (or when the terminal closed first).
    pub fn wait_for(&mut self, needle: &[u8], timeout: Duration) -> Option<Duration> {
        let from = self.consumed;
        let mut end = None;
        let found = self.wait_output(timeout, |out| {
            end = Some(out.raw.len());
            out.raw.get(from..).is_some_and(|new| new.windows(needle.len()).any(|w| w == needle))
        });
        let at = self.started.elapsed();
        self.consumed = end.unwrap_or(from);
        found.then_some(at)
    }

    /// Everything written during `window` (or until the terminal closed) after what earlier
    /// waits consumed.
    pub fn collect(&mut self, window: Duration) -> Vec<u8> {
        self.wait_output(window, |out| out.closed);
        let out = self.lock();
        let seen = out.raw[self.consumed..].to_vec();
        drop(out);
        self.consumed += seen.len();
        seen
    }

    /// Every byte written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.lock().raw).into_owned()
    }

    /// How many bytes the program wrote so far.
    pub fn received(&self) -> usize {
        self.lock().raw.len()
    }

    /// The screen as the emulator shows it now.
    pub fn screen(&self) -> String {
        self.lock().parser.screen().contents()
    }

    /// Reads the emulator's screen (its modes, cells, size).
    pub fn with_screen<T>(&self, read: impl FnOnce(&vt100::Screen) -> T) -> T {
        read(self.lock().parser.screen())
    }

    /// Waits until `check` holds, failing the test after TIMEOUT with the screen shown.
    pub fn wait_until(&self, what: &str, check: impl Fn(&Running) -> bool) {
        let start = Instant::now();
        while !check(self) {
            assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`, failing the test after TIMEOUT.
    pub fn wait_for_text(&self, text: &str) {
        let shown = self.wait_output(TIMEOUT, |out| out.parser.screen().contents().contains(text));
        assert!(shown, "timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("written to the terminal");
        self.writer.flush().expect("flushed to the terminal");
    }

    pub fn type_keys(&mut self, keys: &str) {
        self.send(keys.as_bytes());
    }

    /// Stops (or resumes) reading the terminal, as a client on a stalled link.
    pub fn pause(&self, paused: bool) {
        self.paused.store(paused, Ordering::SeqCst);
    }

    /// Resizes the window: the emulator's screen and the terminal's size, as a terminal would.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.lock().parser.screen_mut().set_size(rows, cols);
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resized");
    }

    /// Waits for the program to exit, failing the test after TIMEOUT.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                return status;
            }
            assert!(start.elapsed() < TIMEOUT, "the program did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    pub fn quit(&mut self) {
        // Ctrl-C quits from anywhere, the search bar included.
        let _ = self.writer.write_all(b"\x03");
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// CPU clock ticks (user + system) of a process and its context switches (every time one of
/// its threads woke up or was preempted), from /proc.
///
/// Panics, naming what was missing, rather than counting anything it could not read as zero: an
/// idle check comparing zero with zero would pass while measuring nothing.
pub fn cpu_and_wakeups(pid: u32) -> (u64, u64) {
    let stat_path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&stat_path).unwrap_or_else(|e| panic!("{stat_path}: {e}"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after_name = stat.rfind(')').unwrap_or_else(|| panic!("{stat_path}: no command name in {stat:?}"));
    let fields: Vec<&str> = stat[after_name + 2..].split(' ').collect();
    let field = |i: usize, name: &str| -> u64 {
        fields.get(i).and_then(|f| f.parse().ok()).unwrap_or_else(|| panic!("{stat_path}: no {name} in {stat:?}"))
    };
    let ticks = field(11, "utime") + field(12, "stime");
    let tasks_path = format!("/proc/{pid}/task");
    let tasks = std::fs::read_dir(&tasks_path).unwrap_or_else(|e| panic!("{tasks_path}: {e}"));
    let (mut switches, mut counted) = (0, 0);
    for task in tasks.flatten() {
        // A thread that ended between the listing and this read has nothing left to count.
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else { continue };
        for line in status.lines().filter(|l| l.contains("ctxt_switches:")) {
            let count = line.split_whitespace().last().and_then(|n| n.parse::<u64>().ok());
            switches += count.unwrap_or_else(|| panic!("{}: unreadable {line:?}", task.path().display()));
            counted += 1;
        }
    }
    assert!(counted > 0, "{tasks_path}: no thread's context switches could be read");
    // A process that has run at all has been switched to at least once.
    assert!(switches > 0, "{tasks_path}: no context switches counted; the figures would measure nothing");
    (ticks, switches)
}
