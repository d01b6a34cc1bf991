//! `factline serve` is a read-only kiosk because of what the browsing code *cannot* do: nothing a session can
//! reach opens files, runs programs or touches the network. This scans that code for the APIs that would,
//! so a change that adds one fails here and has to be argued for.
//!
//! Covered: the TUI (`src/tui/`), the text and search helpers it calls, the text index it queries (`src/find/`),
//! the store's model and everything under `src/store/` but the files in `OUTSIDE_THE_SESSION` (each with why),
//! the edit records the TUI builds (`src/curation/change.rs`), and the serve modules on the session path (input
//! decoding, rendering, the session loop). The store is loaded before any client connects and handed over as
//! an in-memory `Arc<Store>`.
//!
//! The session loop is async and ends in the SSH channel, so it may name what it needs of tokio and russh —
//! listed by path in `ALLOWED_PATHS` — and nothing else from them (no `tokio::net`, `tokio::fs`, …).

use std::fs;
use std::path::{Path, PathBuf};

/// Identifiers that name file, process or network access (`std::fs`, `std::process`, `std::net`, …).
const FORBIDDEN: &[&str] = &[
    "fs",
    "process",
    "net",
    "File",
    "OpenOptions",
    "read_dir",
    "Command",
    "TcpStream",
    "TcpListener",
    "UdpSocket",
    "UnixStream",
    "UnixListener",
    "libc",
    "tokio",
    "russh",
    "include_bytes",
];

/// The paths from tokio and russh a file of the session path may name: the session loop's channels, timers and
/// `select!`, and the SSH channel half its frames are written to.
const ALLOWED_PATHS: &[(&str, &[&str])] = &[(
    "serve/session.rs",
    &["tokio::sync", "tokio::time", "tokio::select", "russh::ChannelWriteHalf", "russh::server::Msg"],
)];

/// Files under a scanned folder that a session cannot reach, each with the reason. A new file there is
/// scanned unless it is listed here, with its reason.
const OUTSIDE_THE_SESSION: &[(&str, &str)] = &[
    ("store/load/mod.rs", "opens the store file: runs once, before any client connects"),
    ("store/save.rs", "writes the store file: only an editing browser saves, and the kiosk never edits"),
    (
        "store/journal.rs",
        "reads the store's journal while the store loads (once, before any client connects) and appends to it for an edit: the kiosk never edits",
    ),
    ("store/save/spliced.rs", "writes the store file for an edit (part of save.rs): the kiosk never edits"),
    ("store/splice.rs", "reads and writes the store file's records for an edit: the kiosk never edits"),
    (
        "store/lock.rs",
        "takes the store's write lock: only writers (an editing browser, fmt, draft…) do, the kiosk never",
    ),
];

fn session_path_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![
        root.join("text.rs"),
        root.join("curation/change.rs"),
        root.join("serve/input.rs"),
        root.join("serve/backend.rs"),
        root.join("serve/session.rs"),
    ];
    let mut dirs = vec![root.join("tui"), root.join("find"), root.join("store"), root.join("search")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let outside = OUTSIDE_THE_SESSION.iter().any(|(name, _)| path.ends_with(name));
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && !outside {
                files.push(path);
            }
        }
    }
    files
}

/// Each line's code only: line comments and string literals are dropped so prose may mention files.
fn code_lines(source: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    source.lines().enumerate().map(|(n, line)| {
        let mut code = String::new();
        let mut in_string = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => in_string = !in_string,
                '\\' if in_string => {
                    chars.next();
                }
                '/' if !in_string && chars.peek() == Some(&'/') => break,
                _ if in_string => {}
                c => code.push(c),
            }
        }
        (n + 1, code)
    })
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn code_tokens(source: &str) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    for (n, code) in code_lines(source) {
        for token in code.split(|c: char| !is_ident(c)) {
            if !token.is_empty() {
                tokens.push((n, token.to_string()));
            }
        }
    }
    tokens
}

/// The paths (`a::b::c`) in the code that start with one of `roots`, each with its line.
fn paths_from(source: &str, roots: &[&str]) -> Vec<(usize, String)> {
    let mut paths = Vec::new();
    for (n, code) in code_lines(source) {
        let mut rest = code.as_str();
        while let Some(start) = rest.find(|c: char| is_ident(c)) {
            let tail = &rest[start..];
            let mut end = tail.find(|c: char| !is_ident(c)).unwrap_or(tail.len());
            // Extend over `::segment` while the chain goes on.
            while tail[end..].starts_with("::") && tail[end + 2..].starts_with(is_ident) {
                end += 2 + tail[end + 2..].find(|c: char| !is_ident(c)).unwrap_or(tail.len() - end - 2);
            }
            let path = &tail[..end];
            if roots.iter().any(|root| path.split("::").next() == Some(root)) {
                paths.push((n, path.to_string()));
            }
            rest = &tail[end..];
        }
    }
    paths
}

/// Whether `path` is one of `allowed` or inside one (`tokio::sync::mpsc` is inside `tokio::sync`).
fn allowed(path: &str, allowed: &[&str]) -> bool {
    allowed.iter().any(|a| path == *a || path.strip_prefix(a).is_some_and(|rest| rest.starts_with("::")))
}

#[test]
fn the_browsing_code_cannot_touch_files_processes_or_the_network() {
    let files = session_path_sources();
    assert!(files.len() > 5, "expected the tui sources, found {files:?}");
    for folder in ["src/tui/", "src/find/", "src/store/load/", "src/search/", "src/curation/change.rs"] {
        assert!(files.iter().any(|f| f.to_string_lossy().contains(folder)), "{folder} is not scanned: {files:?}");
    }
    for (name, _) in OUTSIDE_THE_SESSION {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(name);
        assert!(path.exists(), "{name} is listed as outside the session but no longer exists: remove it from the list");
    }
    let mut offences = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).unwrap();
        // The unit tests inside a module may use temp files; the scan covers shipped code.
        let shipped = source.split("#[cfg(test)]").next().unwrap_or("");
        let paths: &[&str] =
            ALLOWED_PATHS.iter().find(|(name, _)| file.ends_with(name)).map_or(&[], |(_, paths)| paths);
        let roots: Vec<&str> = paths.iter().filter_map(|p| p.split("::").next()).collect();
        // A root (`tokio`) named only inside allowed paths is fine; every other use of it is an offence.
        let mut named_by_allowed: Vec<(usize, String)> = Vec::new();
        for (line, path) in paths_from(shipped, &roots) {
            if allowed(&path, paths) {
                named_by_allowed.push((line, path.split("::").next().unwrap().to_string()));
            } else {
                offences.push(format!("{}:{line}: `{path}`", file.display()));
            }
        }
        for (line, token) in code_tokens(shipped) {
            if !FORBIDDEN.contains(&token.as_str()) {
                continue;
            }
            match named_by_allowed.iter().position(|(l, root)| *l == line && *root == token) {
                Some(i) => {
                    named_by_allowed.swap_remove(i);
                }
                None => offences.push(format!("{}:{line}: `{token}`", file.display())),
            }
        }
    }
    assert!(offences.is_empty(), "file/process/network access on the session path:\n{}", offences.join("\n"));
}

#[test]
fn the_scan_catches_each_kind_of_access() {
    let sample = r#"
        use std::fs;
        use std::{io, process::Command};
        let s = std::net::TcpStream::connect("x");
        // a comment about File is fine
        let t = "so is a string about std::fs";
    "#;
    let found: Vec<String> =
        code_tokens(sample).into_iter().map(|(_, t)| t).filter(|t| FORBIDDEN.contains(&t.as_str())).collect();
    assert_eq!(found, ["fs", "process", "Command", "net", "TcpStream"]);
}

#[test]
fn only_the_named_tokio_and_russh_paths_are_allowed() {
    let sample = r#"
        use tokio::sync::{mpsc, watch};
        use tokio::net::TcpStream;
        tokio::select! { _ = tokio::time::sleep(d) => {} }
        let c: russh::client::Handle = todo!();
    "#;
    let session: &[&str] = ALLOWED_PATHS[0].1;
    let refused: Vec<String> =
        paths_from(sample, &["tokio", "russh"]).into_iter().map(|(_, p)| p).filter(|p| !allowed(p, session)).collect();
    assert_eq!(refused, ["tokio::net::TcpStream", "russh::client::Handle"]);
    assert!(!allowed("tokio::synchronous", session), "a path segment is matched whole");
}
