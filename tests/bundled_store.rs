//! The shipped store: it loads, every passage is the article's own words, and the articles are
//! the seed corpus byte for byte.

use std::path::Path;

use factline::store::{self, Passage, Store, bundled};
use sha2::{Digest, Sha256};

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
    // Every record; the indexes are built from them, so equal records mean equal indexes.
    assert_eq!(on_disk.title, compiled.title);
    assert_eq!(on_disk.sources, compiled.sources);
    assert_eq!(on_disk.entities, compiled.entities);
    assert_eq!(on_disk.events, compiled.events);
    assert_eq!(on_disk.claims, compiled.claims);
    assert_eq!(on_disk.discrepancies, compiled.discrepancies);
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

/// The files of a folder, read whole, sorted by content (the seed corpus names them differently).
fn sorted_contents(folder: &Path) -> Vec<Vec<u8>> {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    let mut contents: Vec<Vec<u8>> = entries
        .map(|entry| {
            let path = entry.unwrap().path();
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .collect();
    contents.sort();
    contents
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_articles_are_the_seed_corpus_byte_for_byte() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = sorted_contents(&root.join("data/sources"));
    let mut compiled: Vec<Vec<u8>> = bundled::SOURCES.iter().map(|(_, text)| text.as_bytes().to_vec()).collect();
    compiled.sort();
    assert!(shipped == compiled, "data/sources and the compiled-in articles differ");

    // The seed corpus is pinned by its checksums (`sha256sum` of each seed article), kept in the
    // repository so the comparison runs on every clone rather than only beside the corpus.
    let manifest_path = root.join("tests/fixtures/seed-corpus.sha256");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; it pins the seed articles (run `sha256sum *` in the seed corpus folder)",
            manifest_path.display()
        )
    });
    let mut seed: Vec<&str> = manifest.lines().filter_map(|line| line.split_whitespace().next()).collect();
    seed.sort_unstable();
    let mut ours: Vec<String> = shipped.iter().map(|text| sha256_hex(text)).collect();
    ours.sort_unstable();
    assert_eq!(seed.len(), 5, "{} lists the five seed articles", manifest_path.display());
    assert_eq!(ours, seed, "data/sources differ from the seed corpus pinned in {}", manifest_path.display());
}
