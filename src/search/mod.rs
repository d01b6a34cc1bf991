//! Fuzzy search over every spelling of every entity. Articles spell the same person many ways
//! ("Amir-Abdollahian", "Amirabdollahian", "@Amirabdolahian"), so both the query and each spelling
//! are folded — case, diacritics, hyphens, spaces and punctuation removed — before matching.
//!
//! People also type names the way they heard them: "teheran", "baluchistan", "ibrahim raisi",
//! "kakkar". Beyond the letters typed in order (skim's fuzzy match), a spelling matches when it
//! *sounds like* the query — both folded further by transliteration (`sounds_like`: e/i, u/o,
//! kh/k, doubled letters…) — or when the query is within a few typos of it or of its words (an
//! optimal-string-alignment distance, so a swapped pair is one typo, bounded by the query's
//! length: `typo_budget`). Exact and prefix matches rank first, then sound-alikes, infixes, typos
//! and scattered letters; a query within the budget of nothing still finds nothing.

mod follow;

use std::cmp::Reverse;
use std::sync::atomic::{AtomicU64, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::store::{EntityIx, Store};
pub use crate::text::fold;
use crate::text::fold_char;

/// One spelling, folded, with the original character each folded character came from, so a match
/// can be highlighted in the spelling as the article wrote it.
#[derive(Debug, Clone, PartialEq)]
struct Folded {
    entity: EntityIx,
    spelling: usize,
    text: String,
    origin: Vec<u32>,
    /// Lowercased as written: a query typed exactly like one spelling picks that spelling over
    /// another that only folds the same ("Amirabdollahian" over "Amir-Abdollahian").
    lowercase: String,
    is_name: bool,
    /// The spelling's words as written (runs of characters that fold to something), each as the
    /// range of `text` it folds to.
    words: Vec<std::ops::Range<u32>>,
}

impl Folded {
    fn new(entity: EntityIx, spelling: usize, original: &str) -> Folded {
        let mut text = String::new();
        let mut origin = Vec::new();
        let mut words: Vec<std::ops::Range<u32>> = Vec::new();
        let mut in_word = false;
        for (at, c) in original.chars().enumerate() {
            let before = text.len();
            fold_char(c, |f| {
                text.push(f);
                origin.push(at as u32);
            });
            let folded = text.len() > before;
            match (folded, in_word, words.last_mut()) {
                (true, true, Some(word)) => word.end = text.len() as u32,
                (true, _, _) => words.push(before as u32..text.len() as u32),
                (false, ..) => {}
            }
            in_word = folded;
        }
        Folded { entity, spelling, text, origin, lowercase: original.to_lowercase(), is_name: spelling == 0, words }
    }

    /// The characters of the spelling as written that its words `range` came from.
    fn written_chars(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        let mut chars: Vec<usize> = self.origin[range].iter().map(|&at| at as usize).collect();
        chars.dedup();
        chars
    }

    /// Pushes what this spelling (at `at` among the index's spellings) sounds like: each word,
    /// and the whole spelling when it has more than one, with the word it is (`WHOLE`: all).
    fn sounds(&self, at: u32, all: &mut Vec<(String, u32, u16)>) {
        let single = self.words.len() == 1;
        for (w, word) in self.words.iter().enumerate() {
            let text = sounds_like(&self.text[word.start as usize..word.end as usize]);
            all.push((text, at, if single { WHOLE } else { w.min(usize::from(WHOLE - 1)) as u16 }));
        }
        if !single {
            all.push((sounds_like(&self.text), at, WHOLE));
        }
    }
}

/// A folded text as it sounds, for names heard or transliterated differently: `kh`, `gh`, `ph`,
/// `q` and `y` become `k`, `g`, `f`, `k` and `i`; `e` becomes `i` and `u` becomes `o` (Tehran,
/// Teheran; Baluchestan, Balochistan; Ebrahim, Ibrahim); a doubled letter counts once (Kakkar).
pub fn sounds_like(folded: &str) -> String {
    let bytes = folded.as_bytes();
    let mut out = String::with_capacity(folded.len());
    let mut i = 0;
    while i < bytes.len() {
        let (c, width) = match (bytes[i], bytes.get(i + 1)) {
            (b'k' | b'g' | b'p', Some(b'h')) => (if bytes[i] == b'p' { 'f' } else { char::from(bytes[i]) }, 2),
            (b'q', _) => ('k', 1),
            (b'y' | b'e', _) => ('i', 1),
            (b'u', _) => ('o', 1),
            (b, _) => (char::from(b), 1),
        };
        if !out.ends_with(c) {
            out.push(c);
        }
        i += width;
    }
    out
}

/// Typos a query's word of `len` letters may hold and still match: none up to three letters
/// (too short to tell a typo from another name), then one, two, three as it grows.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=9 => 2,
        _ => 3,
    }
}

/// The set of letters and digits a folded text holds, one bit each.
fn letters(folded: &str) -> u64 {
    folded.bytes().fold(0, |set, b| match b {
        b'a'..=b'z' => set | 1 << (b - b'a'),
        b'0'..=b'9' => set | 1 << (26 + b - b'0'),
        _ => set,
    })
}

/// Every word of every spelling, and every spelling of more than one word whole, as they sound:
/// where sound-alikes and typos are looked up. Sorted, so a prefix is a range.
#[derive(Debug, Default, Clone, PartialEq)]
struct Sounds {
    entries: Vec<Sound>,
    /// Indices into `entries`, by the entry's length.
    by_len: Vec<Vec<u32>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Sound {
    text: Box<str>,
    /// Which letters it holds (`letters`): a cheap bound on its distance to a word.
    letters: u64,
    /// The spellings holding it, and which word (`WHOLE`: the spelling itself).
    postings: Vec<(u32, u16)>,
}

/// A posting's word index meaning the whole spelling.
const WHOLE: u16 = u16::MAX;

/// Sorted (sound, spelling, word) triples as entries, one per sound.
fn grouped(sorted: Vec<(String, u32, u16)>) -> Vec<Sound> {
    let mut entries: Vec<Sound> = Vec::new();
    for (text, at, word) in sorted {
        match entries.last_mut() {
            Some(last) if *last.text == *text => last.postings.push((at, word)),
            _ => entries.push(Sound { letters: letters(&text), text: text.into(), postings: vec![(at, word)] }),
        }
    }
    entries
}

impl Sounds {
    fn new(spellings: &[Folded]) -> Sounds {
        let mut all: Vec<(String, u32, u16)> = Vec::new();
        for (at, folded) in spellings.iter().enumerate() {
            folded.sounds(at as u32, &mut all);
        }
        all.sort_unstable();
        Sounds::from_entries(grouped(all))
    }

    /// Sounds over `entries`, sorted by text, each text once.
    fn from_entries(entries: Vec<Sound>) -> Sounds {
        let mut by_len: Vec<Vec<u32>> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let len = entry.text.len();
            if by_len.len() <= len {
                by_len.resize_with(len + 1, Vec::new);
            }
            by_len[len].push(i as u32);
        }
        Sounds { entries, by_len }
    }

    /// The entries starting with `prefix`.
    fn starting_with(&self, prefix: &str) -> &[Sound] {
        let from = self.entries.partition_point(|e| *e.text < *prefix);
        let to = from + self.entries[from..].partition_point(|e| e.text.starts_with(prefix));
        &self.entries[from..to]
    }

    /// The entries within `budget` typos of `word` (none equal to it), with their distance.
    fn near(&self, word: &str, budget: usize) -> impl Iterator<Item = (&Sound, usize)> {
        let len = word.len();
        let lengths = len.saturating_sub(budget)..(len + budget + 1).min(self.by_len.len());
        let held = letters(word);
        lengths.flat_map(move |l| self.by_len[l].iter()).filter_map(move |&i| {
            let entry = &self.entries[i as usize];
            // One typo adds or removes at most two letters from the set a word holds: most
            // entries are ruled out here, without the distance's table.
            if ((held ^ entry.letters).count_ones() as usize) > 2 * budget {
                return None;
            }
            let distance = strsim::osa_distance(word, &entry.text);
            (distance > 0 && distance <= budget).then_some((entry, distance))
        })
    }
}

/// How closely a spelling matches, strongest first. A query that *is* a spelling must rank that
/// entity above every entity that merely contains it ("Iran" before "Iran's foreign ministry").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    Scattered,
    /// Within the typo budget of the spelling or of its words (`typos` in the rank says how near).
    Typo,
    Infix,
    /// The spelling, as it sounds, starts with the query as it sounds.
    SoundsPrefix,
    /// The spelling sounds like the query.
    SoundsExact,
    Prefix,
    Exact,
}

impl Closeness {
    /// Indexed by `Closeness as usize`.
    const ALL: [Closeness; 7] = [
        Closeness::Scattered,
        Closeness::Typo,
        Closeness::Infix,
        Closeness::SoundsPrefix,
        Closeness::SoundsExact,
        Closeness::Prefix,
        Closeness::Exact,
    ];
}

/// The ranking of one matching spelling, compared field by field, best greatest: closeness, then
/// the fewest typos, then the spelling typed verbatim, then a canonical name over an alias that shares its spelling, then
/// the matcher's score, then the shorter spelling, then store order — total, so results are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    closeness: Closeness,
    typos: Reverse<usize>,
    verbatim: bool,
    is_name: bool,
    score: i64,
    shorter: Reverse<usize>,
    earlier: Reverse<(EntityIx, usize)>,
}

/// A spelling a query matches, before it is scored.
#[derive(Debug, Clone)]
struct Found {
    at: u32,
    closeness: Closeness,
    typos: usize,
    /// The part of the spelling's folded text that matched, for a match by words.
    words: Option<std::ops::Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityHit {
    pub entity: EntityIx,
    /// Index into [`crate::store::Entity::spellings`]: 0 is the name, `i` is `aliases[i - 1]`.
    pub spelling: usize,
    pub score: i64,
    /// Character indices into that spelling (as written) that the query matched.
    pub matched: Vec<usize>,
}

/// The search structures for one store, shared by every session. After a change to the store
/// [`SearchIndex::follow`] brings it up to date by folding again only the entities whose
/// spellings changed.
#[derive(Default, Clone)]
pub struct SearchIndex {
    spellings: Vec<Folded>,
    sounds: Sounds,
    /// Every entity's spellings as written, to tell which ones a store changed.
    written: follow::Written,
    /// Which index this is: each build and each update takes a new number, so a `Narrowing`
    /// filled from an index as it was is never used on it as it is.
    generation: u64,
}

/// A matcher for one match. fuzzy-matcher 0.3.7's matcher keeps its score matrix between
/// matches and resets only part of it, so a reused one scores a spelling by what it matched
/// before (the same query on the same index scored 143 or 131 by the searches run earlier), and
/// its switch to turn the cache off panics (a RefCell borrowed twice). A new matcher per match
/// starts from an empty matrix: a hit's score depends on the query and the spelling alone.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default()
}

/// The source of `SearchIndex::generation`; 0 is the empty index's.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

/// One session's last folded query and the spellings it could match. Typing one more character
/// can only narrow that set, so the next keystroke filters it instead of every spelling. It
/// follows one person's typing, so it lives in the session, beside the index it was filled from.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// The index's generation, the folded query, and the spellings it could match.
    last: Option<(u64, String, Vec<u32>)>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("spellings", &self.spellings.len()).finish()
    }
}

impl SearchIndex {
    pub fn new(store: &Store) -> SearchIndex {
        let spellings = folded_spellings(&store.entities, 0);
        let sounds = Sounds::new(&spellings);
        SearchIndex { spellings, sounds, written: follow::Written::new(&store.entities), generation: next_generation() }
    }

    /// Entities whose name or an alias matches, best first, at most one hit per entity (its best
    /// spelling). An empty query, or one with nothing to match after folding, finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<EntityHit> {
        self.search_with(query, limit, None)
    }

    /// [`SearchIndex::search`] for someone typing: reuses the spellings the previous query of
    /// `narrowing` could match when this one extends it (and it was filled from this index as it
    /// is now: otherwise it starts afresh).
    pub fn search_narrowing(&self, query: &str, limit: usize, narrowing: &mut Narrowing) -> Vec<EntityHit> {
        self.search_with(query, limit, Some(narrowing))
    }

    fn search_with(&self, query: &str, limit: usize, narrowing: Option<&mut Narrowing>) -> Vec<EntityHit> {
        let pattern = fold(query);
        if pattern.is_empty() || limit == 0 {
            return Vec::new();
        }
        let typed = query.trim().to_lowercase();
        let mut found: Vec<Found> = self
            .candidates(&pattern, narrowing)
            .into_iter()
            .map(|at| Found {
                at,
                closeness: closeness(&self.spellings[at as usize].text, &pattern),
                typos: 0,
                words: None,
            })
            .collect();
        self.sound_alikes(query, &pattern, limit, &mut found);
        // A spelling counts once, at its best.
        found.sort_unstable_by_key(|f| (f.at, Reverse(f.closeness), f.typos));
        found.dedup_by_key(|f| f.at);
        // Closeness outranks everything else, so candidates are scored one closeness class at a
        // time, best first, and the scoring stops once a class completes `limit` entities: the
        // matcher runs on a few hundred spellings rather than on every one holding the letters.
        let mut classes: [Vec<Found>; Closeness::ALL.len()] = Default::default();
        for f in found {
            classes[f.closeness as usize].push(f);
        }
        let mut seen = vec![false; self.spellings.last().map_or(0, |f| f.entity as usize + 1)];
        let mut distinct = 0;
        let mut candidates: Vec<(Rank, &Folded, Found)> = Vec::new();
        for (class, members) in classes.into_iter().enumerate().rev() {
            if distinct >= limit {
                break;
            }
            let by_letters =
                !matches!(Closeness::ALL[class], Closeness::Typo | Closeness::SoundsPrefix | Closeness::SoundsExact);
            for f in members {
                let folded = &self.spellings[f.at as usize];
                let score = match matcher().fuzzy_match(&folded.text, &pattern) {
                    Some(score) => score,
                    None if by_letters => continue,
                    None => 0,
                };
                if Closeness::ALL[class] == Closeness::Scattered && !self.reads_as_typed(folded, &pattern) {
                    continue;
                }
                let rank = Rank {
                    closeness: Closeness::ALL[class],
                    typos: Reverse(f.typos),
                    verbatim: folded.lowercase == typed,
                    is_name: folded.is_name,
                    score,
                    shorter: Reverse(folded.text.len()),
                    earlier: Reverse((folded.entity, folded.spelling)),
                };
                if !std::mem::replace(&mut seen[folded.entity as usize], true) {
                    distinct += 1;
                }
                candidates.push((rank, folded, f));
            }
        }
        candidates.sort_unstable_by_key(|candidate| Reverse(candidate.0));
        seen.fill(false);
        let mut hits = Vec::new();
        for (rank, folded, f) in candidates {
            if std::mem::replace(&mut seen[folded.entity as usize], true) {
                continue;
            }
            // Where the letters matched is only needed for the hits shown: the letters typed in
            // order, else the words that sound like (or nearly spell) the query.
            let matched = match (rank.closeness, f.words) {
                (Closeness::Typo | Closeness::SoundsPrefix | Closeness::SoundsExact, Some(words)) => {
                    folded.written_chars(words)
                }
                (Closeness::Typo | Closeness::SoundsPrefix | Closeness::SoundsExact, None) => {
                    folded.written_chars(0..folded.text.len())
                }
                _ => {
                    let indices = matcher().fuzzy_indices(&folded.text, &pattern).map(|(_, i)| i).unwrap_or_default();
                    let mut matched: Vec<usize> = indices.iter().map(|&i| folded.origin[i] as usize).collect();
                    matched.dedup();
                    matched
                }
            };
            hits.push(EntityHit { entity: folded.entity, spelling: folded.spelling, score: rank.score, matched });
            if hits.len() == limit {
                break;
            }
        }
        hits
    }

    /// Whether a scattered match keeps enough of the query together to be what was meant: any
    /// six letters are strewn somewhere along a long name ("banana" in "BALochistaN liberAtioN
    /// ArmY"), so from five letters on they must come in few pieces. An abbreviation ("kkr") is
    /// shorter than that.
    fn reads_as_typed(&self, folded: &Folded, pattern: &str) -> bool {
        if pattern.len() < 5 {
            return true;
        }
        let Some((_, indices)) = matcher().fuzzy_indices(&folded.text, pattern) else { return false };
        let pieces = 1 + indices.windows(2).filter(|pair| pair[1] != pair[0] + 1).count();
        pieces <= pattern.len() / 3 + 1
    }

    /// Adds the spellings that sound like the query, and — when the closer classes leave the
    /// dropdown short — those within its typo budget, whole or word by word.
    fn sound_alikes(&self, query: &str, pattern: &str, limit: usize, found: &mut Vec<Found>) {
        let sounds = sounds_like(pattern);
        // One or two letters sound like half the store.
        if sounds.len() < 3 {
            return;
        }
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|w| !w.is_empty())
            .map(|w| sounds_like(&w))
            .collect();
        for entry in self.sounds.starting_with(&sounds) {
            let exact = *entry.text == *sounds;
            for &(at, word) in &entry.postings {
                let (closeness, words) = match (word, exact) {
                    (WHOLE, true) => (Closeness::SoundsExact, None),
                    (WHOLE, false) => (Closeness::SoundsPrefix, None),
                    // A word of the spelling sounds like (or starts like) the one word typed.
                    (w, _) if words.len() == 1 => (Closeness::Typo, Some(usize::from(w)..usize::from(w) + 1)),
                    _ => continue,
                };
                found.push(Found { at, closeness, typos: 0, words: words.map(|w| self.word_span(at, w)) });
            }
        }
        let mut closer: Vec<EntityIx> = found
            .iter()
            .filter(|f| f.closeness >= Closeness::Infix)
            .map(|f| self.spellings[f.at as usize].entity)
            .collect();
        closer.sort_unstable();
        closer.dedup();
        if closer.len() >= limit || sounds.len() < 4 {
            return;
        }
        // The query whole against spellings whole (and single words).
        for (entry, typos) in self.sounds.near(&sounds, typo_budget(sounds.len())) {
            for &(at, word) in &entry.postings {
                let span = (word != WHOLE).then(|| self.word_span(at, usize::from(word)..usize::from(word) + 1));
                if word == WHOLE || words.len() == 1 {
                    found.push(Found { at, closeness: Closeness::Typo, typos, words: span });
                }
            }
        }
        // Several words typed: each near a word of the spelling, in order.
        if let [first, rest @ ..] = words.as_slice()
            && !rest.is_empty()
        {
            let equal = self.sounds.starting_with(first).iter().filter(|e| *e.text == **first).map(|e| (e, 0));
            for (entry, typos) in equal.chain(self.sounds.near(first, typo_budget(first.len()))) {
                for &(at, word) in entry.postings.iter().filter(|(_, w)| *w != WHOLE) {
                    if let Some((more, last)) = self.rest_in_order(at, usize::from(word), rest) {
                        let span = self.word_span(at, usize::from(word)..last + 1);
                        found.push(Found { at, closeness: Closeness::Typo, typos: typos + more, words: Some(span) });
                    }
                }
            }
        }
    }

    /// Whether `rest` (words as they sound) each match a later word of spelling `at` than `after`,
    /// in order — within its budget, or the last one as the start of a word (still being typed):
    /// the typos spent and the last word matched.
    fn rest_in_order(&self, at: u32, after: usize, rest: &[String]) -> Option<(usize, usize)> {
        let folded = &self.spellings[at as usize];
        let mut next = after + 1;
        let mut typos = 0;
        for (i, typed) in rest.iter().enumerate() {
            let last = i + 1 == rest.len();
            let (j, spent) = (next..folded.words.len()).find_map(|j| {
                let range = &folded.words[j];
                let word = sounds_like(&folded.text[range.start as usize..range.end as usize]);
                if last && word.starts_with(typed.as_str()) {
                    return Some((j, 0));
                }
                let distance = strsim::osa_distance(typed, &word);
                (distance <= typo_budget(typed.len())).then_some((j, distance))
            })?;
            typos += spent;
            next = j + 1;
        }
        Some((typos, next - 1))
    }

    /// The range of a spelling's folded text its words `words` (indices) cover.
    fn word_span(&self, at: u32, words: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let folded = &self.spellings[at as usize];
        let first = folded.words.get(words.start).map_or(0, |w| w.start as usize);
        let last = folded.words.get(words.end.saturating_sub(1)).map_or(folded.text.len(), |w| w.end as usize);
        first..last.max(first)
    }

    /// Every spelling that holds the pattern's letters in order, reusing the last query's set
    /// when this one extends it.
    fn candidates(&self, pattern: &str, narrowing: Option<&mut Narrowing>) -> Vec<u32> {
        let keeps = |&at: &u32| is_subsequence(pattern.as_bytes(), self.spellings[at as usize].text.as_bytes());
        let previous = narrowing.as_ref().and_then(|n| n.last.as_ref());
        let found: Vec<u32> = match previous {
            Some((generation, last, set)) if *generation == self.generation && pattern.starts_with(last.as_str()) => {
                set.iter().copied().filter(keeps).collect()
            }
            _ => (0..self.spellings.len() as u32).filter(keeps).collect(),
        };
        if let Some(narrowing) = narrowing {
            narrowing.last = Some((self.generation, pattern.to_string(), found.clone()));
        }
        found
    }
}

/// The spellings of `entities` that fold to something, the first entity numbered `first`.
fn folded_spellings(entities: &[crate::store::Entity], first: usize) -> Vec<Folded> {
    entities
        .iter()
        .enumerate()
        .flat_map(|(ix, entity)| {
            let ix = (first + ix) as EntityIx;
            entity.spellings().enumerate().map(move |(spelling, text)| Folded::new(ix, spelling, text))
        })
        .filter(|folded| !folded.text.is_empty())
        .collect()
}

fn closeness(text: &str, pattern: &str) -> Closeness {
    if text == pattern {
        Closeness::Exact
    } else if text.starts_with(pattern) {
        Closeness::Prefix
    } else if text.contains(pattern) {
        Closeness::Infix
    } else {
        Closeness::Scattered
    }
}

/// A fuzzy match needs every query character in order; this cheap check skips most spellings
/// before the matcher's dynamic programming runs.
fn is_subsequence(pattern: &[u8], text: &[u8]) -> bool {
    let mut rest = text;
    pattern.iter().all(|&b| match rest.iter().position(|&t| t == b) {
        Some(at) => {
            rest = &rest[at + 1..];
            true
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::bundled;

    #[test]
    fn folding_removes_case_diacritics_hyphens_spaces_and_punctuation() {
        assert_eq!(fold("Amir-Abdollahian"), "amirabdollahian");
        assert_eq!(fold("Sistan Balochistan"), fold("Sistan-Balochistan"));
        assert_eq!(fold("Zoë Łukasik"), "zoelukasik");
        assert_eq!(fold("@Amirabdolahian"), "amirabdolahian");
        assert_eq!(fold("Iran’s"), "irans");
        assert_eq!(fold(" - "), "");
    }

    #[test]
    fn matched_characters_point_into_the_spelling_as_written() {
        let folded = Folded::new(0, 0, "Zoë Łukasik");
        assert_eq!(folded.text, "zoelukasik");
        // `ë` is the third character, the space is skipped, `Ł` is the fifth.
        assert_eq!(folded.origin, vec![0, 1, 2, 4, 5, 6, 7, 8, 9, 10]);
    }

    #[test]
    fn subsequence_check_agrees_with_its_definition() {
        assert!(is_subsequence(b"kkr", b"kakar"));
        assert!(is_subsequence(b"", b"x"));
        assert!(!is_subsequence(b"rk", b"kakar"));
        assert!(!is_subsequence(b"kakarr", b"kakar"));
    }

    #[test]
    fn variant_spellings_find_the_person() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        for query in ["amirabdollahian", "Amir Abdollahian", "AMIR-ABDOLLAHIAN", "abdolahian"] {
            let top = &index.search(query, 5)[0];
            assert_eq!(store.entities[top.entity as usize].id, "hossein-amir-abdollahian", "{query}");
        }
        let hit = &index.search("sistan balochistan", 1)[0];
        assert_eq!(store.entities[hit.entity as usize].id, "sistan-baluchestan");
        assert_eq!(store.entities[hit.entity as usize].spellings().nth(hit.spelling), Some("Sistan-Balochistan"));
    }

    /// The letters the top hit for `query` highlights in its spelling, lowercased.
    fn highlighted(query: &str) -> String {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let hit = index.search(query, 1).remove(0);
        let spelling: Vec<char> =
            store.entities[hit.entity as usize].spellings().nth(hit.spelling).unwrap().chars().collect();
        hit.matched.iter().map(|&i| spelling[i]).collect::<String>().to_lowercase()
    }

    #[test]
    fn highlights_cover_the_matched_letters_of_the_spelling() {
        assert_eq!(highlighted("kakar"), "kakar");
    }

    #[test]
    fn one_hit_per_entity_and_limits_are_respected() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let hits = index.search("a", 1000);
        let mut entities: Vec<_> = hits.iter().map(|h| h.entity).collect();
        entities.sort_unstable();
        entities.dedup();
        assert_eq!(entities.len(), hits.len());
        assert_eq!(index.search("a", 3).len(), 3);
        assert!(index.search("", 10).is_empty());
        assert!(index.search("--", 10).is_empty());
        assert!(index.search("qqqqzzzz", 10).is_empty());
    }

    #[test]
    fn sounding_alike_folds_transliterations_and_doubled_letters() {
        assert_eq!(sounds_like("teheran"), "tihiran");
        assert_eq!(sounds_like("kakkar"), "kakar");
        assert_eq!(sounds_like("baluchistan"), sounds_like("balochistan"));
        assert_eq!(sounds_like("ibrahim"), sounds_like("ebrahim"));
        assert_eq!(sounds_like("khan"), "kan");
        assert_eq!(sounds_like("sistanbalochestan"), sounds_like("sistanbaluchestan"));
        assert_eq!(typo_budget(3), 0);
        assert!(typo_budget(4) < typo_budget(7) && typo_budget(7) < typo_budget(12));
    }

    /// The misspellings a reader types, each with the entity meant.
    const TYPOS: &[(&str, &str)] = &[
        ("baluchistan", "balochistan"),
        ("teheran", "tehran"),
        ("kakkar", "anwaar-ul-haq-kakar"),
        ("ibrahim raisi", "ebrahim-raisi"),
        ("amir abdulahian", "hossein-amir-abdollahian"),
        ("sistan balochestan", "sistan-baluchestan"),
        ("irann", "iran"),
        ("pakitsan", "pakistan"),
        ("islamabaf", "islamabad"),
        ("jilanni", "jalil-abbas-jilani"),
        ("jalil jilany", "jalil-abbas-jilani"),
        ("abdolahian", "hossein-amir-abdollahian"),
        ("qureshy", "rahim-hayat-qureshi"),
        ("jaish al adel", "jaish-al-adl"),
        ("hammas", "hamas"),
        ("israil", "israel"),
        ("nur kan airbase", "nur-khan-airbase"),
        ("ebrahim rai", "ebrahim-raisi"),
    ];

    /// Words that name nobody in the bundled store, nor come within a typo budget of a name.
    const NONSENSE: &[&str] =
        &["qqqqzzzz", "xylophone", "helicopter", "banana", "zzz", "qwerty", "wombat", "strawberry", "jx", "volcano"];

    #[test]
    fn a_misspelt_name_finds_the_entity_meant_first() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        for (typed, meant) in TYPOS {
            let hits = index.search(typed, 8);
            let ids: Vec<&str> = hits.iter().map(|h| store.entities[h.entity as usize].id.as_str()).collect();
            assert_eq!(ids.first(), Some(meant), "{typed:?} found {ids:?}");
        }
    }

    #[test]
    fn nonsense_finds_nothing() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        for typed in NONSENSE {
            let hits = index.search(typed, 8);
            let names: Vec<&str> = hits.iter().map(|h| store.entities[h.entity as usize].name.as_str()).collect();
            assert!(hits.is_empty(), "{typed:?} found {names:?}");
        }
    }

    #[test]
    fn exact_and_prefix_matches_rank_above_sound_alikes_and_typos() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let first = |q: &str| store.entities[index.search(q, 8)[0].entity as usize].id.clone();
        assert_eq!(first("iran"), "iran");
        assert_eq!(first("tehran"), "tehran");
        assert_eq!(first("balochistan"), "balochistan");
        // "irann" sounds exactly like Iran and only starts the border's name.
        let hits: Vec<String> =
            index.search("irann", 8).iter().map(|h| store.entities[h.entity as usize].id.clone()).collect();
        let border = hits.iter().position(|id| id == "iran-pakistan-border");
        assert!(border.is_none_or(|b| b > 0), "{hits:?}");
    }

    #[test]
    fn a_typo_match_highlights_the_words_that_matched() {
        assert_eq!(highlighted("kakkar"), "kakar");
    }

    #[test]
    fn narrowing_finds_what_a_fresh_search_finds_whatever_was_typed_before() {
        let store = bundled::load().unwrap();
        let index = SearchIndex::new(&store);
        let mut narrowing = Narrowing::default();
        // Extending, correcting, restarting, and repeating a query.
        for query in ["k", "ka", "kak", "kakar", "kaka", "i", "ir", "irn", "iran", "iran", "", "pak", "p"] {
            assert_eq!(index.search_narrowing(query, 8, &mut narrowing), index.search(query, 8), "{query:?}");
        }
        let (_, last, set) = narrowing.last.as_ref().expect("the last query is kept");
        assert_eq!(last, "p");
        assert!(set.iter().all(|&at| index.spellings[at as usize].text.contains('p')));
    }
}
