//! Property: whatever the article and however a reader retypes a stretch of it — other case,
//! accents dropped, straight quotes, other spaces and punctuation between the words — `find`
//! returns a hit covering that stretch, and every hit is the article's own code points.

use factline::find::{TextIndex, fold, query};
use proptest::prelude::*;

const WORDS: [&str; 32] = [
    "Iran",
    "Pakistan",
    "said",
    "Zoë",
    "café",
    "北京",
    "killed",
    "border",
    "560",
    "mile",
    "über",
    "Łódź",
    "were",
    "not",
    "Iran’s",
    "ministers",
    "strikes",
    "talks",
    "Jaish",
    "al",
    "Adl",
    "Islamabad",
    "Tehran",
    "élan",
    "naïve",
    "cafe\u{301}",
    "Jilani",
    "Abdollahian",
    "resume",
    "ties",
    "2024",
    "Wire",
];
const SEPARATORS: [&str; 12] = [" ", ", ", " — ", "\r\n", "\u{a0}", "…", " “", "” ", "-", " 🔊 ", "\n\n", " («"];

fn retyped(word: &str, how: u8) -> String {
    let plain = word.replace(['’', '‘'], "'");
    match how % 4 {
        0 => plain,
        1 => plain.to_uppercase(),
        2 => deunicode::deunicode(&plain).to_lowercase(),
        _ => deunicode::deunicode(&plain),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_retyped_stretch_of_an_article_is_found(
        words in prop::collection::vec((0..WORDS.len(), 0..SEPARATORS.len()), 2..40),
        pick in (0usize..40, 1usize..6),
        retype in prop::collection::vec((any::<u8>(), 0..SEPARATORS.len()), 6),
        other in prop::collection::vec(0..WORDS.len(), 0..30),
    ) {
        let mut article = String::new();
        let mut spans = Vec::new();
        for &(w, s) in &words {
            let start = article.chars().count();
            article.push_str(WORDS[w]);
            spans.push(start..article.chars().count());
            article.push_str(SEPARATORS[s]);
        }
        let first = pick.0 % words.len();
        let last = (first + pick.1).min(words.len()) - 1;
        let query: String = (first..=last)
            .zip(&retype)
            .map(|(i, &(how, s))| format!("{}{}", retyped(WORDS[words[i].0], how), SEPARATORS[s]))
            .collect();
        let filler: String = other.iter().map(|&w| format!("{} ", WORDS[w])).collect();
        let texts = [filler.as_str(), article.as_str()];
        let index = TextIndex::from_texts(texts);
        let found = query::find(&index, |s| texts[s as usize], &query, 1000);
        let want = spans[first].start..spans[last].end;
        let want_words = fold::folded_words(&query);
        for hit in &found.hits {
            let text = texts[hit.source as usize];
            let by_chars: String = text.chars().skip(hit.start).take(hit.end - hit.start).collect();
            prop_assert_eq!(&by_chars, &text[hit.bytes.clone()]);
        }
        // A phrase that overlaps itself ("al al" in "al al al") is found once per stretch the
        // greedy pick keeps: then an exact hit overlapping the stretch with the same words counts.
        let covered = found.hits.iter().any(|h| h.source == 1 && h.start <= want.start && h.end >= want.end)
            || found.hits.iter().any(|h| {
                h.source == 1 && h.is_exact() && h.start < want.end && want.start < h.end
                    && fold::folded_words(&texts[1][h.bytes.clone()]) == want_words
            });
        prop_assert!(covered, "query {:?} in {:?}: want {:?}, hits {:?}", query, article, want, found.hits);
    }
}
