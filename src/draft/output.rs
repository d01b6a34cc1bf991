//! The files of `factline draft`: collecting the articles (files, or folders of `.txt`), reading
//! them as UTF-8 regular files (every bad file reported at once), and writing `OUT/store.json` and
//! byte-for-byte copies in `OUT/sources/` without ever losing what was there: each file goes to a
//! temporary file in the same folder, is synced, then renamed (the store through `store::save`,
//! like every store the program writes); an existing store is only replaced with `--force`, and
//! kept as `store.json.bak`, and the articles it quoted as `sources.bak/`, so the two still match.
//! A run holds the store's lock, so it never writes under a browser that is editing the store.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::store::save::{self, Lock, SaveError};
use crate::store::{LoadError, Problem};
use crate::user_file::read_regular;

use super::{Article, Draft};

/// The articles named on the command line, in a stable order: each folder's `.txt` files sorted by
/// path (sub-folders included), files as given. Nothing of the output folder `out` is read as an
/// article: not its copies (`sources/`, `sources.bak/`), and not `out` itself when it lies inside
/// an input folder, so drafting a folder into itself twice does not draft its copies again.
pub fn collect(inputs: &[PathBuf], out: &Path) -> Result<Vec<(PathBuf, Article)>, LoadError> {
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    let skipped = written_by_draft(out);
    for input in inputs {
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(input, &skipped, &mut found) {
                    problems.push(Problem::in_file(input, format!("cannot list the folder: {e}")));
                }
                found.sort();
                if found.is_empty() {
                    problems.push(
                        Problem::in_file(input, "no .txt articles in this folder")
                            .with_hint("save each article as a UTF-8 .txt file"),
                    );
                }
                paths.extend(found);
            }
            Ok(_) => paths.push(input.clone()),
            Err(e) => problems
                .push(Problem::in_file(input, format!("cannot read the article: {e}")).with_hint("check the path")),
        }
    }
    let mut articles = Vec::new();
    let mut names = HashSet::new();
    for path in paths {
        let bytes = match read_regular(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                problems.push(
                    Problem::in_file(&path, format!("cannot read the article: {e}"))
                        .with_hint("pass regular text files"),
                );
                continue;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => {
                let name =
                    path.file_name().map_or_else(|| "article.txt".to_string(), |n| n.to_string_lossy().into_owned());
                let file_name = unique_name(&name, &mut names);
                articles.push((path, Article { file_name, text }));
            }
            Err(e) => problems.push(
                Problem::in_file(&path, format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()))
                    .with_hint("save the article as UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"),
            ),
        }
    }
    if problems.is_empty() { Ok(articles) } else { Err(LoadError::new(problems)) }
}

/// A folder's `.txt` files, sub-folders included — except a sub-folder holding a store.json: it
/// is a store (a draft written next to its articles, say), whose `sources/` are copies that
/// would be drafted twice.
fn walk(folder: &Path, skipped: &[PathBuf], out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let is_output = fs::canonicalize(&path).is_ok_and(|real| skipped.contains(&real));
            if is_output || path.join("store.json").exists() {
                continue;
            }
            walk(&path, skipped, out)?;
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
            out.push(path);
        }
    }
    Ok(())
}

/// The folders a draft into `out` writes, as real paths (those that exist): never read as input.
fn written_by_draft(out: &Path) -> Vec<PathBuf> {
    [out.to_path_buf(), out.join("sources"), out.join(SOURCES_BACKUP)]
        .iter()
        .filter_map(|path| fs::canonicalize(path).ok())
        .collect()
}

/// Where `--force` keeps the copies it replaces, beside store.json.bak.
pub const SOURCES_BACKUP: &str = "sources.bak";

/// Takes the lock of `out/store.json` for the run (creating `out`), or says who edits it.
pub fn lock(out: &Path) -> Result<Lock, LoadError> {
    let store = out.join("store.json");
    fs::create_dir_all(out)
        .map_err(|e| LoadError::new(vec![Problem::in_file(out, format!("cannot create the folder: {e}"))]))?;
    let lock = Lock::acquire(&store, "draft").map_err(|e| {
        LoadError::new(vec![
            Problem::in_file(&store, e.to_string())
                .with_hint("nothing was written; run the draft again once it is closed"),
        ])
    })?;
    // Under the lock no save of this store is under way: what one left is stale.
    let _ = save::clean_temporaries(&store);
    Ok(lock)
}

/// A copy's name in `sources/`: the article's own, made unique (`a.txt`, `a-2.txt`), with only
/// characters safe in a path.
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '-' }).collect();
    let safe = safe.trim_start_matches('.').to_string();
    let safe = if safe.is_empty() { "article.txt".to_string() } else { safe };
    let (stem, ext) = safe.rsplit_once('.').map_or((safe.as_str(), ""), |(s, e)| (s, e));
    let mut candidate = safe.clone();
    let mut n = 2;
    while !taken.insert(candidate.to_lowercase()) {
        candidate = if ext.is_empty() { format!("{stem}-{n}") } else { format!("{stem}-{n}.{ext}") };
        n += 1;
    }
    candidate
}

/// Why the output folder cannot be written without `--force`.
pub fn refuse_overwrite(out: &Path, articles: &[(PathBuf, Article)]) -> Option<LoadError> {
    let store = out.join("store.json");
    let mut problems = Vec::new();
    if store.exists() {
        problems.push(
            Problem::in_file(&store, "already exists; not overwritten").with_hint(
                "pass --force to replace it (the old one is kept as store.json.bak), or choose another --out",
            ),
        );
    }
    for (_, article) in articles {
        let copy = out.join("sources").join(&article.file_name);
        if let Ok(existing) = fs::read(&copy)
            && existing != article.text.as_bytes()
        {
            problems.push(
                Problem::in_file(&copy, "already exists with other text; not overwritten")
                    .with_hint("pass --force to replace it, or choose another --out"),
            );
        }
    }
    (!problems.is_empty()).then_some(LoadError::new(problems))
}

/// Writes the copies and the store; an existing store.json is kept as store.json.bak, and when a
/// copy it quoted is about to change, the whole previous `sources/` as `sources.bak/`. The caller
/// holds the store's lock (`lock`).
///
/// The copies go through temporary files like the store, but are flushed to disk together (one
/// `syncfs` for the folder's file system, rather than a thousand `fsync`s) before any is renamed.
pub fn write(out: &Path, draft: &Draft, json: &[u8]) -> io::Result<()> {
    let sources = out.join("sources");
    let replaced = draft.sources.iter().any(|source| {
        let copy = sources.join(&source.file_name);
        copy.symlink_metadata().is_ok() && fs::read(&copy).ok().as_deref() != Some(source.text.as_bytes())
    });
    if replaced {
        back_up_sources(out)?;
    }
    fs::create_dir_all(&sources)?;
    let mut pending = Vec::new();
    let result = (|| {
        for source in &draft.sources {
            let copy = sources.join(&source.file_name);
            if fs::read(&copy).ok().as_deref() == Some(source.text.as_bytes()) {
                continue;
            }
            let temp = sources.join(format!(".{}.tmp-{}", source.file_name, std::process::id()));
            pending.push((temp.clone(), copy));
            let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
            file.write_all(source.text.as_bytes())?;
        }
        sync_all(&sources, &pending)?;
        for (temp, copy) in &pending {
            fs::rename(temp, copy)?;
        }
        fs::File::open(&sources)?.sync_all()
    })();
    if result.is_err() {
        for (temp, _) in &pending {
            let _ = fs::remove_file(temp);
        }
    }
    result?;
    save::save(&out.join("store.json"), json, None).map(|_| ()).map_err(|e| match e {
        SaveError::Io { error, .. } => error,
        refused @ (SaveError::ChangedOnDisk(_) | SaveError::NotWritable { .. }) => {
            io::Error::other(refused.to_string())
        }
    })
}

/// Copies `out/sources/` whole to `out/sources.bak/` (its regular files, sub-folders included),
/// replacing an older backup only once the new one is complete and synced.
fn back_up_sources(out: &Path) -> io::Result<()> {
    let backup = out.join(SOURCES_BACKUP);
    let building = out.join(format!(".{SOURCES_BACKUP}.tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&building);
    let copied = copy_tree(&out.join("sources"), &building).and_then(|()| {
        fs::File::open(&building)?.sync_all()?;
        let old = out.join(format!(".{SOURCES_BACKUP}.old-{}", std::process::id()));
        if backup.symlink_metadata().is_ok() {
            fs::rename(&backup, &old)?;
        }
        fs::rename(&building, &backup)?;
        fs::File::open(out)?.sync_all()?;
        if old.symlink_metadata().is_ok() {
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    });
    if copied.is_err() {
        let _ = fs::remove_dir_all(&building);
    }
    copied
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            fs::write(&target, read_regular(&entry.path())?)?;
            fs::File::open(&target)?.sync_all()?;
        }
    }
    Ok(())
}

/// Flushes the written temporary files: the whole file system at once when the system can,
/// otherwise file by file.
fn sync_all(folder: &Path, pending: &[(PathBuf, PathBuf)]) -> io::Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let dir = fs::File::open(folder)?;
    // SAFETY: syncfs only reads the descriptor, which `dir` keeps open for the call.
    let synced = unsafe { libc::syncfs(std::os::fd::AsRawFd::as_raw_fd(&dir)) } == 0;
    if !synced {
        for (temp, _) in pending {
            fs::File::open(temp)?.sync_all()?;
        }
    }
    Ok(())
}
