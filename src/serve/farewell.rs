//! Turning a connection away so that the client shows why.
//!
//! OpenSSH prints lines a server sends before its version line only in debug output, and when the
//! server closes while the client's own version line sits unread in its socket, the kernel resets
//! the connection: the user sees `kex_exchange_identification: read: Connection reset by peer`
//! and nothing else. So a refusal speaks SSH just far enough to be heard: our version line, the
//! client's version line read (bounded, with a short timeout), then an SSH_MSG_DISCONNECT packet,
//! which clients display ("Received disconnect from …: too many connections from your address"),
//! and the rest of what the client sends is read and dropped until it hangs up, so the close is
//! clean. Anything that is not an SSH client (`nc`) still gets the plain line first.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// All of a farewell, however slow or silent the client.
pub const TIMEOUT: Duration = Duration::from_secs(2);
/// RFC 4253 §4.2: a version line is at most 255 bytes with its CR LF.
const VERSION_LINE_MAX: usize = 255;
/// What is read and dropped after the DISCONNECT (the client's key exchange offer is ~1–2 KiB).
const DRAIN_MAX: usize = 16 * 1024;
/// RFC 4253 §11.1: SSH_MSG_DISCONNECT, and the reason code for a server that takes no more.
const MSG_DISCONNECT: u8 = 1;
const TOO_MANY_CONNECTIONS: u32 = 12;

/// An unencrypted SSH_MSG_DISCONNECT packet (before key exchange, packets have no MAC and are
/// padded to a multiple of 8 bytes with at least 4 bytes of padding).
pub fn disconnect_packet(message: &str) -> Vec<u8> {
    let mut payload = vec![MSG_DISCONNECT];
    payload.extend_from_slice(&TOO_MANY_CONNECTIONS.to_be_bytes());
    for text in [message, "en"] {
        payload.extend_from_slice(&(text.len() as u32).to_be_bytes());
        payload.extend_from_slice(text.as_bytes());
    }
    let mut padding = 8 - (4 + 1 + payload.len()) % 8;
    if padding < 4 {
        padding += 8;
    }
    let mut packet = Vec::with_capacity(4 + 1 + payload.len() + padding);
    packet.extend_from_slice(&((1 + payload.len() + padding) as u32).to_be_bytes());
    packet.push(padding as u8);
    packet.extend_from_slice(&payload);
    packet.resize(packet.len() + padding, 0);
    packet
}

/// Tells the client on `socket` why it is turned away, then closes; never takes more than `TIMEOUT`.
pub async fn say(socket: TcpStream, server_id: &str, message: &str) {
    let _ = timeout(TIMEOUT, farewell(socket, server_id, message)).await;
}

async fn farewell(mut socket: TcpStream, server_id: &str, message: &str) -> std::io::Result<()> {
    socket.write_all(format!("factline: {message}\r\n{server_id}\r\n").as_bytes()).await?;
    let mut line = Vec::with_capacity(VERSION_LINE_MAX);
    let mut byte = [0u8; 1];
    // One byte at a time: reading past the line would swallow the start of the client's next packet.
    while line.len() < VERSION_LINE_MAX && !line.ends_with(b"\n") {
        if socket.read(&mut byte).await? == 0 {
            return Ok(());
        }
        line.push(byte[0]);
    }
    if line.starts_with(b"SSH-") {
        socket.write_all(&disconnect_packet(message)).await?;
    }
    socket.shutdown().await?;
    let mut rest = [0u8; 4096];
    let mut drained = 0;
    while drained < DRAIN_MAX {
        match socket.read(&mut rest).await? {
            0 => break,
            n => drained += n,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disconnect_packet_is_framed_as_rfc_4253_says() {
        let packet = disconnect_packet("busy");
        let length = u32::from_be_bytes(packet[..4].try_into().unwrap()) as usize;
        assert_eq!(length + 4, packet.len());
        assert_eq!(packet.len() % 8, 0);
        let padding = packet[4] as usize;
        assert!(padding >= 4);
        let payload = &packet[5..packet.len() - padding];
        assert_eq!(payload[0], MSG_DISCONNECT);
        assert_eq!(u32::from_be_bytes(payload[1..5].try_into().unwrap()), TOO_MANY_CONNECTIONS);
        assert_eq!(u32::from_be_bytes(payload[5..9].try_into().unwrap()), 4);
        assert_eq!(&payload[9..13], b"busy");
        assert_eq!(&payload[13..], b"\0\0\0\x02en");
        for message in ["", "a", "too many connections from your address", &"x".repeat(300)] {
            let packet = disconnect_packet(message);
            assert_eq!(packet.len() % 8, 0, "{message:?}");
            assert!((4..12).contains(&(packet[4] as usize)), "{message:?}");
        }
    }

    #[test]
    fn a_client_hears_the_reason_and_the_close_is_clean() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let client = tokio::spawn(async move {
                let mut stream = TcpStream::connect(address).await.unwrap();
                stream.write_all(b"SSH-2.0-test\r\nkey exchange offer").await.unwrap();
                let mut heard = Vec::new();
                stream.read_to_end(&mut heard).await.unwrap();
                heard
            });
            let (socket, _) = listener.accept().await.unwrap();
            say(socket, "SSH-2.0-factline_test", "the server is busy").await;
            let heard = client.await.unwrap();
            let expected_start = b"factline: the server is busy\r\nSSH-2.0-factline_test\r\n";
            assert!(heard.starts_with(expected_start), "{:?}", String::from_utf8_lossy(&heard));
            assert_eq!(&heard[expected_start.len()..], disconnect_packet("the server is busy"));
        });
    }

    #[test]
    fn a_silent_or_endless_client_costs_at_most_the_timeout() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let _silent = TcpStream::connect(address).await.unwrap();
            let (socket, _) = listener.accept().await.unwrap();
            let started = tokio::time::Instant::now();
            say(socket, "SSH-2.0-factline_test", "busy").await;
            assert!(started.elapsed() < TIMEOUT + Duration::from_secs(1));
        });
    }
}
