//! The shipped store: it loads, every passage is the article's own words, and the articles are
//! the seed corpus byte for byte.

use std::path::Path;

use factline::store::{self, Passage, Store, bundled};

fn all_passages(store: &Store) -> Vec<(&str, &Passage)> {
    let events = store.events.iter().flat_map(|e| e.evidence.iter().map(move |p| (e.id.as_str(), p)));
    let claims = store.claims.iter().flat_map(|c| c.evidence.iter().map(move |p| (c.id.as_str(), p)));
    let variants = store
        .discrepancies
        .iter()
        .flat_map(|d| d.variants.iter().flat_map(move |v| v.evidence.iter().map(move |p| (d.id.as_str(), p))));
    events.chain(claims).chain(variants).collect()
}

#[test]
fn the_bundled_store_loads_and_every_passage_is_the_source_slice() {
    let store = bundled::load().unwrap_or_else(|e| panic!("the bundled store is invalid:\n{e}"));
    let passages = all_passages(&store);
    assert_eq!(passages.len(), store.passage_count());
    for (owner, passage) in passages {
        let text = &store.sources[passage.source as usize].text;
        // Counted independently of the loader: code points start..end.
        let by_chars: String = text.chars().skip(passage.start).take(passage.end - passage.start).collect();
        assert!(!by_chars.is_empty(), "{owner}: empty passage");
        assert_eq!(by_chars, passage.exact(&store.sources), "{owner}: offsets and bytes disagree");
        assert_eq!(&text[passage.bytes.clone()], by_chars, "{owner}");
    }
}

#[test]
fn the_bundled_store_equals_data_store_json_loaded_from_disk() {
    let on_disk = store::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data")).unwrap();
    let compiled = bundled::load().unwrap();
    assert_eq!(on_disk.events, compiled.events);
    assert_eq!(on_disk.claims, compiled.claims);
    assert_eq!(on_disk.sources.len(), compiled.sources.len());
}

#[test]
fn every_bundled_article_is_cited_by_the_store() {
    let store = bundled::load().unwrap();
    for (path, _) in bundled::SOURCES {
        let source = store.sources.iter().position(|s| s.file.as_deref() == Some(path));
        let source = source.unwrap_or_else(|| panic!("{path} is bundled but no source uses it"));
        assert!(all_passages(&store).iter().any(|(_, p)| p.source as usize == source), "{path} is never cited");
    }
}

#[test]
fn the_articles_are_the_seed_corpus_byte_for_byte() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sources");
    let mut shipped: Vec<Vec<u8>> =
        std::fs::read_dir(&data).unwrap().map(|entry| std::fs::read(entry.unwrap().path()).unwrap()).collect();
    shipped.sort();
    let mut compiled: Vec<Vec<u8>> = bundled::SOURCES.iter().map(|(_, text)| text.as_bytes().to_vec()).collect();
    compiled.sort();
    assert_eq!(shipped, compiled, "data/sources and the compiled-in articles differ");

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("note: {} is absent; compared data/sources with the binary only", corpus.display());
        return;
    }
    let mut seed: Vec<Vec<u8>> =
        std::fs::read_dir(&corpus).unwrap().map(|entry| std::fs::read(entry.unwrap().path()).unwrap()).collect();
    seed.sort();
    assert_eq!(shipped.len(), seed.len(), "a different number of articles than the seed corpus");
    assert!(shipped == seed, "data/sources differ from ../shared/corpus");
}
