//! A writer killed with SIGKILL at any moment of a save leaves store.json whole and valid: the
//! old version or the new one, never a mix, never a truncated file.
//!
//! The writer is this test binary itself, re-run as a child on the same test with WRITER_ENV set,
//! so it saves through exactly the library code the browser and `fmt` use. There is no separate
//! writer test: one that did nothing when run on its own would count as passed.

use std::fs;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use factline::store::save::{self, Fingerprint, Lock};
use factline::store::{self, bundled};

const WRITER_ENV: &str = "FACTLINE_SAVE_CRASH_WRITER";

/// Two valid stores of a few megabytes, so that a save takes long enough to be killed midway.
/// Built by hand rather than through serde: the writer must start saving quickly.
fn versions() -> (Vec<u8>, Vec<u8>) {
    let padded = |fill: &str| {
        let body = bundled::STORE_JSON.trim_end().strip_suffix('}').unwrap();
        format!("{body},\n  \"padding\": \"{}\"\n}}\n", fill.repeat(3 << 20)).into_bytes()
    };
    (padded("a"), padded("b"))
}

/// Whether a save is under way: its temporary file is there.
fn saving(folder: &Path) -> bool {
    fs::read_dir(folder).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains("factline-tmp"))
}

/// The writer: saves the two versions in turn, for ever, until the test kills it. Run in a child
/// process (this test binary re-run on the one test below with WRITER_ENV set). Every other save
/// goes the way the browser saves a change: spliced, what the versions share copied from the
/// file being replaced, the backup a hard link to it.
fn write_until_killed(folder: &Path) -> ! {
    let store_file = folder.join("store.json");
    let (a, b) = versions();
    let _lock = Lock::acquire(&store_file, "test").expect("the previous writer's lock is stale and taken over");
    save::clean_temporaries(&store_file).unwrap();
    let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    for n in 0u64.. {
        let current = fs::read(&store_file).unwrap();
        let next = if current == a { &b } else { &a };
        if n % 2 == 0 {
            save::save(&store_file, next, Some(Fingerprint::of(&current))).unwrap();
            continue;
        }
        let copy = |old: &fs::File, out: &mut dyn Write| {
            let mut head = vec![0; shared];
            old.read_exact_at(&mut head, 0)?;
            out.write_all(&head)?;
            out.write_all(&next[shared..])
        };
        save::save_spliced(&store_file, Fingerprint::of(&current), copy, |_| Ok::<(), save::SaveError>(())).unwrap();
    }
    unreachable!("saves for ever")
}

#[test]
fn a_kill_during_a_save_never_leaves_a_broken_store() {
    if let Some(folder) = std::env::var_os(WRITER_ENV) {
        write_until_killed(Path::new(&folder));
    }
    let dir = tempfile::tempdir().unwrap();
    for (relative, text) in bundled::SOURCES {
        let path = dir.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let store_file = dir.path().join("store.json");
    let (a, b) = versions();
    fs::write(&store_file, &a).unwrap();
    let mut changes = 0;
    let mut last = a.clone();
    for round in 0..24u64 {
        // The previous writer is dead: what it left half written is not a save under way.
        save::clean_temporaries(&store_file).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_kill_during_a_save_never_leaves_a_broken_store", "--nocapture", "--test-threads=1"])
            .env(WRITER_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait for a save to begin, then spread the kills over the whole of it, from its first
        // bytes to its rename and the next save.
        let started = Instant::now();
        while !saving(dir.path()) && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(saving(dir.path()), "round {round}: the writer never began a save");
        std::thread::sleep(Duration::from_millis((round * 7) % 90));
        child.kill().unwrap();
        child.wait().unwrap();
        let held = fs::read(&store_file).unwrap();
        assert!(held == a || held == b, "round {round}: store.json is neither version ({} bytes)", held.len());
        let backup = save::backup_path(&store_file);
        if backup.exists() {
            let kept = fs::read(&backup).unwrap();
            assert!(kept == a || kept == b, "round {round}: store.json.bak is neither version ({} bytes)", kept.len());
        }
        if held != last {
            changes += 1;
        }
        last = held;
        store::load_path(dir.path()).unwrap_or_else(|e| panic!("round {round}: the store no longer loads:\n{e}"));
    }
    assert!(changes > 0, "the writer never finished a save: the kills proved nothing");

    // What the kills left behind (temporaries, a stale lock) is cleaned by the next editor.
    let started = Instant::now();
    let lock = Lock::acquire(&store_file, "test").unwrap();
    save::clean_temporaries(&store_file).unwrap();
    drop(lock);
    assert!(started.elapsed() < Duration::from_secs(5));
    let mut names: Vec<String> =
        fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names.retain(|n| n != "sources");
    assert!(names == ["store.json"] || names == ["store.json", "store.json.bak"], "left behind: {names:?}");
}
