//! Reads a store file in chunks and cuts it into its top-level fields and section records, each
//! parsed on its own, so the file is never held whole in memory.
//!
//! Only well-formed files go this way. Place the first thing that is not plainly well-formed (a
//! syntax error, nesting deep enough to approach the parser's limit, a read error) it gives up
//! with `Fallback`, and the caller parses the whole file at once, which reports exactly where
//! and what the problem is.

use std::borrow::Cow;
use std::io::{self, Read};

use super::pipeline::{BATCH, BATCH_BYTES, MAX_BATCH, Message, RecordFeed, TOP_FIELDS, TopLevel};
use super::section::{PerSection, Section};
use std::iter;

use serde::de::DeserializeOwned;
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde_json::Value;

use super::parsed::Parsed;
use crate::store::checked;

/// The file is not plainly well-formed: parse it whole instead.
#[derive(Debug)]
pub(super) struct Fallback;

impl From<io::Error> for Fallback {
    fn from(_: io::Error) -> Fallback {
        Fallback
    }
}

impl From<serde_json::Error> for Fallback {
    fn from(_: serde_json::Error) -> Fallback {
        Fallback
    }
}

/// Well below serde_json's limit of 128, so a record parsed alone never passes where the same
/// record inside the whole file would fail.
const MAX_DEPTH: usize = 100;

struct Chunks<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    /// Bytes of values consumed so far, so batches can be cut by size as well as by count.
    consumed: usize,
}

enum Scan {
    /// The value ends at this offset from where the scan started.
    Complete(usize),
    Incomplete,
    TooDeep,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// Where the value starting at `bytes[0]` ends, by its brackets and strings alone.
fn scan(bytes: &[u8], eof: bool) -> Scan {
    let Some(&first) = bytes.first() else { return Scan::Incomplete };
    if first != b'{' && first != b'[' && first != b'"' {
        // A number or a literal ends at the next delimiter.
        return match bytes.iter().position(|&b| matches!(b, b',' | b']' | b'}') || is_space(b)) {
            Some(end) => Scan::Complete(end),
            None if eof => Scan::Complete(bytes.len()),
            None => Scan::Incomplete,
        };
    }
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                // Skip the string: its end is the next quote not escaped by a backslash.
                let mut from = at + 1;
                loop {
                    match memchr::memchr2(b'"', b'\\', &bytes[from..]) {
                        Some(rel) if bytes[from + rel] == b'\\' => from += rel + 2,
                        Some(rel) => {
                            at = from + rel;
                            break;
                        }
                        None => return Scan::Incomplete,
                    }
                    if from >= bytes.len() {
                        return Scan::Incomplete;
                    }
                }
                if depth == 0 {
                    return Scan::Complete(at + 1);
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Scan::TooDeep;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Scan::Complete(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
    Scan::Incomplete
}

impl<R: Read> Chunks<R> {
    /// Keeps the unread bytes and reads more after them; false at the end of the file.
    fn fill(&mut self) -> Result<bool, Fallback> {
        if self.eof {
            return Ok(false);
        }
        self.buf.copy_within(self.pos..self.len, 0);
        self.len -= self.pos;
        self.pos = 0;
        if self.len == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let n = self.input.read(&mut self.buf[self.len..])?;
        self.len += n;
        self.eof = n == 0;
        Ok(n > 0)
    }

    /// The next byte that is not white space, left unread; None at the end of the file.
    fn peek(&mut self) -> Result<Option<u8>, Fallback> {
        loop {
            while self.pos < self.len && is_space(self.buf[self.pos]) {
                self.pos += 1;
            }
            if self.pos < self.len {
                return Ok(Some(self.buf[self.pos]));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Fallback> {
        if self.peek()? != Some(byte) {
            return Err(Fallback);
        }
        self.pos += 1;
        Ok(())
    }

    /// The next value's bytes, consumed.
    fn value(&mut self) -> Result<&[u8], Fallback> {
        self.peek()?.ok_or(Fallback)?;
        loop {
            match scan(&self.buf[self.pos..self.len], self.eof) {
                Scan::Complete(end) => {
                    let from = self.pos;
                    self.pos += end;
                    self.consumed += end;
                    return Ok(&self.buf[from..from + end]);
                }
                Scan::TooDeep => return Err(Fallback),
                Scan::Incomplete if !self.fill()? => return Err(Fallback),
                Scan::Incomplete => {}
            }
        }
    }

    /// The next value, read as a record of `section`.
    fn record(&mut self, section: Section) -> Result<Parsed<'static>, Fallback> {
        // An empty object or array needs no parser: a hostile store of tens of millions of `{}`
        // records would otherwise spend most of its time setting one up per record.
        let empty = match self.empty_container()? {
            Some(b'{') => {
                Some(Parsed::read(section, MapDeserializer::<_, serde_json::Error>::new(iter::empty::<(&str, &str)>())))
            }
            Some(_) => Some(Parsed::read(section, SeqDeserializer::<_, serde_json::Error>::new(iter::empty::<&str>()))),
            None => None,
        };
        if let Some(record) = empty {
            return Ok(record?);
        }
        let mut parser = serde_json::Deserializer::from_slice(self.value()?);
        let record = Parsed::read(section, &mut parser)?;
        parser.end()?;
        Ok(record.into_static())
    }

    /// The next value, parsed as `T`.
    fn parse<T: DeserializeOwned>(&mut self) -> Result<T, Fallback> {
        Ok(serde_json::from_slice(self.value()?)?)
    }

    /// Skips the next value, once parsed (a number out of range is a syntax error, as it is for
    /// the whole-file parser); says what kind of value it was.
    fn skip(&mut self) -> Result<&'static str, Fallback> {
        Ok(checked::type_name(&self.parse::<Value>()?))
    }

    /// The opening bracket of an empty object or array, consumed; anything else is left unread.
    /// Within what is buffered: a container split across reads takes the general way.
    fn empty_container(&mut self) -> Result<Option<u8>, Fallback> {
        let Some(open) = self.peek()? else { return Ok(None) };
        let close = match open {
            b'{' => b'}',
            b'[' => b']',
            _ => return Ok(None),
        };
        let inside = self.buf[self.pos + 1..self.len].iter().position(|&b| !is_space(b));
        match inside {
            Some(at) if self.buf[self.pos + 1 + at] == close => {
                let end = at + 2;
                self.pos += end;
                self.consumed += end;
                Ok(Some(open))
            }
            _ => Ok(None),
        }
    }
}

/// Whether a batch is ready to send: records travel in batches of `BATCH`, but tiny ones (a
/// hostile store of `{}`) in batches of up to `MAX_BATCH` and `BATCH_BYTES` of the file, so the
/// two threads do not hand over a batch every few hundred bytes.
fn batch_full(records: usize, bytes: usize) -> bool {
    records >= MAX_BATCH || (records >= BATCH && bytes >= BATCH_BYTES)
}

/// Sends the store read from `input` as the whole-file parser would, or gives up.
pub(super) fn split<'a>(input: impl Read, feed: &RecordFeed<'a>) -> Result<TopLevel, Fallback> {
    let mut chunks = Chunks { input, buf: vec![0; 1 << 20], pos: 0, len: 0, eof: false, consumed: 0 };
    chunks.expect(b'{')?;
    let mut seen = PerSection::<bool>::default();
    if chunks.peek()? == Some(b'}') {
        chunks.pos += 1;
    } else {
        loop {
            let key: String = serde_json::from_slice(chunks.value()?)?;
            chunks.expect(b':')?;
            match Section::of_key(&key) {
                Some(section) if seen[section] => {
                    chunks.skip()?;
                    feed.send(Message::Twice(section, Cow::Owned(key)));
                }
                Some(section) if chunks.peek()? == Some(b'[') => {
                    seen[section] = true;
                    chunks.pos += 1;
                    feed.send(Message::Begin(section));
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut batch_from = chunks.consumed;
                    if chunks.peek()? == Some(b']') {
                        chunks.pos += 1;
                    } else {
                        loop {
                            batch.push(chunks.record(section)?);
                            if batch_full(batch.len(), chunks.consumed - batch_from) {
                                feed.records(section, &mut batch);
                                batch_from = chunks.consumed;
                            }
                            match chunks.peek()? {
                                Some(b',') => chunks.pos += 1,
                                Some(b']') => {
                                    chunks.pos += 1;
                                    break;
                                }
                                _ => return Err(Fallback),
                            }
                        }
                    }
                    feed.records(section, &mut batch);
                    feed.send(Message::End(section));
                }
                Some(section) => {
                    seen[section] = true;
                    let found = chunks.skip()?;
                    feed.send(Message::NotArray(section, found));
                }
                // Only the fields the format reads are kept (see `whole`).
                None if TOP_FIELDS.contains(&key.as_str()) => {
                    let value = chunks.parse()?;
                    feed.send(Message::Field(Cow::Owned(key), value));
                }
                None => {
                    chunks.skip()?;
                }
            }
            match chunks.peek()? {
                Some(b',') => chunks.pos += 1,
                Some(b'}') => {
                    chunks.pos += 1;
                    break;
                }
                _ => return Err(Fallback),
            }
        }
    }
    if chunks.peek()?.is_some() {
        return Err(Fallback);
    }
    Ok(TopLevel::Object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_without_a_parser_are_what_the_parser_reads() {
        let values =
            ["{}", "{ \n\t}", "[]", "[ ]", "{\"id\": {}}", "{\"id\": \"x\", \"actors\": [[], {}]}", "null", "\"{}\""];
        let text = values.join(" , ");
        // Tiny reads cut records across the buffer's end, where the general way takes over.
        for size in [1, 2, 3, 5, 1 << 10] {
            let mut chunks =
                Chunks { input: text.as_bytes(), buf: vec![0; size], pos: 0, len: 0, eof: false, consumed: 0 };
            for (i, expected) in values.iter().enumerate() {
                if i > 0 {
                    chunks.expect(b',').unwrap();
                }
                let read = chunks.record(Section::Events).unwrap();
                let mut parser = serde_json::Deserializer::from_str(expected);
                let parsed = Parsed::read(Section::Events, &mut parser).unwrap();
                assert_eq!(read, parsed, "{expected:?} read {size} bytes at a time");
            }
            assert_eq!(chunks.peek().unwrap(), None);
        }
    }

    #[test]
    fn values_end_where_their_brackets_and_strings_say() {
        fn ends(text: &str) -> Option<&str> {
            match scan(text.as_bytes(), true) {
                Scan::Complete(end) => Some(&text[..end]),
                _ => None,
            }
        }
        assert_eq!(ends(r#"{"a": "}", "b": [1, {"c": "\"]"}]}, 2"#), Some(r#"{"a": "}", "b": [1, {"c": "\"]"}]}"#));
        assert_eq!(ends(r#""x\\", 1"#), Some(r#""x\\""#));
        assert_eq!(ends("123, 4"), Some("123"));
        assert_eq!(ends("true}"), Some("true"));
        assert_eq!(ends("null"), Some("null"));
        assert!(matches!(scan(br#"{"a": "unfinished"#, false), Scan::Incomplete));
        assert!(matches!(scan(b"12", false), Scan::Incomplete));
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert!(matches!(scan(deep.as_bytes(), false), Scan::TooDeep));
    }
}
