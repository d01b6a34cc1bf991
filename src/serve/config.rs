//! `factline serve` options: where to listen, who may connect, and the limits that keep a public kiosk cheap.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args};

/// Command-line options of `factline serve`. Exactly one of `--authorized-keys` and `--open` is required so that
/// an anonymous server is never started by accident.
#[derive(Debug, Clone, Args)]
#[command(group(ArgGroup::new("access").required(true).args(["authorized_keys", "open"])))]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the bound address is printed)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: SocketAddr,
    /// Allow only the public keys listed in this OpenSSH authorized_keys file
    #[arg(long, value_name = "FILE")]
    pub authorized_keys: Option<PathBuf>,
    /// Allow anyone to connect without a key (an anonymous read-only demo)
    #[arg(long)]
    pub open: bool,
    /// Ed25519 host key file, created with mode 0600 if missing
    /// [default: $XDG_STATE_HOME/factline/host_key or ~/.local/state/factline/host_key]
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Most browsing sessions at once; further clients are told the server is full
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_sessions: u32,
    /// Most TCP connections at once, sessions and handshakes together
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub max_connections: u32,
    /// Most connections one IP address may have open before logging in; when all connections that
    /// have not logged in fill their share (--max-connections minus --max-sessions), the oldest is dropped
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_handshakes_per_address: u32,
    /// Most new connections one IP address may open per minute
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_per_minute: u32,
    /// Authentication attempts allowed per connection
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_auth_attempts: u32,
    /// Delay before each authentication rejection (e.g. 1s, 500ms)
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub auth_delay: Duration,
    /// Time allowed to authenticate and open a terminal after connecting
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub login_grace: Duration,
    /// End a session after this long without input
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub idle_timeout: Duration,
    /// End a session after this long whatever happens
    #[arg(long, value_name = "DURATION", default_value = "2h", value_parser = parse_duration)]
    pub max_session: Duration,
}

/// Parses `90`, `90s`, `500ms`, `15m`, `2h`, `1d` (seconds when no unit is given).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let value: u64 = digits.parse().map_err(|_| format!("`{text}` is not a duration such as 30s, 15m or 2h"))?;
    let millis_per_unit: u64 = match unit {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("unknown unit `{unit}` in `{text}` (use ms, s, m, h or d)")),
    };
    let millis = value.checked_mul(millis_per_unit).ok_or_else(|| format!("`{text}` is too long"))?;
    if millis == 0 {
        return Err("a duration must be more than zero".to_string());
    }
    Ok(Duration::from_millis(millis))
}

/// `15 min`, `2 h`, `1 s`, `500 ms`: durations as people read them, in messages and at start.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        0 => format!("{} ms", d.as_millis()),
        s if s % 3600 == 0 => format!("{} h", s / 3600),
        s if s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_accept_the_documented_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("1d"), Ok(Duration::from_secs(86_400)));
    }

    #[test]
    fn durations_read_back_as_people_write_them() {
        assert_eq!(human(Duration::from_secs(900)), "15 min");
        assert_eq!(human(Duration::from_secs(7200)), "2 h");
        assert_eq!(human(Duration::from_secs(90)), "90 s");
        assert_eq!(human(Duration::from_millis(500)), "500 ms");
    }

    #[test]
    fn durations_reject_garbage_zero_and_overflow() {
        for bad in ["", "s", "5x", "-3s", "1.5h", "0s", "99999999999999999999d", "18446744073709551615d"] {
            assert!(parse_duration(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
