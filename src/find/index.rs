//! The word index of every article, built once per store and shared read-only by every session:
//! the folded vocabulary, sorted, and for each word the sources it occurs in. Positions are not
//! kept — the few sources a query can match are re-read — which keeps the index a few bytes per
//! distinct word of each article (see the README's load figures).

use foldhash::HashMap;

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

/// The words of a run of consecutive sources, with ids in order of first appearance.
#[derive(Default)]
struct Partial {
    ids: HashMap<Box<str>, u32>,
    postings: Vec<Vec<SourceIx>>,
}

impl Partial {
    fn fold(texts: &[&str], first: SourceIx) -> Partial {
        let mut part = Partial::default();
        let mut in_source: Vec<u32> = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            in_source.clear();
            fold::words(text, |word| {
                let id = match part.ids.get(word.folded) {
                    Some(&id) => id,
                    None => {
                        let id = part.postings.len() as u32;
                        part.ids.insert(word.folded.into(), id);
                        part.postings.push(Vec::new());
                        id
                    }
                };
                in_source.push(id);
            });
            in_source.sort_unstable();
            in_source.dedup();
            for &id in &in_source {
                part.postings[id as usize].push(first + n as SourceIx);
            }
        }
        part
    }

    /// Appends a run of later sources: their postings follow ours, so each list stays ascending.
    fn absorb(&mut self, later: Partial) {
        let mut postings = later.postings;
        for (word, id) in later.ids {
            let sources = std::mem::take(&mut postings[id as usize]);
            match self.ids.get(&word) {
                Some(&mine) => self.postings[mine as usize].extend(sources),
                None => {
                    self.ids.insert(word, self.postings.len() as u32);
                    self.postings.push(sources);
                }
            }
        }
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
        // many cores there were.
        let cores = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
        let run = source_count.div_ceil(cores).max(64);
        let mut parts: Vec<Partial> = std::thread::scope(|scope| {
            let workers: Vec<_> = texts
                .chunks(run)
                .enumerate()
                .map(|(n, chunk)| scope.spawn(move || Partial::fold(chunk, (n * run) as SourceIx)))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
        });
        let mut merged = if parts.is_empty() { Partial::default() } else { parts.remove(0) };
        for part in parts {
            merged.absorb(part);
        }
        let Partial { ids, mut postings } = merged;
        let mut sorted: Vec<(Box<str>, u32)> = ids.into_iter().collect();
        sorted.sort_unstable();
        let mut index = TextIndex {
            spellings: String::with_capacity(sorted.iter().map(|(w, _)| w.len()).sum()),
            spelling_at: Vec::with_capacity(sorted.len() + 1),
            sources: Vec::with_capacity(postings.iter().map(Vec::len).sum()),
            source_at: Vec::with_capacity(sorted.len() + 1),
            source_count,
        };
        index.spelling_at.push(0);
        index.source_at.push(0);
        for (word, old_id) in sorted {
            index.spellings.push_str(&word);
            index.spelling_at.push(index.spellings.len() as u32);
            index.sources.extend_from_slice(&std::mem::take(&mut postings[old_id as usize]));
            index.source_at.push(index.sources.len() as u32);
        }
        index
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
