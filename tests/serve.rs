//! `factline serve` driven by the real OpenSSH client in pseudo-terminals, over loopback only.
//! Without `ssh` the tests that need it are reported as ignored, with the reason (see build.rs), and under
//! CI they fail instead (`.ci/install-test-tools` installs it).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

#[path = "../benches/pty.rs"]
mod pty;

#[path = "serve/floods.rs"]
mod floods;
#[path = "serve/harness.rs"]
mod harness;
use floods::*;
use harness::*;

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn the_timeline_appears_search_filters_and_q_ends_the_session() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let mut client = Client::connect(&server, &key, "xterm-256color", &[], (100, 30));
    client.wait_for(&item(1));
    {
        let output = client.0.lock();
        let screen = output.parser.screen();
        assert!(screen.alternate_screen() && screen.hide_cursor() && screen.bracketed_paste());
        // Presses and the wheel, no motion: the browser acts on nothing else (src/tui/modes.rs).
        assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::PressRelease);
        assert_eq!(screen.mouse_protocol_encoding(), vt100::MouseProtocolEncoding::Sgr);
    }
    let (name, events) = kakar();
    client.type_keys("/kakar");
    client.wait_for(&name);
    client.send(b"\r");
    client.wait_for(&format!("item 1 of {events} · filter: {name}"));
    // Only the events involving the pinned entity are listed.
    let store = bundled();
    let entity = store.entities.iter().position(|e| e.name == name).unwrap();
    let involved = store.events_of_entity(entity as _);
    let screen = client.contents();
    for (ix, event) in store.events.iter().enumerate() {
        let title: String = event.title.chars().take(30).collect();
        let listed = involved.iter().any(|&e| e as usize == ix);
        assert_eq!(screen.contains(&title), listed, "{title:?} listed: {listed}\n{screen}");
    }
    // Esc leaves the search bar; the chip stays.
    client.send(b"\x1b");
    // A person's next key comes long after the Esc delay; sooner, ESC + q would read as Alt-q.
    thread::sleep(Duration::from_millis(200));
    client.type_keys("q");
    let status = client.wait_exit();
    assert!(status.success(), "{status:?}");
    let output = client.0.lock();
    let screen = output.parser.screen();
    assert!(!screen.alternate_screen(), "alternate screen left");
    assert!(!screen.hide_cursor(), "cursor shown again");
    assert!(!screen.bracketed_paste(), "bracketed paste off");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse reporting off");
    drop(output);
    server.wait_log("end=quit");
    let log = server.log();
    let line = log.lines().find(|l| l.contains("end=quit")).unwrap();
    assert!(
        line.contains("key=SHA256:") && line.contains("term=xterm-256color") && line.contains("size=100x30"),
        "{line}"
    );
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn resizing_the_client_redraws_at_the_new_size() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let mut client = Client::connect(&server, &key, "xterm-256color", &[], (80, 24));
    client.wait_for(&item(1));
    client.resize(30, 8);
    client.wait_for("terminal too small");
    client.resize(120, 40);
    client.wait_for(&item(1));
    let status_row = client.0.lock().parser.screen().rows(0, 120).nth(39).unwrap();
    assert!(status_row.contains(&item(1)), "status bar on the new last row: {status_row:?}");
    client.type_keys("q");
    assert!(client.wait_exit().success());
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn colour_follows_term_and_the_clients_no_color() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let colour = Client::connect(&server, &key, "xterm-256color", &[], (100, 30));
    colour.wait_for(&item(1));
    assert!(colour.any_coloured_cell());
    let vt100 = Client::connect(&server, &key, "vt100", &[], (100, 30));
    vt100.wait_for(&item(1));
    assert!(!vt100.any_coloured_cell(), "TERM=vt100 gets the monochrome theme");
    let no_color = Client::connect(&server, &key, "xterm-256color", &["-o", "SetEnv=NO_COLOR=1"], (100, 30));
    no_color.wait_for(&item(1));
    assert!(!no_color.any_coloured_cell(), "NO_COLOR from the client is honoured");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn exec_sftp_and_forwarding_are_refused() {
    require_ssh();
    let (server, key) = Server::start(&[]);

    let exec = server.ssh(&key, &["127.0.0.1", "cat", "/etc/passwd"]);
    assert!(!exec.status.success());
    let stderr = String::from_utf8_lossy(&exec.stderr);
    assert!(stderr.contains("exec request failed"), "{stderr}");
    assert!(!String::from_utf8_lossy(&exec.stdout).contains("root:"));

    // A shell without a terminal gets an explanation instead of a session.
    let no_pty = server.ssh(&key, &["-T", "127.0.0.1"]);
    assert!(!no_pty.status.success());
    assert!(String::from_utf8_lossy(&no_pty.stdout).contains("connect with `ssh -t`"), "{no_pty:?}");

    // X11: the client asks (DISPLAY set, fake cookie) and is told no.
    let x11 = Command::new("ssh")
        .args(ssh_args(server.port, &key))
        .args(["-o", "ForwardX11=yes", "-o", "ForwardX11Trusted=yes", "-o", "XAuthLocation=/nonexistent"])
        .args(["-T", "127.0.0.1"])
        .env("DISPLAY", "127.0.0.1:99")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&x11.stderr).contains("X11 forwarding request failed"), "{x11:?}");

    let sftp = server.ssh(&key, &["-s", "127.0.0.1", "sftp"]);
    assert!(!sftp.status.success());
    assert!(String::from_utf8_lossy(&sftp.stderr).contains("subsystem request failed"));

    let remote = server.ssh(&key, &["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9", "127.0.0.1"]);
    assert!(!remote.status.success());
    assert!(String::from_utf8_lossy(&remote.stderr).contains("forwarding failed"), "{:?}", remote);

    // -L: the client listens locally and asks the server to connect onward, which it refuses.
    let local_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut forward = Command::new("ssh")
        .args(ssh_args(server.port, &key))
        .args(["-N", "-L", &format!("{local_port}:127.0.0.1:{}", server.port), "127.0.0.1"])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stream = wait_until("the -L listener", || TcpStream::connect(("127.0.0.1", local_port)).ok());
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = Vec::new();
    let _ = stream.read_to_end(&mut got);
    assert!(got.is_empty(), "nothing came through the tunnel: {:?}", String::from_utf8_lossy(&got));
    let _ = forward.kill();
    let mut stderr = String::new();
    forward.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    let _ = forward.wait();
    assert!(stderr.contains("administratively prohibited"), "{stderr}");

    server.wait_log("end=refused(exec)");
    server.wait_log("end=refused(subsystem)");
    server.wait_log("end=refused(no-pty)");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn only_listed_keys_get_in_and_attempts_are_limited_and_slowed() {
    require_ssh();
    let (server, key) = Server::start(&["--auth-delay", "400ms"]);
    let stranger = keygen(server.dir.path(), "stranger");
    let refused = server.ssh(&stranger, &["-tt", "127.0.0.1"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Permission denied (publickey)"), "{refused:?}");

    // Passwords and keyboard-interactive are not even offered.
    let password = server.ssh(&key, &["-o", "PreferredAuthentications=password,keyboard-interactive", "127.0.0.1"]);
    assert!(String::from_utf8_lossy(&password.stderr).contains("Permission denied (publickey)"), "{password:?}");

    // Four wrong keys: the server stops listening after three, each rejection delayed.
    let mut args = Vec::new();
    for n in 0..4 {
        args.push("-i".to_string());
        args.push(keygen(server.dir.path(), &format!("wrong{n}")).display().to_string());
    }
    args.push("127.0.0.1".into());
    let started = Instant::now();
    let output =
        Command::new("ssh").args(ssh_args(server.port, &stranger)).args(&args).stdin(Stdio::null()).output().unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("Too many authentication"), "{stderr}");
    assert!(elapsed >= Duration::from_millis(1200), "three rejections, 400 ms each: {elapsed:?}");
    server.wait_log("end=auth-failed");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn options_in_authorized_keys_decide_where_a_key_works_or_leave_it_out() {
    require_ssh();
    let setup = ServerSetup::new();
    let here = setup.key.clone();
    let elsewhere = keygen(setup.dir.path(), "elsewhere");
    let forced = keygen(setup.dir.path(), "forced");
    let public = |key: &Path| std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let listed = format!(
        "from=\"127.0.0.0/8,!127.0.0.2\" {}from=\"10.9.8.*\" {}command=\"/usr/bin/backup\" {}",
        public(&here),
        public(&elsewhere),
        public(&forced)
    );
    std::fs::write(setup.dir.path().join("authorized_keys"), listed).unwrap();
    let server = setup.start(&[]);
    let log = server.log();
    assert!(
        log.contains("entry 3 (SHA256:") && log.contains("command="),
        "the server says which key it leaves out: {log}"
    );
    assert!(log.contains("2 authorized key(s)"), "{log}");

    for (key, why) in [(&elsewhere, "from= names other addresses"), (&forced, "left out for its command=")] {
        let refused = server.ssh(key, &["127.0.0.1"]);
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("Permission denied (publickey)"),
            "{why}: {refused:?}"
        );
    }
    // From 127.0.0.1 the first key gets in (and its exec request is refused, as for any key).
    let accepted = server.ssh(&here, &["127.0.0.1", "true"]);
    assert!(!String::from_utf8_lossy(&accepted.stderr).contains("Permission denied"), "{accepted:?}");
    server.wait_log("end=refused(exec)");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn open_mode_lets_anyone_in_anonymously_and_says_so() {
    require_ssh();
    let dir = tempfile::tempdir().unwrap();
    let key = keygen(dir.path(), "anyone");
    let server = Server::start_with(dir, &["--open".to_string()]);
    assert!(server.log().contains("WARNING: --open"));
    let mut client = Client::connect(&server, &key, "xterm", &["-o", "PubkeyAuthentication=no"], (80, 24));
    client.wait_for(&item(1));
    client.type_keys("q");
    assert!(client.wait_exit().success());
    server.wait_log("key=anonymous");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn the_host_key_is_private_and_survives_a_restart() {
    require_ssh();
    let setup = ServerSetup::new();
    let key = setup.key.clone();
    let mut server = setup.start(&[]);
    let first = server.fingerprint();
    let path = server.dir.path().join("state/host_key");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    let keygen = Command::new("ssh-keygen").arg("-lf").arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&keygen.stdout).contains(&first), "ssh-keygen agrees on the fingerprint");

    // Pin the key as a client would (accept-new), restart, then connect again with strict checking.
    let known_hosts = server.dir.path().join("known_hosts");
    let connect = |server: &Server, checking: &str| {
        Command::new("ssh")
            .args(pinning_ssh_args(server.port, &key, &known_hosts, checking))
            .args(["127.0.0.1", "true"])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let pinned = connect(&server, "accept-new");
    assert!(String::from_utf8_lossy(&pinned.stderr).contains("exec request failed"), "{pinned:?}");
    let first_port = server.port;
    assert!(server.terminate().success());
    let dir = std::mem::replace(&mut server.dir, tempfile::tempdir().unwrap());
    let args = ["--authorized-keys".to_string(), dir.path().join("authorized_keys").display().to_string()];
    let restarted = Server::start_with(dir, &args);
    assert_eq!(restarted.fingerprint(), first);
    assert!(restarted.log().contains("(from "), "the key was read, not created: {}", restarted.log());
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    // known_hosts pins host *and* port; the restarted server listens elsewhere.
    let pins = std::fs::read_to_string(&known_hosts).unwrap();
    assert!(pins.contains("ssh-ed25519"), "{pins}");
    let moved = pins.replace(&format!("]:{first_port} "), &format!("]:{} ", restarted.port));
    std::fs::write(&known_hosts, moved).unwrap();
    let output = connect(&restarted, "yes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("verification failed") && !stderr.contains("IDENTIFICATION HAS CHANGED"), "{stderr}");
    assert!(stderr.contains("exec request failed"), "the host was trusted and the command refused: {stderr}");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn sixteen_sessions_render_the_seventeenth_is_refused_and_memory_stays_bounded() {
    require_ssh();
    // Sixteen colleagues behind one address log in at the same moment: allow them all to wait at once.
    let (server, key) = Server::start(&["--rate-per-minute", "100", "--max-handshakes-per-address", "17"]);
    let before = server.rss_kib();
    let mut peak = before;
    let mut after_rounds = Vec::new();
    for round in 0..2 {
        let mut clients: Vec<Client> =
            (0..16).map(|_| Client::connect(&server, &key, "xterm-256color", &[], (80, 24))).collect();
        for client in &clients {
            client.wait_for(&item(1));
        }
        if round == 0 {
            let mut extra = Client::connect(&server, &key, "xterm-256color", &[], (80, 24));
            extra.wait_for("the server is full (16 of 16 sessions in use)");
            assert!(!extra.wait_exit().success());
        }
        // Every session is live and independent: each one moves its own selection.
        for client in &mut clients {
            client.type_keys("j");
        }
        for client in &clients {
            client.wait_for(&item(2));
        }
        peak = peak.max(server.rss_kib());
        for client in &mut clients {
            client.type_keys("q");
        }
        for client in &mut clients {
            assert!(client.wait_exit().success());
        }
        wait_until("sessions to be logged", || {
            (server.log().matches("end=quit").count() == 16 * (round + 1)).then_some(())
        });
        after_rounds.push(server.rss_kib());
    }
    server.wait_log("end=refused(server-full)");
    eprintln!("VmRSS: before {before} KiB, peak {peak} KiB, after each round {after_rounds:?} KiB");
    assert!(peak < before + 64 * 1024, "16 sessions cost under 64 MiB: {before} → {peak} KiB");
    assert!(
        after_rounds[1] < after_rounds[0] + 8 * 1024,
        "a second round of 16 sessions does not keep growing memory: {after_rounds:?}"
    );
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn shutdown_says_goodbye_to_every_client() {
    require_ssh();
    // SIGTERM from a service manager, SIGINT from Ctrl-C in the server's terminal.
    for (signal, sessions) in [("-TERM", 2), ("-INT", 1)] {
        let (mut server, key) = Server::start(&[]);
        let mut clients: Vec<Client> =
            (0..sessions).map(|_| Client::connect(&server, &key, "xterm-256color", &[], (80, 24))).collect();
        for client in &clients {
            client.wait_for(&item(1));
        }
        let status = server.signal(signal);
        assert!(status.success(), "{signal}: {status:?}");
        for client in &mut clients {
            client.wait_for("the server is shutting down");
            client.wait_exit();
            assert!(!client.0.lock().parser.screen().alternate_screen());
        }
        // The process has exited; its last lines may still be on their way through the pipe.
        server.wait_log("factline serve: stopped");
        assert_eq!(server.log().matches("end=server-shutdown").count(), sessions, "{}", server.log());
    }
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn idle_and_absolute_time_limits_end_sessions() {
    require_ssh();
    let (server, key) = Server::start(&["--idle-timeout", "1s"]);
    let mut idle = Client::connect(&server, &key, "xterm", &[], (80, 24));
    idle.wait_for("closed after 1 s without input");
    idle.wait_exit();
    server.wait_log("end=idle-timeout");

    let (server, key) = Server::start(&["--max-session", "2s"]);
    let mut busy = Client::connect(&server, &key, "xterm", &[], (80, 24));
    busy.wait_for(&item(1));
    for _ in 0..4 {
        busy.type_keys("j");
        thread::sleep(Duration::from_millis(300));
    }
    busy.wait_for("sessions last at most 2 s");
    busy.wait_exit();
    server.wait_log("end=session-cap");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_flood_of_connections_from_one_address_is_rate_limited() {
    require_ssh();
    let (server, _key) = Server::start(&["--rate-per-minute", "2"]);
    for _ in 0..3 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut greeting = [0u8; 128];
        let _ = stream.read(&mut greeting);
    }
    server.wait_log("end=refused(rate-limit)");
}

/// What OpenSSH shows when it is turned away before logging in (its stderr).
fn refused_ssh(server: &Server, key: &Path) -> String {
    let output = server.ssh(key, &["127.0.0.1", "true"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("reset by peer"), "the refusal is read, not reset: {stderr}");
    stderr
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn refusals_before_login_are_shown_by_the_openssh_client() {
    require_ssh();
    let (server, key) = Server::start(&["--max-connections", "1", "--max-sessions", "1", "--rate-per-minute", "2"]);
    let colleague = Client::connect(&server, &key, "xterm", &[], (80, 24));
    colleague.wait_for(&item(1));
    // The one connection is logged in: nobody pushes it out, and a newcomer is told why it gets nothing.
    let full = refused_ssh(&server, &key);
    assert!(full.contains("the server is full (1 of 1 connections in use); please try again later"), "{full}");
    server.wait_log("end=refused(too-many-connections)");
    // A third connection within the minute is over the rate of two.
    let rate = refused_ssh(&server, &key);
    assert!(rate.contains("too many connections from your address; please try again later"), "{rate}");
    server.wait_log("end=refused(rate-limit)");
    colleague.wait_for(&item(1));
}

#[test]
fn neither_keys_nor_open_is_a_usage_error() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_factline")).args(["serve", "--listen", "127.0.0.1:0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--authorized-keys") && stderr.contains("--open"), "{stderr}");
    let fewer_connections_than_sessions = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--max-sessions", "20", "--max-connections", "10"])
        .output()
        .unwrap();
    assert_eq!(fewer_connections_than_sessions.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&fewer_connections_than_sessions.stderr).contains("below --max-sessions"));
    let both = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["serve", "--open", "--authorized-keys", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_dropped_client_ends_its_session() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let mut client = Client::connect(&server, &key, "xterm", &[], (80, 24));
    client.wait_for(&item(1));
    client.0.child.kill().unwrap();
    server.wait_log("end=disconnected");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn silent_connections_are_dropped_and_make_room_for_newer_ones() {
    require_ssh();
    let (server, _key) = Server::start(&["--login-grace", "1s", "--max-connections", "1", "--max-sessions", "1"]);
    let mut silent = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    silent.set_read_timeout(Some(WAIT)).unwrap();
    let mut banner = [0u8; 64];
    let n = silent.read(&mut banner).unwrap();
    assert!(banner[..n].starts_with(b"SSH-2.0-factline"), "{:?}", String::from_utf8_lossy(&banner[..n]));

    // The one slot is held by a connection that has not logged in: a newer one takes it over, once the silent
    // one is past the first moments a real client needs to say anything (a tenth of a second).
    thread::sleep(Duration::from_millis(300));
    let mut newer = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    newer.set_read_timeout(Some(WAIT)).unwrap();
    let n = newer.read(&mut banner).unwrap();
    assert!(banner[..n].starts_with(b"SSH-2.0-factline"), "{:?}", String::from_utf8_lossy(&banner[..n]));
    let mut rest = Vec::new();
    let _ = silent.read_to_end(&mut rest);
    server.wait_log("end=refused(evicted)");

    // The newer one is cut off after the login grace time.
    let started = Instant::now();
    let _ = newer.read_to_end(&mut rest);
    assert!(started.elapsed() < Duration::from_secs(10));
    server.wait_log("end=refused(login-timeout)");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_churn_of_version_lines_from_many_addresses_lets_every_real_login_in() {
    require_ssh();
    // Default limits: 64 connections, 16 kept for sessions, 4 waiting per address, 30 s login grace.
    let (server, key) = Server::start(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    let churn = version_line_churn(server.port, 250, 190, Arc::clone(&stop));
    server.wait_log("end=refused(evicted)");
    let mut waits = Vec::new();
    for attempt in 1..=10 {
        let started = Instant::now();
        let mut colleague = Client::connect(&server, &key, "xterm-256color", &[], (80, 24));
        colleague.wait_for(&item(1));
        waits.push(started.elapsed());
        colleague.type_keys("q");
        assert!(colleague.wait_exit().success(), "login {attempt} of 10");
    }
    stop.store(true, Ordering::SeqCst);
    let made = churn.join().unwrap();
    eprintln!("10 of 10 logins got in during a churn of {made} version-line connections; waits {waits:?}");
    assert!(server.log().matches("end=refused(evicted)").count() > 10, "the churn filled the server");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_flood_of_silent_sockets_from_many_addresses_does_not_lock_out_a_colleague() {
    require_ssh();
    // Default limits: 64 connections, 16 kept for sessions, 4 waiting per address, 30 s login grace.
    let (server, key) = Server::start(&[]);

    // One address may keep only four connections waiting to log in.
    let mut held: Vec<TcpStream> = (0..4).map(|_| connect_from(250, server.port)).collect();
    for stream in &mut held {
        let mut banner = [0u8; 64];
        let n = stream.read(&mut banner).unwrap();
        assert!(banner[..n].starts_with(b"SSH-2.0-factline"), "{:?}", String::from_utf8_lossy(&banner[..n]));
    }
    let mut fifth = connect_from(250, server.port);
    let mut reply = Vec::new();
    let _ = fifth.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.contains("too many connections from your address"), "{reply:?}");
    server.wait_log("end=refused(handshakes-per-address)");
    drop(held);

    // 24 addresses × 5 sockets: more than the 48 slots that connections which have not logged in may hold.
    let stop = Arc::new(AtomicBool::new(false));
    let flood = silent_flood(server.port, 24, 5, 40, Arc::clone(&stop));
    server.wait_log("end=refused(evicted)");

    let started = Instant::now();
    let mut colleague = Client::connect(&server, &key, "xterm-256color", &[], (80, 24));
    colleague.wait_for(&item(1));
    let waited = started.elapsed();
    colleague.type_keys("q");
    assert!(colleague.wait_exit().success());
    stop.store(true, Ordering::SeqCst);
    let closed = flood.join().unwrap();
    eprintln!("the colleague got in after {waited:?}; the server closed {closed} flood connections");
    // Without room for newcomers the colleague would be refused for the whole 30 s login grace.
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    assert!(closed > 0);
    server.wait_log("end=quit");
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_client_that_stops_reading_does_not_stall_others_or_grow_memory() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let mut slow = Client::connect(&server, &key, "xterm-256color", &[], (160, 48));
    let mut fast = Client::connect(&server, &key, "xterm-256color", &[], (80, 24));
    slow.wait_for(&item(1));
    fast.wait_for(&item(1));
    // What one redraw (bottom of the list ↔ top) costs in bytes.
    let start = slow.0.received();
    let last = bundled().events.len();
    slow.type_keys("G");
    slow.wait_for(&item(last));
    thread::sleep(Duration::from_millis(200));
    let frame = slow.0.received() - start;
    let before = server.rss_kib();

    // The slow client stops reading, then asks for far more redraws than SSH windows and socket buffers hold.
    slow.0.pause(true);
    let flood = (16 << 20) / frame.max(1) + 1;
    for n in 0..flood {
        slow.send(if n % 2 == 0 { b"g" } else { b"G" });
        thread::sleep(Duration::from_millis(1));
    }
    // A final state no earlier frame showed.
    slow.send(b"Gk");

    // Meanwhile the other session answers at once.
    for n in 2..=4 {
        fast.type_keys("j");
        fast.wait_for(&item(n));
    }
    let during = server.rss_kib();
    assert!(during < before + 32 * 1024, "a stalled client must not buffer without bound: {before} → {during} KiB");

    // Reading again, the slow client catches up with the latest state, not with every frame it missed.
    let stalled_at = slow.0.received();
    slow.0.pause(false);
    slow.wait_for(&item(last - 1));
    let caught_up = slow.0.received() - stalled_at;
    eprintln!(
        "slow client: {flood} redraws of {frame} bytes asked, {caught_up} bytes after resuming; VmRSS {before} → {during} KiB"
    );
    assert!(caught_up < flood * frame / 2, "frames were skipped, not queued: {caught_up} bytes");
    for client in [&mut slow, &mut fast] {
        client.type_keys("q");
        assert!(client.wait_exit().success());
    }
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn an_authenticated_client_without_a_session_is_let_go() {
    require_ssh();
    // `ssh -N` logs in and then asks for nothing: after the login grace time it is disconnected.
    let (server, key) = Server::start(&["--login-grace", "1s"]);
    let started = Instant::now();
    let idle = server.ssh(&key, &["-N", "127.0.0.1"]);
    assert!(started.elapsed() < Duration::from_secs(15), "{idle:?}");
    server.wait_log("end=refused(login-timeout)");
    assert!(server.log().contains("key=SHA256:"), "the key was accepted first: {}", server.log());
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn data_chooses_the_store_and_a_broken_one_stops_the_server_before_it_listens() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let broken = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["serve", "--open", "--listen", "127.0.0.1:0", "--data"])
        .arg(fixtures.join("broken/bad-date"))
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("day 30 does not exist") && !stderr.contains("listening"), "{stderr}");

    require_ssh();
    let setup = ServerSetup::new();
    let key = setup.key.clone();
    let server = setup.start(&["--data", fixtures.join("valid").to_str().unwrap()]);
    let mut client = Client::connect(&server, &key, "xterm", &[], (80, 24));
    client.wait_for("item 1 of 2");
    client.type_keys("q");
    assert!(client.wait_exit().success());
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn mouse_clicks_and_bracketed_paste_arrive_as_events() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let mut client = Client::connect(&server, &key, "xterm-256color", &[], (100, 30));
    client.wait_for(&item(1));
    let rows: Vec<String> = client.0.with_screen(|screen| screen.rows(0, 100).collect());
    // Click (SGR report, 1-based) on the third timeline row, found by its text on screen.
    let first = rows.iter().position(|r| r.contains(" src")).expect("timeline rows");
    let row = first + 2 + 1;
    client.send(format!("\x1b[<0;10;{row}M\x1b[<0;10;{row}m").as_bytes());
    client.wait_for(&item(3));
    // A paste goes into the search box as one piece.
    client.type_keys("/");
    client.send(b"\x1b[200~kakar\x1b[201~");
    let (name, _) = kakar();
    client.wait_for(&name);
    client.send(b"\r");
    client.wait_for(&format!("filter: {name}"));
}

/// A russh client that trusts any host key: these loopback tests check the server's refusals, not its identity.
struct Trusting;

impl russh::client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(&mut self, _key: &russh::keys::PublicKeyOrCertificate) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

async fn reply(channel: &mut russh::Channel<russh::client::Msg>) -> russh::ChannelMsg {
    tokio::time::timeout(WAIT, channel.wait()).await.expect("a reply in time").expect("the channel is open")
}

/// Requests OpenSSH's client cannot be made to send on its own, sent with russh's client instead.
#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn every_request_beyond_one_terminal_is_refused_at_the_protocol_level() {
    require_ssh();
    let (server, key) = Server::start(&[]);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let config = Arc::new(russh::client::Config::default());
        let mut client = russh::client::connect(config, ("127.0.0.1", server.port), Trusting).await.unwrap();
        let none = client.authenticate_none("demo").await.unwrap();
        assert!(!none.success(), "no anonymous access without --open");
        let key = russh::keys::load_secret_key(&key, None).unwrap();
        let key = russh::keys::PrivateKeyWithHashAlg::new(Arc::new(key), None);
        assert!(client.authenticate_publickey("demo", key).await.unwrap().success());

        let mut channel = client.channel_open_session().await.unwrap();
        channel.agent_forward(true).await.unwrap();
        assert!(matches!(reply(&mut channel).await, russh::ChannelMsg::Failure), "agent forwarding");
        channel.request_x11(true, false, "MIT-MAGIC-COOKIE-1", "00", 0).await.unwrap();
        assert!(matches!(reply(&mut channel).await, russh::ChannelMsg::Failure), "X11 forwarding");
        channel.set_env(true, "LD_PRELOAD", "/tmp/evil.so").await.unwrap();
        assert!(matches!(reply(&mut channel).await, russh::ChannelMsg::Failure), "arbitrary environment");
        channel.set_env(true, "NO_COLOR", "1").await.unwrap();
        assert!(matches!(reply(&mut channel).await, russh::ChannelMsg::Success), "NO_COLOR is welcome");

        assert!(client.channel_open_session().await.is_err(), "one session channel per connection");
        assert!(client.channel_open_direct_tcpip("127.0.0.1", 22, "127.0.0.1", 5555).await.is_err());
        assert!(client.channel_open_direct_streamlocal("/var/run/docker.sock").await.is_err());
        assert!(client.tcpip_forward("127.0.0.1", 0).await.is_err());
        assert!(client.streamlocal_forward("/tmp/factline-test.sock").await.is_err());

        // After all that, the terminal still works on the first channel, in monochrome as asked.
        channel.request_pty(true, "xterm-256color", 80, 24, 0, 0, &[]).await.unwrap();
        assert!(matches!(reply(&mut channel).await, russh::ChannelMsg::Success));
        channel.request_shell(true).await.unwrap();
        let mut screen = vt100::Parser::new(24, 80, 0);
        let mut asked_to_quit = false;
        loop {
            match reply(&mut channel).await {
                russh::ChannelMsg::Data { data } => {
                    screen.process(&data);
                    if !asked_to_quit && screen.screen().contents().contains(&item(1)) {
                        channel.data_bytes(&b"q"[..]).await.unwrap();
                        asked_to_quit = true;
                    }
                }
                russh::ChannelMsg::ExitStatus { exit_status } => {
                    assert_eq!(exit_status, 0);
                    break;
                }
                _ => {}
            }
        }
        assert!(asked_to_quit);
    });
    // The client is still connected (its runtime is merely idle) and never answers the server's disconnect:
    // the server closes the socket itself rather than keep the connection forever.
    server.wait_log("end=quit");
    drop(runtime);
}

/// `factline serve` with `args`, which must stop on its own within a few seconds (it is killed
/// otherwise, and the test fails): its exit code and stderr.
fn serve_must_stop(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factline"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`factline serve {}` still running after 5 s", args.join(" "));
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (status.code(), stderr)
}

#[test]
fn key_files_that_are_pipes_devices_or_folders_stop_the_server_at_once_and_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let zero = dir.path().join("zero");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let host_key = dir.path().join("host_key");
    let host_key = host_key.to_str().unwrap();
    let (fifo, zero, folder) = (fifo.to_str().unwrap(), zero.to_str().unwrap(), dir.path().to_str().unwrap());
    for (args, words) in [
        (vec!["--authorized-keys", fifo, "--host-key", host_key], "a named pipe (FIFO)"),
        (vec!["--authorized-keys", zero, "--host-key", host_key], "a character device"),
        (vec!["--authorized-keys", "/dev/urandom", "--host-key", host_key], "a character device"),
        (vec!["--authorized-keys", folder, "--host-key", host_key], "a folder"),
        (vec!["--open", "--host-key", fifo], "a named pipe (FIFO)"),
        (vec!["--open", "--host-key", zero], "a character device"),
        (vec!["--open", "--host-key", folder], "a folder"),
    ] {
        let (code, stderr) = serve_must_stop(&args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(words) && !stderr.contains("chmod"), "{args:?}: {stderr}");
    }
}

#[test]
#[cfg_attr(no_openssh_client, ignore = "needs the OpenSSH client (ssh, ssh-keygen): bash .ci/install-test-tools")]
fn a_client_that_leaves_after_its_version_line_is_logged_as_such() {
    require_ssh();
    let (server, _key) = Server::start(&[]);
    let mut banner_only = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    banner_only.set_read_timeout(Some(WAIT)).unwrap();
    banner_only.write_all(b"SSH-2.0-scanner\r\n").unwrap();
    let mut banner = [0u8; 64];
    let _ = banner_only.read(&mut banner).unwrap();
    drop(banner_only);
    server.wait_log("end=gave-up-before-auth");
    assert!(!server.log().contains("end=auth-failed"), "{}", server.log());
}
