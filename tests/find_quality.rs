//! Quality of `find` on the bundled store: every passage the curators cited, typed exactly or
//! misremembered, must be found (recall), and a short cited passage (three to five words) with its
//! rarest word swapped for one the articles never use must find nothing (the threshold; from six
//! words on, one swapped word is forgiven by design). Figures are printed; the assertions fail
//! when they drop.

use factline::find::{self, TextIndex, fold};
use factline::store::{Passage, Store, bundled};

fn passages(store: &Store) -> Vec<&Passage> {
    let mut all: Vec<&Passage> = store.claims.iter().flat_map(|c| &c.evidence).collect();
    all.extend(store.events.iter().flat_map(|e| &e.evidence));
    all.sort_by_key(|p| (p.source, p.start, p.end));
    all.dedup_by_key(|p| (p.source, p.start, p.end));
    all
}

fn found(store: &Store, index: &TextIndex, query: &str, passage: &Passage) -> bool {
    find::find(store, index, query, 10)
        .hits
        .iter()
        .any(|h| h.source == passage.source && h.start < passage.end && passage.start < h.end)
}

fn recall(store: &Store, index: &TextIndex, variant: impl Fn(&[String]) -> Option<String>) -> (usize, usize) {
    let mut tried = 0;
    let mut hit = 0;
    for passage in passages(store) {
        let words: Vec<String> = {
            let text = passage.exact(&store.sources);
            let mut out = Vec::new();
            fold::words(text, |w| out.push(text[w.bytes].to_string()));
            out
        };
        let Some(query) = variant(&words) else { continue };
        tried += 1;
        hit += usize::from(found(store, index, &query, passage));
    }
    (hit, tried)
}

#[test]
fn cited_passages_are_found_exactly_and_misremembered() {
    let store = bundled::load().unwrap();
    let index = TextIndex::new(&store);
    let exact = recall(&store, &index, |w| Some(w.join(" ")));
    let dropped = recall(&store, &index, |w| (w.len() >= 5).then(|| [&w[..2], &w[3..]].concat().join(" ")));
    let typo = recall(&store, &index, |w| {
        let at = w.iter().position(|x| x.len() >= 8 && x.is_ascii())?;
        let mut typed = w.to_vec();
        let swapped: String = typed[at][2..4].chars().rev().collect();
        typed[at].replace_range(2..4, &swapped);
        Some(typed.join(" "))
    });
    let plural = recall(&store, &index, |w| {
        let at =
            w.iter().position(|x| x.len() >= 4 && x.chars().all(|c| c.is_ascii_lowercase()) && !x.ends_with('s'))?;
        let mut typed = w.to_vec();
        typed[at].push('s');
        Some(typed.join(" "))
    });
    for (name, (hit, tried)) in
        [("exact", exact), ("one word dropped", dropped), ("one typo", typo), ("a plural", plural)]
    {
        println!("{name}: {hit}/{tried} cited passages found");
    }
    assert_eq!(exact.0, exact.1, "every cited passage typed as written");
    for (hit, tried) in [dropped, typo, plural] {
        assert!(tried >= 20 && hit * 100 >= tried * 95, "recall {hit}/{tried} below 95 %");
    }
}

#[test]
fn short_cited_passages_with_their_rarest_word_swapped_for_one_not_in_the_articles_find_nothing() {
    let store = bundled::load().unwrap();
    let index = TextIndex::new(&store);
    let sources_holding = |w: &String| index.word(w).map_or(0, |id| index.sources_of(id).len());
    let (mut tried, mut silent) = (0, 0);
    for passage in passages(&store) {
        let text = passage.exact(&store.sources);
        let mut words = Vec::new();
        fold::words(text, |w| words.push(w.folded.to_string()));
        if !(3..=5).contains(&words.len()) {
            continue;
        }
        let Some(rarest) = (0..words.len()).min_by_key(|&i| (sources_holding(&words[i]), i)) else { continue };
        words[rarest] = "zanzibarians".to_string();
        let query = words.join(" ");
        let hits = find::find(&store, &index, &query, 10).hits;
        if let Some(hit) = hits.first() {
            println!("  `{query}` finds `{}`", &store.sources[hit.source as usize].text[hit.bytes.clone()]);
        }
        tried += 1;
        silent += usize::from(hits.is_empty());
    }
    println!("rarest word swapped: {silent}/{tried} short passages find nothing");
    assert!(tried >= 5 && silent * 100 >= tried * 90, "only {silent}/{tried} found nothing");
}
