//! Connection floods for the tests of `factline serve`'s admission: silent sockets and bare
//! version lines from many loopback addresses, and a plain connection from a chosen one.

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::harness::WAIT;

/// Silent sockets from `addresses` loopback addresses (127.0.0.2 onwards), `each` per address,
/// reopened as the server closes them, until `stop` is set; at most `attempts` connections per
/// address and 60 s in all. Returns how many connections the server closed.
pub fn silent_flood(
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
pub fn version_line_churn(
    port: u16,
    addresses: u8,
    per_second: u32,
    stop: Arc<AtomicBool>,
) -> thread::JoinHandle<usize> {
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

/// A plain TCP connection to the server from 127.0.0.`last`.
pub fn connect_from(last: u8, port: u16) -> TcpStream {
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
