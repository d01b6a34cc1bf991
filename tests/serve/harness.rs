//! What the tests of `factline serve` share: the server run as a child on a loopback port, the
//! OpenSSH client in a pseudo-terminal (`benches/pty.rs`), keys made by ssh-keygen, and waits.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use tempfile::TempDir;

use super::pty;

pub const WAIT: Duration = Duration::from_secs(20);

/// The bundled store the server shows: expectations follow the data rather than hard-coded counts.
pub fn bundled() -> &'static factline::store::Store {
    static STORE: OnceLock<factline::store::Store> = OnceLock::new();
    STORE.get_or_init(|| factline::store::bundled::load().unwrap())
}

/// The status bar's position text for the n-th of all items.
pub fn item(n: usize) -> String {
    format!("item {n} of {}", bundled().events.len())
}

/// The entity that typing "kakar" finds first, and how many events involve it.
pub fn kakar() -> (String, usize) {
    let store = bundled();
    let hit = factline::search::SearchIndex::new(store).search("kakar", 1).remove(0);
    (store.entities[hit.entity as usize].name.clone(), store.events_of_entity(hit.entity).len())
}

/// Tests that drive the OpenSSH client are marked ignored where the build found none (build.rs),
/// except under CI, which must run them: there a missing client fails here, loudly.
pub fn require_ssh() {
    let found = ["ssh", "ssh-keygen"]
        .iter()
        .all(|tool| Command::new(tool).arg("-V").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok());
    assert!(found, "the OpenSSH client (ssh, ssh-keygen) is missing: run `bash .ci/install-test-tools`");
}

pub fn wait_until<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// A keypair made by ssh-keygen.
pub fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let status = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path
}

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: Arc<Mutex<String>>,
    pub dir: TempDir,
}

pub struct ServerSetup {
    pub dir: TempDir,
    pub key: PathBuf,
}

impl ServerSetup {
    pub fn new() -> ServerSetup {
        let dir = tempfile::tempdir().unwrap();
        let key = keygen(dir.path(), "client");
        std::fs::copy(key.with_extension("pub"), dir.path().join("authorized_keys")).unwrap();
        ServerSetup { dir, key }
    }

    pub fn start(self, extra: &[&str]) -> Server {
        let mut args =
            vec!["--authorized-keys".to_string(), self.dir.path().join("authorized_keys").display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        Server::start_with(self.dir, &args)
    }
}

impl Server {
    pub fn start(extra: &[&str]) -> (Server, PathBuf) {
        let setup = ServerSetup::new();
        let key = setup.key.clone();
        (setup.start(extra), key)
    }

    pub fn start_with(dir: TempDir, args: &[String]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
            // Whoever starts the server may prefer no colour; that must not decide for the clients.
            .env("NO_COLOR", "1")
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.path().join("state/host_key"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let mut stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = stderr.read(&mut buf) {
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        // "connect with:" ends the start-up lines (address, host key, access, limits).
        let port = wait_until("the server to listen", || {
            let log = log.lock().unwrap();
            log.contains("connect with:").then_some(())?;
            let rest = &log[log.find("listening on 127.0.0.1:")? + "listening on 127.0.0.1:".len()..];
            rest.split_whitespace().next()?.parse().ok()
        });
        Server { child, port, log, dir }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn wait_log(&self, text: &str) {
        wait_until(&format!("`{text}` in the server log"), || self.log().contains(text).then_some(()));
    }

    pub fn fingerprint(&self) -> String {
        let log = self.log();
        let start = log.find("SHA256:").expect("a fingerprint in the log");
        log[start..].split_whitespace().next().unwrap().to_string()
    }

    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    pub fn terminate(&mut self) -> std::process::ExitStatus {
        self.signal("-TERM")
    }

    pub fn signal(&mut self, signal: &str) -> std::process::ExitStatus {
        // The shell's builtin `kill`: present wherever /bin/sh is, unlike a separate kill program.
        let status = Command::new("sh").args(["-c", &format!("kill {signal} {}", self.child.id())]).status().unwrap();
        assert!(status.success());
        wait_until("the server to exit", || self.child.try_wait().unwrap())
    }

    /// Plain `ssh` (no pty) with extra arguments; returns its output.
    pub fn ssh(&self, key: &Path, args: &[&str]) -> Output {
        Command::new("ssh").args(ssh_args(self.port, key)).args(args).stdin(Stdio::null()).output().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn ssh_args(port: u16, key: &Path) -> Vec<String> {
    pinning_ssh_args(port, key, Path::new("/dev/null"), "no")
}

/// ssh options for our loopback tests; the first value given for an option wins, so these come first.
pub fn pinning_ssh_args(port: u16, key: &Path, known_hosts: &Path, checking: &str) -> Vec<String> {
    [
        "-F".to_string(),
        "/dev/null".into(),
        "-o".into(),
        format!("StrictHostKeyChecking={checking}"),
        "-o".into(),
        format!("UserKnownHostsFile={}", known_hosts.display()),
    ]
    .into_iter()
    .chain(common_ssh_args(port, key))
    .collect()
}

pub fn common_ssh_args(port: u16, key: &Path) -> Vec<String> {
    ["-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "-i"]
        .iter()
        .map(|s| s.to_string())
        .chain([key.display().to_string(), "-p".into(), port.to_string(), "-l".into(), "demo".into()])
        .collect()
}

/// `ssh -tt` in a pseudo-terminal, its screen kept by a vt100 parser.
pub struct Client(pub pty::Running);

impl Client {
    pub fn connect(server: &Server, key: &Path, term: &str, extra: &[&str], (cols, rows): (u16, u16)) -> Client {
        let mut cmd = CommandBuilder::new("ssh");
        cmd.arg("-tt");
        cmd.args(ssh_args(server.port, key));
        cmd.args(extra);
        cmd.arg("127.0.0.1");
        cmd.env("TERM", term);
        Client(pty::Running::start(cmd, cols, rows))
    }

    pub fn contents(&self) -> String {
        self.0.screen()
    }

    pub fn wait_for(&self, text: &str) {
        self.0.wait_for_text(text);
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.0.send(bytes);
    }

    /// Types one key at a time, as a person would (each in its own SSH packet).
    pub fn type_keys(&mut self, text: &str) {
        for c in text.chars() {
            self.send(c.to_string().as_bytes());
            thread::sleep(Duration::from_millis(15));
        }
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.0.resize(cols, rows);
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        self.0.wait_exit()
    }

    pub fn any_coloured_cell(&self) -> bool {
        self.0.with_screen(|screen| {
            let (rows, cols) = screen.size();
            (0..rows).any(|r| {
                (0..cols).any(|c| {
                    screen.cell(r, c).is_some_and(|cell| {
                        cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
                    })
                })
            })
        })
    }
}
