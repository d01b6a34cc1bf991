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

impl TextIndex {
    pub fn new(store: &Store) -> TextIndex {
        TextIndex::from_texts(store.sources.iter().map(|s| s.text.as_str()))
    }

    pub fn from_texts<'t>(texts: impl IntoIterator<Item = &'t str>) -> TextIndex {
        let mut ids: HashMap<Box<str>, u32> = HashMap::default();
        let mut postings: Vec<Vec<SourceIx>> = Vec::new();
        let mut in_source: Vec<u32> = Vec::new();
        let mut source_count = 0usize;
        for (source, text) in texts.into_iter().enumerate() {
            source_count += 1;
            in_source.clear();
            fold::words(text, |word| {
                let id = match ids.get(word.folded) {
                    Some(&id) => id,
                    None => {
                        let id = postings.len() as u32;
                        ids.insert(word.folded.into(), id);
                        postings.push(Vec::new());
                        id
                    }
                };
                in_source.push(id);
            });
            in_source.sort_unstable();
            in_source.dedup();
            for &id in &in_source {
                postings[id as usize].push(source as SourceIx);
            }
        }
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
}
