//! Files that never end and stores broken a million times over: `factline check` must end
//! quickly with exit 1, a clear message, and memory that does not grow with the problems found.
//!
//! Each case runs the real binary under a deadline: a child still running at the deadline is
//! killed and the test fails, so a hang shows as a failure rather than a stuck test run. Peak
//! memory is the child's own high-water mark, as the kernel reports it when the child is reaped.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Every case here ends in well under a second on a release build; a debug build on a busy
/// machine gets ample room, while a hang (forever) or a runaway read still fails.
const DEADLINE: Duration = Duration::from_secs(60);

struct Outcome {
    code: i32,
    stderr: String,
    /// The child's peak resident memory, in KiB.
    peak_kib: i64,
}

/// Runs `factline check --data <data> <extra…>` and reaps it with `wait4`, which gives this
/// child's own resource usage (concurrent tests start children of their own).
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its resource usage")]
fn check(data: &Path, extra: &[&str]) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
        .arg("check")
        .arg("--data")
        .arg(data)
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("factline runs");
    let mut stderr = child.stderr.take().unwrap();
    // Read while the child runs, so a long problem list cannot fill the pipe and stall it.
    let reading = thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).map(|_| text)
    });
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our own unreaped child.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(reaped >= 0, "wait4: {}", std::io::Error::last_os_error());
        if reaped == pid {
            break (status, usage);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            // SAFETY: as above; this reaps the killed child.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            panic!("`factline check --data {}` still running after {DEADLINE:?}: killed", data.display());
        }
        thread::sleep(Duration::from_millis(10));
    };
    assert!(libc::WIFEXITED(status), "factline was killed by a signal ({status:#x}) on {}", data.display());
    let stderr = reading.join().unwrap().expect("stderr is UTF-8");
    Outcome { code: libc::WEXITSTATUS(status), stderr, peak_kib: usage.ru_maxrss }
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// A valid store whose one source is the file `sources/a.txt`, which the caller then replaces.
fn store_with_source_file(dir: &Path) -> PathBuf {
    std::fs::create_dir(dir.join("sources")).unwrap();
    let json = r#"{"format": "factline-store", "version": 1,
        "sources": [{"id": "s", "file": "sources/a.txt"}],
        "entities": [{"id": "p", "name": "P", "kind": "place"}],
        "events": []}"#;
    std::fs::write(dir.join("store.json"), json).unwrap();
    dir.join("sources/a.txt")
}

fn assert_refused(outcome: &Outcome, words: &[&str]) {
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    for word in words {
        assert!(outcome.stderr.contains(word), "expected {word:?} in:\n{}", outcome.stderr);
    }
    assert!(outcome.stderr.contains("hint:"), "{}", outcome.stderr);
}

#[test]
fn a_store_json_that_is_a_named_pipe_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("store.json"));
    let outcome = check(dir.path(), &[]);
    assert_refused(&outcome, &["store.json", "is a named pipe (FIFO), not a regular file"]);
    // The pipe given as the file itself is refused the same way.
    assert_refused(&check(&dir.path().join("store.json"), &[]), &["is a named pipe (FIFO)"]);
}

#[test]
fn a_store_json_linked_to_an_endless_device_is_refused() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let dir = tempfile::tempdir().unwrap();
        symlink(device, &dir.path().join("store.json"));
        let outcome = check(dir.path(), &[]);
        assert_refused(&outcome, &["store.json", "is a character device, not a regular file"]);
    }
}

#[test]
fn a_source_file_that_is_a_named_pipe_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = store_with_source_file(dir.path());
    mkfifo(&source);
    let outcome = check(dir.path(), &[]);
    assert_refused(&outcome, &["sources[0].file", "sources/a.txt", "is a named pipe (FIFO), not a regular file"]);
}

#[test]
fn a_source_file_linked_to_an_endless_device_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = store_with_source_file(dir.path());
    symlink("/dev/zero", &source);
    let outcome = check(dir.path(), &[]);
    // The link leaves the store's folder, which is refused before anything is read.
    assert_refused(&outcome, &["sources[0].file", "links outside the store's folder"]);
    // A link that stays inside the folder, to a pipe there, is refused for what it points at.
    std::fs::remove_file(&source).unwrap();
    mkfifo(&dir.path().join("sources/pipe"));
    symlink("pipe", &source);
    assert_refused(&check(dir.path(), &[]), &["sources[0].file", "is a named pipe (FIFO), not a regular file"]);
}

/// Below what the unbounded list took (365 MB for a million problems, over 100 MB for the
/// 300 000 here) and well above what the bounded list needs.
const CEILING_KIB: i64 = 64 << 10;

fn write_store(dir: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(dir.join("store.json")).unwrap());
    write(&mut file).unwrap();
    file.flush().unwrap();
}

#[test]
fn a_store_of_empty_records_lists_the_first_problems_and_counts_the_rest() {
    const EVENTS: usize = 300_000;
    let dir = tempfile::tempdir().unwrap();
    write_store(dir.path(), |out| {
        out.write_all(br#"{"format": "factline-store", "version": 1, "sources": [], "entities": [], "events": ["#)?;
        for i in 0..EVENTS {
            out.write_all(if i == 0 { b"{}" } else { b",{}" })?;
        }
        out.write_all(b"]}")
    });
    let outcome = check(dir.path(), &[]);
    assert_eq!(outcome.code, 1);
    assert!(
        outcome.stderr.starts_with(&format!("{}: 300,000 problems found\n", dir.path().join("store.json").display()))
    );
    assert_eq!(outcome.stderr.matches(": missing required field `id`").count(), 1_000, "the first 1,000 are listed");
    assert!(outcome.stderr.contains("events[999]: missing required field `id`"));
    assert!(!outcome.stderr.contains("events[1000]"));
    assert!(
        outcome.stderr.ends_with("\u{2026} and 299,000 more: 299,000 \u{d7} missing required field `id`\n"),
        "{}",
        &outcome.stderr[outcome.stderr.len().saturating_sub(300)..]
    );
    assert!(outcome.peak_kib < CEILING_KIB, "peak memory {} KiB", outcome.peak_kib);

    let few = check(dir.path(), &["--max-problems", "3"]);
    assert_eq!(few.code, 1);
    assert_eq!(few.stderr.lines().filter(|l| l.contains("missing required field")).count(), 4, "{}", few.stderr);
    assert!(few.stderr.contains("and 299,997 more: 299,997 \u{d7} missing required field `id`"));
}

#[test]
fn a_million_repeated_keys_cost_no_memory_for_their_copies() {
    const REPEATS: usize = 1_000_000;
    let dir = tempfile::tempdir().unwrap();
    write_store(dir.path(), |out| {
        out.write_all(br#"{"format": "factline-store", "version": 1, "sources": [], "entities": [], "#)?;
        // The same key a million times in one record, and a section given again and again.
        out.write_all(br#""events": [{"id": "e""#)?;
        for _ in 0..REPEATS {
            out.write_all(br#", "id": "e""#)?;
        }
        out.write_all(b"}]")?;
        for _ in 0..REPEATS {
            out.write_all(br#", "claims": []"#)?;
        }
        out.write_all(b"}")
    });
    let outcome = check(dir.path(), &[]);
    assert_eq!(outcome.code, 1);
    assert!(outcome.stderr.contains("events[0]: missing required field `date`"), "{}", &outcome.stderr[..500]);
    // The record's problems come first (its section comes first), then the repeats up to 1,000.
    assert!(outcome.stderr.contains(": claims: `claims` appears twice at the top level"));
    assert!(outcome.stderr.contains(" problems found\n"));
    assert!(
        outcome.stderr.ends_with(" \u{d7} `claims` appears twice at the top level\n"),
        "{}",
        &outcome.stderr[outcome.stderr.len().saturating_sub(300)..]
    );
    assert!(outcome.peak_kib < CEILING_KIB, "peak memory {} KiB", outcome.peak_kib);
}
