//! The real binary in a pseudo-terminal, for figures and checks that need a real process: time to
//! the first frame, and CPU and wake-ups while idle.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Where a frame ends: the end of synchronized update the browser wraps each frame in.
pub const FRAME_END: &[u8] = b"\x1b[?2026l";

pub struct Running {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Box<dyn MasterPty + Send>,
    pub writer: Box<dyn Write + Send>,
    /// Output chunks as they arrive.
    pub output: mpsc::Receiver<Vec<u8>>,
    pub started: Instant,
}

pub fn spawn(binary: &Path, args: &[&str], cols: u16, rows: u16) -> Running {
    let pty = native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("a pty");
    let mut cmd = CommandBuilder::new(binary);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    let started = Instant::now();
    let child = pty.slave.spawn_command(cmd).expect("spawned");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let (send, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || send.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let writer = pty.master.take_writer().expect("a writer");
    Running { child, master: pty.master, writer, output, started }
}

impl Running {
    /// Reads output until `needle` has appeared; the time since spawning, or None on timeout.
    pub fn wait_for(&mut self, needle: &[u8], timeout: Duration) -> Option<Duration> {
        let mut seen: Vec<u8> = Vec::new();
        let deadline = Instant::now() + timeout;
        while !seen.windows(needle.len()).any(|w| w == needle) {
            let left = deadline.checked_duration_since(Instant::now())?;
            seen.extend(self.output.recv_timeout(left).ok()?);
        }
        Some(self.started.elapsed())
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

impl Running {
    /// Everything written during `window`.
    pub fn collect(&mut self, window: Duration) -> Vec<u8> {
        let deadline = Instant::now() + window;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.output.recv_timeout(left) {
                Ok(chunk) => seen.extend(chunk),
                Err(_) => break,
            }
        }
        seen
    }
}
