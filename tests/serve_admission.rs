//! `factline serve` against strangers, with the real OpenSSH client over loopback: a flood from one address is
//! rate limited, refusals are shown by the client, and neither silent sockets nor a churn of version lines from
//! many addresses keeps a colleague from logging in.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

mod serve_support;
use serve_support::*;

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

/// Silent sockets from `addresses` loopback addresses (127.0.0.2 onwards), `each` per address,
/// reopened as the server closes them, until `stop` is set; at most `attempts` connections per
/// address and 60 s in all. Returns how many connections the server closed.
fn silent_flood(
    port: u16,
    addresses: u8,
    each: usize,
    attempts: usize,
    stop: Arc<AtomicBool>,
) -> thread::JoinHandle<usize> {
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut flooders = tokio::task::JoinSet::new();
            for last in 2..2 + addresses {
                let stop = Arc::clone(&stop);
                flooders.spawn(async move {
                    let local = std::net::SocketAddr::from(([127, 0, 0, last], 0));
                    let server = std::net::SocketAddr::from(([127, 0, 0, 1], port));
                    let (mut open, mut made, mut closed) = (Vec::new(), 0, 0);
                    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                        while open.len() < each && made < attempts {
                            made += 1;
                            let socket = tokio::net::TcpSocket::new_v4().unwrap();
                            socket.bind(local).unwrap();
                            if let Ok(stream) = socket.connect(server).await {
                                open.push(stream);
                            }
                        }
                        // Read whatever the server says (its banner, a refusal) and never answer.
                        open.retain(|stream: &tokio::net::TcpStream| {
                            let mut buf = [0u8; 256];
                            loop {
                                match stream.try_read(&mut buf) {
                                    Ok(1..) => continue,
                                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
                                    _ => {
                                        closed += 1;
                                        return false;
                                    }
                                }
                            }
                        });
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    closed
                });
            }
            let mut closed = 0;
            while let Some(count) = flooders.join_next().await {
                closed += count.unwrap();
            }
            closed
        })
    })
}

/// Connections that each send an SSH version line and nothing more, from 127.0.1.1–127.0.1.`addresses`, about
/// `per_second` new ones a second in all, each held until the server closes it; until `stop`, or a minute at most.
/// Returns how many connections were made.
fn version_line_churn(port: u16, addresses: u8, per_second: u32, stop: Arc<AtomicBool>) -> thread::JoinHandle<usize> {
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            let every = Duration::from_secs_f64(f64::from(addresses) / f64::from(per_second));
            let mut churners = tokio::task::JoinSet::new();
            for last in 1..=addresses {
                let stop = Arc::clone(&stop);
                churners.spawn(async move {
                    let local = std::net::SocketAddr::from(([127, 0, 1, last], 0));
                    let server = std::net::SocketAddr::from(([127, 0, 0, 1], port));
                    // Spread over the period, so that the whole churn is steady rather than in bursts.
                    tokio::time::sleep(every.mul_f64(f64::from(last) / f64::from(addresses))).await;
                    let mut made = 0;
                    let mut held = tokio::task::JoinSet::new();
                    while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                        let socket = tokio::net::TcpSocket::new_v4().unwrap();
                        socket.bind(local).unwrap();
                        if let Ok(mut stream) = socket.connect(server).await {
                            made += 1;
                            held.spawn(async move {
                                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                                let _ = stream.write_all(b"SSH-2.0-churn_0.1\r\n").await;
                                let mut buf = [0u8; 1024];
                                let hold = tokio::time::timeout(Duration::from_secs(30), async {
                                    while matches!(stream.read(&mut buf).await, Ok(1..)) {}
                                });
                                let _ = hold.await;
                            });
                        }
                        tokio::time::sleep(every).await;
                    }
                    held.abort_all();
                    made
                });
            }
            let mut made = 0;
            while let Some(count) = churners.join_next().await {
                made += count.unwrap();
            }
            made
        })
    })
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

/// A plain TCP connection to the server from 127.0.0.`last`.
fn connect_from(last: u8, port: u16) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(std::net::SocketAddr::from(([127, 0, 0, last], 0))).unwrap();
        socket.connect(std::net::SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap()
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream
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
