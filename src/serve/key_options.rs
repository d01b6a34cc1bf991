//! The options in front of a key in authorized_keys, as OpenSSH reads them, and what the kiosk
//! makes of them: `from="…"` and `expiry-time="…"` are enforced; a key that may not open a
//! terminal (`no-pty`, `restrict`), is bound to a forced `command="…"`, or stands for a
//! certificate authority cannot be honoured by a server that only ever runs the browser, so it is
//! left out (and the server says why at start). Options about forwarding, environment or rc
//! files change nothing here: the kiosk refuses all of that anyway.

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use russh::keys::ssh_key::authorized_keys::ConfigOptsIter;

use crate::store::date::DateSpec;

/// What is enforced for one key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOptions {
    /// `from="…"`: the client addresses the key may be used from.
    pub from: Option<AddressPatterns>,
    /// `expiry-time="…"`: seconds since the epoch (UTC) from which the key is refused.
    pub expires: Option<u64>,
}

impl KeyOptions {
    /// Reads an options field (`restrict,from="10.0.0.*"`); an error says why the key is left out.
    pub fn parse(options: &str) -> Result<KeyOptions, String> {
        let mut parsed = KeyOptions::default();
        // Options apply in order, as OpenSSH applies them: `restrict` takes the terminal away and
        // a later `pty` gives it back.
        let mut pty = true;
        // ssh_key splits the field on commas outside quotes, as OpenSSH does, and refuses characters
        // OpenSSH would not accept there.
        let options = ConfigOptsIter::new(options).map_err(|e| format!("malformed options `{options}`: {e}"))?;
        for option in options.filter(|o| !o.is_empty()) {
            let (name, value) = match option.split_once('=') {
                Some((name, value)) => (name.to_ascii_lowercase(), Some(unquote(value))),
                None => (option.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("from", Some(patterns)) => parsed.from = Some(AddressPatterns::parse(patterns)?),
                ("expiry-time", Some(time)) => parsed.expires = Some(parse_expiry(time)?),
                ("restrict" | "no-pty", None) => pty = false,
                ("pty", None) => pty = true,
                ("command", Some(_)) => {
                    return Err("command=\"…\" binds the key to a command; this server runs only the browser".into());
                }
                ("cert-authority" | "principals", _) => {
                    return Err("it stands for a certificate authority; certificates are not accepted".into());
                }
                ("touch-required" | "verify-required", None) => {
                    return Err(format!("{name}: the FIDO user-presence flags are not checked here"));
                }
                (
                    "no-port-forwarding"
                    | "port-forwarding"
                    | "no-agent-forwarding"
                    | "agent-forwarding"
                    | "no-x11-forwarding"
                    | "x11-forwarding"
                    | "no-user-rc"
                    | "user-rc"
                    | "no-touch-required",
                    None,
                )
                | ("permitopen" | "permitlisten" | "environment" | "tunnel", Some(_)) => {}
                _ => return Err(format!("unknown or malformed option `{option}`")),
            }
        }
        if !pty {
            return Err("no-pty (or restrict): the key may not open a terminal, and the browser needs one".into());
        }
        Ok(parsed)
    }

    /// Whether the key may be used by a client at `peer`, at `now`.
    pub fn permit(&self, peer: Option<IpAddr>, now: SystemTime) -> bool {
        let in_time =
            self.expires.is_none_or(|at| now.duration_since(UNIX_EPOCH).is_ok_and(|since| since.as_secs() < at));
        let from_where = match (&self.from, peer) {
            (None, _) => true,
            (Some(patterns), Some(peer)) => patterns.matches(peer),
            // An address is needed to check `from=`; without one the key is not used.
            (Some(_), None) => false,
        };
        in_time && from_where
    }
}

fn unquote(value: &str) -> &str {
    value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value)
}

/// `from="…"`: comma-separated address patterns, each a wildcard pattern (`*`, `?`) or a CIDR
/// block, any of them negated with `!`. As OpenSSH does without reverse DNS (its default), only
/// the client's address is matched, so host-name patterns never match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressPatterns(Vec<(bool, Pattern)>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Wildcard(String),
    Block(IpAddr, u8),
}

impl AddressPatterns {
    fn parse(list: &str) -> Result<AddressPatterns, String> {
        let mut patterns = Vec::new();
        for item in list.split(',').map(str::trim) {
            let (negated, pattern) = match item.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, item),
            };
            if pattern.is_empty() {
                return Err(format!("from=\"{list}\" has an empty pattern"));
            }
            let pattern = match pattern.split_once('/') {
                Some((address, bits)) => {
                    let bad = || format!("from=\"{list}\": `{pattern}` is not an address/length block");
                    let address: IpAddr = address.parse().map_err(|_| bad())?;
                    let bits: u8 = bits.parse().map_err(|_| bad())?;
                    let max = if address.is_ipv4() { 32 } else { 128 };
                    if bits > max {
                        return Err(bad());
                    }
                    Pattern::Block(address, bits)
                }
                None => Pattern::Wildcard(pattern.to_ascii_lowercase()),
            };
            patterns.push((negated, pattern));
        }
        Ok(AddressPatterns(patterns))
    }

    /// Denied by any negated pattern that matches; otherwise allowed by any pattern that matches.
    pub fn matches(&self, peer: IpAddr) -> bool {
        let peer = match peer {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(peer, IpAddr::V4),
            v4 => v4,
        };
        let text = peer.to_string();
        let hit = |pattern: &Pattern| match pattern {
            Pattern::Wildcard(glob) => wildcard(glob.as_bytes(), text.as_bytes()),
            Pattern::Block(block, bits) => in_block(peer, *block, *bits),
        };
        if self.0.iter().any(|(negated, p)| *negated && hit(p)) {
            return false;
        }
        self.0.iter().any(|(negated, p)| !*negated && hit(p))
    }
}

/// `*` matches any run of characters, `?` any one.
fn wildcard(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.split_first(), text.split_first()) {
        (None, None) => true,
        (Some((b'*', rest)), _) => wildcard(rest, text) || (!text.is_empty() && wildcard(pattern, &text[1..])),
        (Some((b'?', rest)), Some((_, tail))) => wildcard(rest, tail),
        (Some((p, rest)), Some((t, tail))) if p == t => wildcard(rest, tail),
        _ => false,
    }
}

fn in_block(peer: IpAddr, block: IpAddr, bits: u8) -> bool {
    let (peer, block, width) = match (peer, block) {
        (IpAddr::V4(p), IpAddr::V4(b)) => (u128::from(u32::from(p)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(p), IpAddr::V6(b)) => (u128::from(p), u128::from(b), 128),
        _ => return false,
    };
    let shift = width - u32::from(bits);
    shift >= 128 || peer >> shift == block >> shift
}

/// `YYYYMMDD[HHMM[SS]]`, optionally ending in `Z`; read as UTC either way.
fn parse_expiry(text: &str) -> Result<u64, String> {
    let digits = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    let bad = || format!("expiry-time=\"{text}\" is not YYYYMMDD[HHMM[SS]]");
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| digits.get(range).map_or(Ok(0), |d| d.parse::<i64>());
    let field = |range| number(range).map_err(|_| bad());
    let (hour, minute, second) = (field(8..10)?, field(10..12)?, field(12..14)?);
    if hour > 23 || minute > 59 || second > 59 {
        return Err(bad());
    }
    // The store's calendar: it knows that February has no 31st.
    let date = DateSpec::parse(&format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]))
        .map_err(|e| format!("expiry-time=\"{text}\": {e}"))?;
    let days = date.earliest().ordinal();
    u64::try_from(days * 86_400 + hour * 3_600 + minute * 60 + second).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn from_patterns_match_the_address_with_wildcards_blocks_and_negation() {
        let from = AddressPatterns::parse("10.0.0.*,!10.0.0.13,192.168.0.0/16,2001:db8::/32,?.?.?.?").unwrap();
        assert!(from.matches(ip("10.0.0.7")));
        assert!(!from.matches(ip("10.0.0.13")), "a negated pattern wins");
        assert!(from.matches(ip("192.168.44.1")));
        assert!(!from.matches(ip("192.169.0.1")));
        assert!(from.matches(ip("2001:db8:1::5")));
        assert!(!from.matches(ip("2001:db9::5")));
        assert!(from.matches(ip("1.2.3.4")), "one character each");
        assert!(!from.matches(ip("127.0.0.1")));
        assert!(from.matches(ip("::ffff:10.0.0.9")), "an IPv4 client over IPv6 is matched as IPv4");
        let loopback = AddressPatterns::parse("127.0.0.1").unwrap();
        assert!(loopback.matches(ip("127.0.0.1")) && !loopback.matches(ip("127.0.0.10")));
        assert!(AddressPatterns::parse("0.0.0.0/0").unwrap().matches(ip("8.8.8.8")));
        assert!(!AddressPatterns::parse("trusted.example.org").unwrap().matches(ip("127.0.0.1")));
        for bad in ["10.0.0.0/33", "10.0.0/8", "1.2.3.4/x", "", "a,,b"] {
            assert!(AddressPatterns::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn expiry_times_read_as_utc() {
        assert_eq!(parse_expiry("19700101"), Ok(0));
        assert_eq!(parse_expiry("20240129"), Ok(1_706_486_400));
        assert_eq!(parse_expiry("202401291230Z"), Ok(1_706_486_400 + 12 * 3_600 + 30 * 60));
        assert_eq!(parse_expiry("20240229235959"), Ok(1_709_251_199));
        for bad in ["2024", "20241301", "20240132", "202401291260", "2024012a", "20240129123", "19691231"] {
            assert!(parse_expiry(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for bad in ["20240231", "20230229", "21000229", "20240431"] {
            let error = parse_expiry(bad).unwrap_err();
            assert!(error.contains("does not exist"), "{bad}: {error}");
        }
        assert_eq!(parse_expiry("20000229"), Ok(951_782_400), "2000 is a leap year");
    }

    #[test]
    fn enforced_options_decide_by_address_and_time() {
        let options = KeyOptions::parse("from=\"127.0.0.1,::1\",expiry-time=\"20300101\"").unwrap();
        let before = at(1_893_456_000 - 1);
        assert!(options.permit(Some(ip("127.0.0.1")), before));
        assert!(options.permit(Some(ip("::1")), before));
        assert!(!options.permit(Some(ip("10.1.1.1")), before));
        assert!(!options.permit(None, before), "no address, no use of a from= key");
        assert!(!options.permit(Some(ip("127.0.0.1")), at(1_893_456_000)), "expired");
        assert!(KeyOptions::parse("").unwrap().permit(None, at(u64::from(u32::MAX))));
    }

    #[test]
    fn keys_the_kiosk_cannot_honour_are_left_out_with_a_reason() {
        for (options, why) in [
            ("no-pty", "no-pty"),
            ("restrict", "no-pty"),
            ("restrict,no-agent-forwarding", "no-pty"),
            ("pty,restrict", "no-pty"),
            ("command=\"/usr/bin/backup\"", "command"),
            ("cert-authority", "certificate"),
            ("verify-required", "FIDO"),
            ("from=\"10.0.0.0/40\"", "10.0.0.0/40"),
            ("expiry-time=\"tomorrow\"", "expiry-time"),
            ("frobnicate", "unknown"),
            ("from", "unknown"),
            ("from=\"127.0.0.1\"\u{7f}", "malformed options"),
        ] {
            let error = KeyOptions::parse(options).unwrap_err();
            assert!(error.contains(why), "{options}: {error}");
        }
        for fine in [
            "restrict,pty",
            "no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-user-rc",
            "environment=\"A=b,c\",permitopen=\"host:80\"",
            "FROM=\"127.0.0.1\"",
        ] {
            assert!(KeyOptions::parse(fine).is_ok(), "{fine}");
        }
    }
}
