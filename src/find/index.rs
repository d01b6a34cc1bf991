//! The word index of every article, built once per store and shared read-only by every session:
//! the folded vocabulary, sorted, and for each word the sources it occurs in. Positions are not
//! kept — the few sources a query can match are re-read — which keeps the index a few bytes per
//! distinct word of each article (see the README's load figures).

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::fold;
use crate::store::{SourceIx, Store};

#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Every distinct folded word, sorted, back to back; word `w` is
    /// `spellings[spelling_at[w]..spelling_at[w + 1]]`.
    spellings: String,
    spelling_at: Vec<u32>,
    /// For word `w`, the sources holding it, ascending: `sources[source_at[w]..source_at[w + 1]]`.
    sources: Vec<SourceIx>,
    source_at: Vec<u32>,
    source_count: usize,
}

pub type WordId = u32;

/// Distinct folded words, each stored once in one buffer and found through a table: a word costs
/// its letters and about 15 bytes, with no allocation of its own.
#[derive(Default)]
struct Vocabulary {
    letters: String,
    /// Word `w` ends at `ends[w]` and starts where word `w - 1` ends.
    ends: Vec<u32>,
    table: HashTable<Slot>,
    hasher: FixedState,
}

/// A word in the table, with its first four letters inline: a lookup reads the letters buffer
/// only for a longer word whose head matches, and the commonest words ("the", "of", "said"…)
/// never (folded words hold no NUL, so a shorter word's zero padding is its length).
#[derive(Clone, Copy)]
struct Slot {
    head: u32,
    id: u32,
}

fn head(word: &str) -> u32 {
    match word.as_bytes().first_chunk::<4>() {
        Some(&four) => u32::from_le_bytes(four),
        None => word.bytes().rev().fold(0, |head, b| head << 8 | u32::from(b)),
    }
}

fn spelled<'v>(letters: &'v str, ends: &[u32], id: u32) -> &'v str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] as usize };
    &letters[start..ends[id] as usize]
}

impl Vocabulary {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn spelling(&self, id: u32) -> &str {
        spelled(&self.letters, &self.ends, id)
    }

    /// The word's id, numbering it next if it is new.
    fn id(&mut self, word: &str) -> u32 {
        let Vocabulary { letters, ends, table, hasher } = self;
        let hash = hasher.hash_one(word);
        let wanted = head(word);
        let same = |slot: &Slot| slot.head == wanted && (word.len() < 4 || spelled(letters, ends, slot.id) == word);
        let entry = table.entry(hash, same, |slot| hasher.hash_one(spelled(letters, ends, slot.id)));
        match entry {
            Entry::Occupied(found) => found.get().id,
            Entry::Vacant(room) => {
                let id = ends.len() as u32;
                room.insert(Slot { head: wanted, id });
                letters.push_str(word);
                ends.push(letters.len() as u32);
                id
            }
        }
    }

    /// Keeps the words, drops the table: the words are only read in order from here on.
    fn into_words(self) -> Vocabulary {
        Vocabulary { letters: self.letters, ends: self.ends, ..Vocabulary::default() }
    }
}

/// A run of consecutive sources folded on one core: its words, and for each source the ids of
/// the words it holds, once each, back to back.
#[derive(Default)]
struct Partial {
    vocabulary: Vocabulary,
    /// The run's word ids in spelling order.
    sorted: Vec<u32>,
    words: Vec<u32>,
    /// Source `n` of the run holds `words[source_ends[n - 1]..source_ends[n]]`.
    source_ends: Vec<u32>,
}

impl Partial {
    fn fold(texts: &[&str]) -> Partial {
        let mut part = Partial::default();
        part.source_ends.reserve_exact(texts.len());
        // Room for a word of every four bytes of text, far more than news copy holds (one in
        // about twenty): pages never written are never resident, while growing by copies would
        // leave every smaller copy behind in this thread's heap.
        part.words.reserve(texts.iter().map(|t| t.len()).sum::<usize>() / 4);
        // The last source (numbered from 1) each word was listed for: a word is listed once per
        // source without sorting the source's words.
        let mut listed_in: Vec<u32> = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            let source = n as u32 + 1;
            fold::words(text, |word| {
                let id = part.vocabulary.id(word.folded) as usize;
                if id == listed_in.len() {
                    listed_in.push(0);
                }
                if listed_in[id] != source {
                    listed_in[id] = source;
                    part.words.push(id as u32);
                }
            });
            part.source_ends.push(part.words.len() as u32);
        }
        let vocabulary = std::mem::take(&mut part.vocabulary).into_words();
        part.sorted = (0..vocabulary.len() as u32).collect();
        part.sorted.sort_unstable_by(|&a, &b| vocabulary.spelling(a).cmp(vocabulary.spelling(b)));
        part.vocabulary = vocabulary;
        part
    }

    fn sources(&self) -> impl Iterator<Item = &[u32]> {
        let mut from = 0usize;
        self.source_ends.iter().map(move |&end| {
            let held = &self.words[from..end as usize];
            from = end as usize;
            held
        })
    }
}

impl TextIndex {
    pub fn new(store: &Store) -> TextIndex {
        TextIndex::from_texts(store.sources.iter().map(|s| s.text.as_str()))
    }

    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> TextIndex {
        let texts: Vec<&str> = texts.into_iter().collect();
        let source_count = texts.len();
        // Folding 20 MB of articles is the cost of the index: each core folds its own run of
        // sources, and the runs are merged in source order, so the result does not depend on how
        // many cores there were. Each run keeps only its vocabulary and one flat list of word
        // ids per source; the postings are laid out once, at their final size, from those.
        let cores = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
        let run = source_count.div_ceil(cores).max(64);
        let parts: Vec<Partial> = std::thread::scope(|scope| {
            let workers: Vec<_> = texts.chunks(run).map(|chunk| scope.spawn(move || Partial::fold(chunk))).collect();
            workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        drop(texts);
        // The runs' sorted vocabularies merged into one, in spelling order: no table for all the
        // words at once, and each run's word ids mapped to their place in it.
        let mut spellings = String::new();
        let mut spelling_at: Vec<u32> = vec![0];
        let mut to_rank: Vec<Vec<u32>> = parts.iter().map(|part| vec![0; part.vocabulary.len()]).collect();
        let mut cursors = vec![0usize; parts.len()];
        loop {
            let head_of = |run: usize| {
                let part = &parts[run];
                part.sorted.get(cursors[run]).map(|&id| part.vocabulary.spelling(id))
            };
            let Some(least) = (0..parts.len()).filter_map(head_of).min() else { break };
            let rank = spelling_at.len() as u32 - 1;
            spellings.push_str(least);
            spelling_at.push(spellings.len() as u32);
            for run in 0..parts.len() {
                let part = &parts[run];
                if let Some(&id) = part.sorted.get(cursors[run])
                    && part.vocabulary.spelling(id) == least
                {
                    to_rank[run][id as usize] = rank;
                    cursors[run] += 1;
                }
            }
        }
        // Kept for the store's life: no growth slack in it.
        spellings.shrink_to_fit();
        spelling_at.shrink_to_fit();
        let word_count = spelling_at.len() - 1;

        let mut source_at = vec![0u32; word_count + 1];
        for (run, part) in parts.iter().enumerate() {
            for &id in &part.words {
                source_at[to_rank[run][id as usize] as usize + 1] += 1;
            }
        }
        for w in 1..source_at.len() {
            source_at[w] += source_at[w - 1];
        }
        // Runs in order and sources in order within each: every word's list comes out ascending.
        let mut sources = vec![0 as SourceIx; source_at[word_count] as usize];
        let mut next: Vec<u32> = source_at[..word_count].to_vec();
        let mut source: SourceIx = 0;
        for (run, part) in parts.into_iter().enumerate() {
            let ranks = std::mem::take(&mut to_rank[run]);
            for held in part.sources() {
                for &id in held {
                    let slot = &mut next[ranks[id as usize] as usize];
                    sources[*slot as usize] = source;
                    *slot += 1;
                }
                source += 1;
            }
        }
        TextIndex { spellings, spelling_at, sources, source_at, source_count }
    }

    pub fn source_count(&self) -> usize {
        self.source_count
    }

    pub fn word_count(&self) -> usize {
        self.spelling_at.len() - 1
    }

    pub fn spelling(&self, word: WordId) -> &str {
        let w = word as usize;
        &self.spellings[self.spelling_at[w] as usize..self.spelling_at[w + 1] as usize]
    }

    pub fn word(&self, folded: &str) -> Option<WordId> {
        let (mut low, mut high) = (0usize, self.word_count());
        while low < high {
            let mid = (low + high) / 2;
            match self.spelling(mid as WordId).cmp(folded) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid as WordId),
            }
        }
        None
    }

    /// The sources holding the word, ascending.
    pub fn sources_of(&self, word: WordId) -> &[SourceIx] {
        let w = word as usize;
        &self.sources[self.source_at[w] as usize..self.source_at[w + 1] as usize]
    }

    pub fn words(&self) -> impl Iterator<Item = (WordId, &str)> {
        (0..self.word_count() as WordId).map(|w| (w, self.spelling(w)))
    }

    /// Bytes held, for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.spellings.capacity()
            + 4 * (self.spelling_at.capacity() + self.sources.capacity() + self.source_at.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_lists_the_sources_holding_it_once_in_order() {
        let index = TextIndex::from_texts(["Iran said, Iran’s", "Pakistan said", "nothing"]);
        let said = index.word("said").unwrap();
        assert_eq!(index.sources_of(said), &[0, 1]);
        assert_eq!(index.sources_of(index.word("irans").unwrap()), &[0]);
        assert_eq!(index.word("missing"), None);
        let all: Vec<&str> = index.words().map(|(_, w)| w).collect();
        assert_eq!(all, ["iran", "irans", "nothing", "pakistan", "said"]);
        assert_eq!(index.source_count(), 3);
    }

    #[test]
    fn runs_folded_apart_merge_into_the_same_postings() {
        // Enough sources for several runs: every word's list must still be all its sources, ascending.
        let texts: Vec<String> = (0..300).map(|n| format!("common w{} w{} only{n}", n % 7, n % 11)).collect();
        let index = TextIndex::from_texts(texts.iter().map(String::as_str));
        assert_eq!(index.source_count(), 300);
        let common = index.word("common").unwrap();
        assert_eq!(index.sources_of(common), (0..300).collect::<Vec<SourceIx>>());
        let w3: Vec<SourceIx> = (0..300).filter(|n| n % 7 == 3 || n % 11 == 3).collect();
        assert_eq!(index.sources_of(index.word("w3").unwrap()), w3);
        assert_eq!(index.sources_of(index.word("only299").unwrap()), &[299]);
        assert_eq!(index.word_count(), 1 + 11 + 300);
    }
}
