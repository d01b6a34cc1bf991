//! `factline serve` is a read-only kiosk because of what the browsing code *cannot* do: nothing a session can
//! reach opens files, runs programs or touches the network. This scans that code for the APIs that would,
//! so a change that adds one fails here and has to be argued for.
//!
//! Covered: the TUI (`src/tui/`), the text and search helpers it calls, and the serve modules on the session
//! path (input decoding, rendering, the session loop). The store is loaded before any client connects and
//! handed over as an in-memory `Arc<Store>`.

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
    "include_bytes",
];

fn session_path_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files =
        vec![root.join("text.rs"), root.join("search.rs"), root.join("serve/input.rs"), root.join("serve/backend.rs")];
    let mut dirs = vec![root.join("tui")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// Code only: line comments and string literals are dropped so prose may mention files.
fn code_tokens(source: &str) -> Vec<(usize, String)> {
    let mut tokens = Vec::new();
    for (n, line) in source.lines().enumerate() {
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
        for token in code.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
            if !token.is_empty() {
                tokens.push((n + 1, token.to_string()));
            }
        }
    }
    tokens
}

#[test]
fn the_browsing_code_cannot_touch_files_processes_or_the_network() {
    let files = session_path_sources();
    assert!(files.len() > 5, "expected the tui sources, found {files:?}");
    let mut offences = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).unwrap();
        // The unit tests inside a module may use temp files; the scan covers shipped code.
        let shipped = source.split("#[cfg(test)]").next().unwrap_or("");
        for (line, token) in code_tokens(shipped) {
            if FORBIDDEN.contains(&token.as_str()) {
                offences.push(format!("{}:{line}: `{token}`", file.display()));
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
