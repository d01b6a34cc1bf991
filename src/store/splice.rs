//! A canonical store.json as the byte ranges of its records, so that a change rewrites only the
//! records it touches: the file is written again by copying every untouched stretch of the
//! previous file (in the kernel, `copy_file_range`, where the system allows) and writing the
//! changed records' canonical text between them. The result is byte for byte the canonical form
//! of the edited store laid out afresh (`canonical::canonical_bytes`), which the property tests
//! check, and which is checked against the writer it replaced (`store::testing`).
//!
//! A file is taken as canonical only when every record, re-serialized canonically, gives back
//! exactly its bytes; any other file is laid out from its parsed tree instead, written whole once,
//! and spliced from then on.

use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::ops::Range;
use std::os::unix::fs::FileExt;

use foldhash::HashMap;
use smol_str::SmolStr;

use super::canonical::{Top, TopValue, nested_text, top_key_order};
use super::format::Record;

/// Where a piece of the store's text is: in the file as last written, or only in memory.
#[derive(Debug, Clone)]
enum Text {
    Old(Range<u64>),
    New(Box<[u8]>),
}

impl Text {
    fn len(&self) -> u64 {
        match self {
            Text::Old(range) => range.end - range.start,
            Text::New(bytes) => bytes.len() as u64,
        }
    }
}

#[derive(Debug, Clone)]
struct Item {
    text: Text,
    id: Option<SmolStr>,
}

#[derive(Debug, Clone)]
enum Value {
    /// An array: each item's text, and the position of each item that has a string `id`.
    List {
        items: Vec<Item>,
        ids: HashMap<SmolStr, u32>,
    },
    Single(Text),
}

#[derive(Debug, Clone)]
struct Entry {
    key: String,
    value: Value,
}

/// The store.json as written, top-level entries in canonical order.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    entries: Vec<Entry>,
}

/// Between two items of a list, as the canonical form writes it.
const ITEM_SEPARATOR: &[u8] = b",\n    ";

fn item_of(record: &Record) -> Item {
    Item { id: record.id().map(SmolStr::new), text: Text::New(nested_text(record, 2).into()) }
}

/// Reads lines of a file, counting where each starts.
struct Lines<R> {
    input: R,
    at: u64,
    line: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// The next line (with its newline), and the offset it starts at; `None` at the end.
    fn next(&mut self) -> io::Result<Option<u64>> {
        self.line.clear();
        let n = self.input.read_until(b'\n', &mut self.line)?;
        if n == 0 {
            return Ok(None);
        }
        let start = self.at;
        self.at += n as u64;
        Ok(Some(start))
    }
}

/// Why a file is not laid out as canonical: not an error, only a reason to parse it whole.
struct NotCanonical;

impl From<serde_json::Error> for NotCanonical {
    fn from(_: serde_json::Error) -> NotCanonical {
        NotCanonical
    }
}

/// `Ok(None)` (not canonical) from the scan's inner steps; I/O errors stay errors.
type Scan<T> = Result<Result<T, NotCanonical>, io::Error>;

macro_rules! canonical {
    ($e:expr) => {
        match $e {
            Ok(value) => value,
            Err(NotCanonical) => return Ok(Err(NotCanonical)),
        }
    };
}

fn require(condition: bool) -> Result<(), NotCanonical> {
    if condition { Ok(()) } else { Err(NotCanonical) }
}

impl Layout {
    /// Lays out a store from its parsed top level: every piece held in memory until the first
    /// write.
    pub fn from_top(mut top: Top) -> Layout {
        top.sort_by(|(a, _), (b, _)| top_key_order(a, b));
        let entries = top
            .into_iter()
            .map(|(key, value)| {
                let value = match value {
                    TopValue::List(records) => {
                        let items: Vec<Item> = records.iter().map(item_of).collect();
                        Value::List { ids: ids_of(&items), items }
                    }
                    TopValue::Single(other) => Value::Single(Text::New(nested_text(&other, 1).into())),
                };
                Entry { key, value }
            })
            .collect();
        Layout { entries }
    }

    /// Lays out `input`, a store.json read from its start, when it is in canonical form
    /// (`Ok(None)` when it is not). Memory holds one record at a time besides the layout.
    pub fn scan(input: impl Read) -> io::Result<Option<Layout>> {
        let mut lines = Lines { input: io::BufReader::with_capacity(1 << 20, input), at: 0, line: Vec::new() };
        Ok(Layout::scan_lines(&mut lines)?.ok())
    }

    fn scan_lines<R: BufRead>(lines: &mut Lines<R>) -> Scan<Layout> {
        let mut entries: Vec<Entry> = Vec::new();
        if lines.next()?.is_none() {
            return Ok(Err(NotCanonical));
        }
        if lines.line == b"{}\n" {
            return Ok(if lines.next()?.is_none() { Ok(Layout::default()) } else { Err(NotCanonical) });
        }
        canonical!(require(lines.line == b"{\n"));
        loop {
            let Some(start) = lines.next()? else { return Ok(Err(NotCanonical)) };
            canonical!(require(lines.line.starts_with(b"  \"")));
            let mut keys = serde_json::Deserializer::from_slice(&lines.line[2..]).into_iter::<String>();
            let key = canonical!(keys.next().ok_or(NotCanonical).and_then(|k| k.map_err(NotCanonical::from)));
            let after_key = 2 + keys.byte_offset();
            canonical!(require(serde_json::to_vec(&key).ok().as_deref() == Some(&lines.line[2..after_key])));
            canonical!(require(lines.line[after_key..].starts_with(b": ")));
            if let Some(last) = entries.last() {
                canonical!(require(top_key_order(&last.key, &key).is_lt()));
            }
            let rest = after_key + 2;
            let value_start = start + rest as u64;
            let (value, more) = match &lines.line[rest..] {
                b"[]\n" => (Value::List { items: Vec::new(), ids: HashMap::default() }, false),
                b"[],\n" => (Value::List { items: Vec::new(), ids: HashMap::default() }, true),
                b"[\n" => {
                    let (items, more) = canonical!(scan_items(lines, &key)?);
                    (Value::List { ids: ids_of(&items), items }, more)
                }
                opening => {
                    let multiline = opening == b"{\n";
                    let mut text = lines.line[rest..].to_vec();
                    let mut end = lines.at;
                    if multiline {
                        loop {
                            canonical!(require(lines.next()?.is_some()));
                            text.extend_from_slice(&lines.line);
                            end = lines.at;
                            if lines.line.starts_with(b"  }") {
                                break;
                            }
                        }
                    }
                    let more = text.ends_with(b",\n");
                    let cut = if more { 2 } else { 1 };
                    text.truncate(text.len() - cut);
                    let parsed: serde_json::Value =
                        canonical!(serde_json::from_slice(&text).map_err(NotCanonical::from));
                    canonical!(require(!parsed.is_array()));
                    canonical!(require(nested_text(&parsed, 1) == text));
                    (Value::Single(Text::Old(value_start..end - cut as u64)), more)
                }
            };
            entries.push(Entry { key, value });
            if !more {
                break;
            }
        }
        canonical!(require(lines.next()?.is_some() && lines.line == b"}\n"));
        canonical!(require(lines.next()?.is_none()));
        Ok(Ok(Layout { entries }))
    }

    /// The text of item `at` of the list `list`, read as a record of that list.
    pub fn item(&self, file: &File, list: &str, at: usize) -> io::Result<Record> {
        let Some(Value::List { items, .. }) = self.value(list) else {
            return Err(io::Error::other(format!("no list `{list}` in the store")));
        };
        let item = items.get(at).ok_or_else(|| io::Error::other(format!("no item {at} in `{list}`")))?;
        let bytes = match &item.text {
            Text::New(bytes) => return Record::read(list, bytes).map_err(io::Error::other),
            Text::Old(range) => {
                let mut bytes = vec![0; (range.end - range.start) as usize];
                file.read_exact_at(&mut bytes, range.start)?;
                bytes
            }
        };
        Record::read(list, &bytes).map_err(io::Error::other)
    }

    /// The position in the list `list` of the item whose `id` is `id`.
    pub fn position(&self, list: &str, id: &str) -> Option<usize> {
        match self.value(list)? {
            Value::List { ids, .. } => ids.get(id).map(|&at| at as usize),
            Value::Single(_) => None,
        }
    }

    /// How many items the list `list` holds (`None` when the store has no such list).
    pub fn len(&self, list: &str) -> Option<usize> {
        match self.value(list)? {
            Value::List { items, .. } => Some(items.len()),
            Value::Single(_) => None,
        }
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.value)
    }

    /// Replaces items `at..at + gone` of the list `list` with `coming` (put in canonical order).
    pub fn splice(&mut self, list: &str, at: usize, gone: usize, coming: &[Record]) {
        let Some(Entry { value: Value::List { items, ids }, .. }) = self.entries.iter_mut().find(|e| e.key == list)
        else {
            panic!("no list `{list}` to change: the history and the layout disagree");
        };
        let coming: Vec<Item> = coming.iter().map(item_of).collect();
        let shift = coming.len() as i64 - gone as i64;
        let removed: Vec<Item> = items.splice(at..at + gone, coming.iter().cloned()).collect();
        if shift != 0 {
            for position in ids.values_mut() {
                if *position as usize >= at + gone {
                    *position = (*position as i64 + shift) as u32;
                }
            }
        }
        for item in &removed {
            if let Some(id) = &item.id
                && ids.get(id).is_some_and(|&p| (at..at + gone).contains(&(p as usize)))
            {
                // Ids are unique in a valid store, but a repeated one must not be lost.
                match items.iter().position(|i| i.id.as_ref() == Some(id)) {
                    Some(other) => ids.insert(id.clone(), other as u32),
                    None => ids.remove(id),
                };
            }
        }
        for (offset, item) in coming.iter().enumerate() {
            if let Some(id) = &item.id {
                let here = (at + offset) as u32;
                let first = ids.entry(id.clone()).or_insert(here);
                *first = (*first).min(here);
            }
        }
    }

    /// Adds an empty list under `list`, in its canonical place.
    pub fn add_list(&mut self, list: &str) {
        let at = self.entries.partition_point(|e| top_key_order(&e.key, list).is_lt());
        self.entries.insert(
            at,
            Entry { key: list.to_string(), value: Value::List { items: Vec::new(), ids: HashMap::default() } },
        );
    }

    /// Removes the top-level entry `list` (an undo of `add_list`).
    pub fn remove_list(&mut self, list: &str) {
        self.entries.retain(|e| e.key != list);
    }

    /// Writes the store: the untouched stretches copied from `old` (the file as last written),
    /// the rest from memory.
    pub fn write(&self, old: &File, out: &mut dyn Write) -> io::Result<()> {
        // Copied through memory rather than in the kernel, so that the writer can fingerprint
        // the new file on the way (no second read of it).
        let mut buffer = vec![0u8; 1 << 20];
        self.walk(|chunk| match chunk {
            Chunk::Bytes(bytes) => out.write_all(bytes),
            Chunk::Old(range) => {
                let mut at = range.start;
                while at < range.end {
                    let n = ((range.end - at) as usize).min(buffer.len());
                    old.read_exact_at(&mut buffer[..n], at)?;
                    out.write_all(&buffer[..n])?;
                    at += n as u64;
                }
                Ok(())
            }
        })
    }

    /// The whole text in memory, for tests and small stores.
    pub fn to_bytes(&self, old: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.walk(|chunk| {
            match chunk {
                Chunk::Bytes(bytes) => out.extend_from_slice(bytes),
                Chunk::Old(range) => out.extend_from_slice(&old[range.start as usize..range.end as usize]),
            }
            Ok(())
        })
        .expect("writing to memory cannot fail");
        out
    }

    /// After the layout was written: every piece is now where `write` put it in the new file.
    pub fn settle(&mut self) {
        let mut at = 0u64;
        let mut place = |text: &mut Text, before: u64| {
            at += before;
            let len = text.len();
            *text = Text::Old(at..at + len);
            at += len;
        };
        if self.entries.is_empty() {
            return;
        }
        let count = self.entries.len();
        let mut pending = 2; // "{\n"
        for (i, entry) in self.entries.iter_mut().enumerate() {
            pending += 2 + serde_json::to_vec(&entry.key).map_or(0, |k| k.len() as u64) + 2;
            match &mut entry.value {
                Value::Single(text) => {
                    place(text, pending);
                    pending = 0;
                }
                Value::List { items, .. } if items.is_empty() => pending += 2,
                Value::List { items, .. } => {
                    pending += 2 + 4; // "[\n    "
                    for (n, item) in items.iter_mut().enumerate() {
                        if n > 0 {
                            pending += ITEM_SEPARATOR.len() as u64;
                        }
                        place(&mut item.text, pending);
                        pending = 0;
                    }
                    pending += 4; // "\n  ]"
                }
            }
            pending += if i + 1 < count { 2 } else { 1 };
        }
    }

    /// The file's text in order, as bytes to write and stretches of the old file to copy, each
    /// run of untouched items of a list as one stretch.
    fn walk(&self, mut emit: impl FnMut(Chunk<'_>) -> io::Result<()>) -> io::Result<()> {
        if self.entries.is_empty() {
            return emit(Chunk::Bytes(b"{}\n"));
        }
        emit(Chunk::Bytes(b"{\n"))?;
        for (i, entry) in self.entries.iter().enumerate() {
            let mut head = b"  ".to_vec();
            head.extend(serde_json::to_vec(&entry.key).map_err(io::Error::other)?);
            head.extend_from_slice(b": ");
            match &entry.value {
                Value::Single(text) => {
                    emit(Chunk::Bytes(&head))?;
                    emit_text(text, &mut emit)?;
                }
                Value::List { items, .. } if items.is_empty() => {
                    head.extend_from_slice(b"[]");
                    emit(Chunk::Bytes(&head))?;
                }
                Value::List { items, .. } => {
                    head.extend_from_slice(b"[\n    ");
                    emit(Chunk::Bytes(&head))?;
                    let mut run: Option<Range<u64>> = None;
                    for (n, item) in items.iter().enumerate() {
                        match (&item.text, run.as_mut()) {
                            // Consecutive in the old file: the separator between them is there too.
                            (Text::Old(range), Some(open)) if range.start == open.end + ITEM_SEPARATOR.len() as u64 => {
                                open.end = range.end;
                                continue;
                            }
                            _ => {}
                        }
                        if let Some(open) = run.take() {
                            emit(Chunk::Old(open))?;
                        }
                        if n > 0 {
                            emit(Chunk::Bytes(ITEM_SEPARATOR))?;
                        }
                        match &item.text {
                            Text::Old(range) => run = Some(range.clone()),
                            Text::New(bytes) => emit(Chunk::Bytes(bytes))?,
                        }
                    }
                    if let Some(open) = run.take() {
                        emit(Chunk::Old(open))?;
                    }
                    emit(Chunk::Bytes(b"\n  ]"))?;
                }
            }
            emit(Chunk::Bytes(if i + 1 < self.entries.len() { b",\n" } else { b"\n" }))?;
        }
        emit(Chunk::Bytes(b"}\n"))
    }
}

fn emit_text(text: &Text, emit: &mut impl FnMut(Chunk<'_>) -> io::Result<()>) -> io::Result<()> {
    match text {
        Text::Old(range) => emit(Chunk::Old(range.clone())),
        Text::New(bytes) => emit(Chunk::Bytes(bytes)),
    }
}

enum Chunk<'b> {
    Bytes(&'b [u8]),
    Old(Range<u64>),
}

fn ids_of(items: &[Item]) -> HashMap<SmolStr, u32> {
    let mut ids = HashMap::default();
    for (at, item) in items.iter().enumerate() {
        if let Some(id) = &item.id {
            ids.entry(id.clone()).or_insert(at as u32);
        }
    }
    ids
}

/// The items of a list whose opening line (`[`) was just read, up to its closing line; and
/// whether another top-level entry follows.
fn scan_items<R: BufRead>(lines: &mut Lines<R>, list: &str) -> Scan<(Vec<Item>, bool)> {
    let mut items = Vec::new();
    let mut text = Vec::new();
    loop {
        let Some(start) = lines.next()? else { return Ok(Err(NotCanonical)) };
        canonical!(require(lines.line.starts_with(b"    ") && lines.line.get(4) != Some(&b' ')));
        text.clear();
        text.extend_from_slice(&lines.line[4..]);
        let opens = matches!(&lines.line[4..], b"{\n" | b"[\n");
        if opens {
            loop {
                canonical!(require(lines.next()?.is_some()));
                text.extend_from_slice(&lines.line);
                if lines.line.starts_with(b"    }") || lines.line.starts_with(b"    ]") {
                    break;
                }
            }
        }
        let more = text.ends_with(b",\n");
        let cut = if more { 2 } else { 1 };
        canonical!(require(text.ends_with(b"\n")));
        text.truncate(text.len() - cut);
        let parsed = canonical!(Record::read(list, &text).map_err(NotCanonical::from));
        canonical!(require(nested_text(&parsed, 2) == text));
        let begin = start + 4;
        items.push(Item { id: parsed.id().map(SmolStr::new), text: Text::Old(begin..begin + text.len() as u64) });
        if !more {
            break;
        }
    }
    canonical!(require(lines.next()?.is_some()));
    let more = match lines.line.as_slice() {
        b"  ]\n" => false,
        b"  ],\n" => true,
        _ => return Ok(Err(NotCanonical)),
    };
    Ok(Ok((items, more)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::canonical::{canonical_bytes, read_top};
    use crate::store::testing::{Json, LISTS, record, store};
    use proptest::prelude::*;

    fn layout_of(bytes: &[u8]) -> Option<Layout> {
        Layout::scan(bytes).unwrap()
    }

    fn canonical_of(doc: &Json) -> Vec<u8> {
        canonical_bytes(&serde_json::to_vec(doc).unwrap()).unwrap()
    }

    fn typed(list: &str, records: &[Json]) -> Vec<Record> {
        records.iter().map(|r| Record::read(list, &serde_json::to_vec(r).unwrap()).unwrap()).collect()
    }

    fn id_of(item: &Json) -> Option<String> {
        match item {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == "id").and_then(|(_, v)| match v {
                Json::String(id) => Some(id.clone()),
                _ => None,
            }),
            _ => None,
        }
    }

    #[test]
    fn the_bundled_store_is_laid_out_and_written_back_byte_for_byte() {
        let bytes = crate::store::bundled::STORE_JSON.as_bytes();
        let mut layout = layout_of(bytes).expect("the bundled store is canonical");
        assert_eq!(layout.to_bytes(bytes), bytes);
        layout.settle();
        assert_eq!(layout.to_bytes(bytes), bytes);
        assert!(layout.position("events", "no-such-event").is_none());
        assert!(layout.len("events").unwrap() > 3);
    }

    #[test]
    fn a_file_not_in_canonical_form_is_not_laid_out() {
        for text in [
            "{\"format\":\"factline-store\"}\n",
            "{\n  \"version\": 1,\n  \"format\": \"factline-store\"\n}\n",
            "{\n  \"entities\": [\n    {\n      \"name\": \"t\",\n      \"id\": \"e\",\n      \"kind\": \"place\"\n    }\n  ]\n}\n",
            "{\n  \"entities\": [\n    {\n      \"id\": \"e\"\n    }\n  ]\n}\n",
            "{\n  \"title\": \"caf\\u00e9\"\n}\n",
            "{\n  \"title\": \"t\"\n}",
            "{\n  \"title\": \"t\"\n}\n\n",
            "\u{feff}{}\n",
            "",
        ] {
            assert!(layout_of(text.as_bytes()).is_none(), "{text:?}");
        }
        assert!(layout_of(b"{}\n").is_some());
    }

    /// One change to a store: items of a list replaced, removed or added, or a new list.
    #[derive(Debug, Clone)]
    enum Edit {
        Splice { list: usize, at: usize, gone: usize, coming: Vec<Json> },
        NewList { list: usize, coming: Vec<Json> },
    }

    fn edit() -> impl Strategy<Value = Edit> {
        (0..LISTS.len(), 0..5u8).prop_flat_map(|(list, kind)| {
            let records = |n| proptest::collection::vec(record(LISTS[list]), 0..n);
            if kind == 0 {
                records(2).prop_map(move |coming| Edit::NewList { list, coming }).boxed()
            } else {
                (0usize..8, 0usize..3, records(3))
                    .prop_map(move |(at, gone, coming)| Edit::Splice { list, at, gone, coming })
                    .boxed()
            }
        })
    }

    fn list_mut<'j>(doc: &'j mut Json, list: &str) -> Option<&'j mut Vec<Json>> {
        let Json::Object(entries) = doc else { return None };
        entries.iter_mut().find(|(k, _)| k == list).and_then(|(_, v)| match v {
            Json::Array(items) => Some(items),
            _ => None,
        })
    }

    /// Makes `edit` on both the tree and the layout, when it applies to this store.
    fn make(edit: &Edit, doc: &mut Json, layout: &mut Layout) {
        match edit {
            Edit::Splice { list, at, gone, coming } => {
                let list = LISTS[*list];
                let Some(items) = list_mut(doc, list) else { return };
                let at = (*at).min(items.len());
                let gone = (*gone).min(items.len() - at);
                items.splice(at..at + gone, coming.iter().cloned());
                layout.splice(list, at, gone, &typed(list, coming));
            }
            Edit::NewList { list, coming } => {
                let list = LISTS[*list];
                let Json::Object(entries) = doc else { return };
                if entries.iter().any(|(k, _)| k == list) {
                    return;
                }
                entries.push((list.to_string(), Json::Array(coming.clone())));
                layout.add_list(list);
                layout.splice(list, 0, 0, &typed(list, coming));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The spliced file equals the canonical rewrite of the edited store, byte for byte,
        /// after each of several changes written one after the other; and it is laid out
        /// again as canonical, with every id where the layout says.
        #[test]
        fn spliced_output_is_the_full_canonical_rewrite(doc in store(), edits in proptest::collection::vec(edit(), 1..6)) {
            let mut doc = doc;
            let mut file = canonical_of(&doc);
            let mut layout = layout_of(&file).expect("canonical bytes are laid out");
            prop_assert_eq!(layout.to_bytes(&file), file.clone());
            for edit in &edits {
                make(edit, &mut doc, &mut layout);
                let spliced = layout.to_bytes(&file);
                let expected = canonical_of(&doc);
                prop_assert_eq!(String::from_utf8_lossy(&spliced), String::from_utf8_lossy(&expected));
                layout.settle();
                file = spliced;
                prop_assert_eq!(layout.to_bytes(&file), file.clone());
                let again = layout_of(&file).expect("a spliced file is canonical");
                for list in LISTS {
                    let Some(items) = list_mut(&mut doc, list) else { continue };
                    for (at, item) in items.iter().enumerate() {
                        // Ids are unique in a valid store; a repeated one is found at either place.
                        if let Some(id) = id_of(item) && items.iter().filter(|i| id_of(i).as_ref() == Some(&id)).count() == 1 {
                            prop_assert_eq!(layout.position(list, &id), Some(at));
                            prop_assert_eq!(again.position(list, &id), Some(at));
                        }
                    }
                }
            }
        }

        /// A store as any tool may write it is laid out only when it is already canonical.
        #[test]
        fn only_canonical_bytes_are_laid_out(doc in store()) {
            let compact = serde_json::to_vec(&doc).unwrap();
            let canonical = canonical_bytes(&compact).unwrap();
            prop_assert_eq!(layout_of(&compact).is_some(), compact == canonical);
            let from_top = Layout::from_top(read_top(&compact).unwrap());
            prop_assert_eq!(from_top.to_bytes(&[]), canonical);
        }
    }
}
