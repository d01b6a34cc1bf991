//! Search as the browser runs it on each keystroke while a name is typed one character at a time
//! ("k", "ka", "kar", …): fuzzy-match every spelling of every entity, then filter the timeline
//! and the claims through the postings of the matches. The baseline is the naive alternative: a
//! plain linear fuzzy-matcher scan over every event title.
//!
//! Then a phrase typed into the browser, key → frame, with the articles searched too on each
//! keystroke, against the same keystrokes with the entity search alone.

mod common;

use std::sync::Arc;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use factline::search::{Narrowing, SearchIndex, fold};
use factline::store::{EntityIx, EventIx, Store};
use factline::tui::App;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How many entities the browser's dropdown shows, and its live filter uses.
const DROPDOWN: usize = 10;

/// One keystroke as a session runs it: narrowing from the session's previous query.
fn keystroke(
    store: &Store,
    index: &SearchIndex,
    narrowing: &mut Narrowing,
    query: &str,
) -> (usize, Vec<EventIx>, usize) {
    let hits = index.search_narrowing(query, DROPDOWN, narrowing);
    let entities: Vec<EntityIx> = hits.iter().map(|h| h.entity).collect();
    let events = store.events_involving_any(&entities);
    let claims = store.claims_involving_any(&entities).len();
    (hits.len(), events, claims)
}

fn title_scan(store: &Store, matcher: &SkimMatcherV2, query: &str) -> Vec<EventIx> {
    let events = store.events.iter().enumerate();
    events.filter(|(_, e)| matcher.fuzzy_match(&e.title, query).is_some()).map(|(ix, _)| ix as EventIx).collect()
}

/// The folded first word of the name of the entity in the most events: what a user looks up.
fn typed_word(store: &Store) -> String {
    let busiest = (0..store.entities.len() as EntityIx).max_by_key(|&e| store.events_of_entity(e).len()).unwrap_or(0);
    let name = &store.entities[busiest as usize].name;
    fold(name.split_whitespace().next().unwrap_or(name))
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke");
    group.sample_size(20).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(300));
    for events in common::sizes(&[1_000, 100_000]) {
        keystrokes(&mut group, &events.to_string(), common::store(events));
    }
    // A store of the user's (an ACLED import, say): FACTLINE_BENCH_STORE=DIR.
    if let Some((label, store)) = common::named_store() {
        keystrokes(&mut group, &label, store);
    }
    group.finish();
}

fn keystrokes(group: &mut BenchmarkGroup<'_, WallTime>, events: &str, store: Store) {
    let index = SearchIndex::new(&store);
    let matcher = SkimMatcherV2::default();
    let word = typed_word(&store);
    let mut narrowing = Narrowing::default();
    for typed in 1..=word.len() {
        let query = &word[..typed];
        let id = format!("{events}/{query}");
        group.bench_function(BenchmarkId::new("factline", &id), |b| {
            b.iter(|| keystroke(&store, &index, &mut narrowing, query))
        });
        group.bench_function(BenchmarkId::new("title-scan", &id), |b| b.iter(|| title_scan(&store, &matcher, query)));
    }
    // The whole word typed from scratch: each keystroke narrows the one before.
    group.bench_function(BenchmarkId::new("typing-whole-word", format!("{events}/{word}")), |b| {
        b.iter(|| {
            index.search_narrowing("zzzz-reset", DROPDOWN, &mut narrowing);
            let mut typed_total = 0;
            for typed in 1..=word.len() {
                typed_total += keystroke(&store, &index, &mut narrowing, &word[..typed]).1.len();
            }
            typed_total
        })
    });
    group.bench_function(BenchmarkId::new("title-scan-whole-word", format!("{events}/{word}")), |b| {
        b.iter(|| (1..=word.len()).map(|typed| title_scan(&store, &matcher, &word[..typed]).len()).sum::<usize>())
    });

    // End to end in the browser: the key event, the searches, the filtered views, and the frame
    // written (120×40) after it.
    let store = Arc::new(store);
    let index = Arc::new(index);
    // The articles' index too, built once as the browser builds it (each keystroke from three
    // characters on also searches the article text), shared like every session shares it.
    let text = factline::tui::SharedTextIndex::default();
    text.get_or_init(|| factline::find::TextIndex::new(&store));
    for typed in 1..=word.len() {
        let id = format!("{events}/{}", &word[..typed]);
        group.bench_function(BenchmarkId::new("key-to-frame", &id), |b| {
            b.iter_batched(
                || {
                    let mut app = common::browser(App::new(store.clone(), index.clone()).with_text_index(text.clone()));
                    common::key(&mut app, KeyCode::Char('/'));
                    for c in word[..typed - 1].chars() {
                        common::key(&mut app, KeyCode::Char(c));
                    }
                    let (mut terminal, counter) = common::counting_terminal(120, 40);
                    common::frame(&mut terminal, &mut app);
                    (app, terminal, counter)
                },
                |(mut app, mut terminal, counter)| {
                    common::key(&mut app, KeyCode::Char(word[typed - 1..].chars().next().unwrap_or('a')));
                    common::frame(&mut terminal, &mut app);
                    counter
                },
                BatchSize::PerIteration,
            )
        });
    }
}

/// A phrase a reader remembers: five words from the middle of the middle article.
fn typed_phrase(store: &Store) -> String {
    let middle = &store.sources[store.sources.len() / 2].text;
    let mut words: Vec<&str> = Vec::new();
    factline::find::fold::words(middle, |w| words.push(&middle[w.bytes]));
    let at = words.len() / 2;
    words[at..(at + 5).min(words.len())].join(" ")
}

/// Key → frame while a phrase is typed into the browser with the articles' index ready (each
/// keystroke from three characters on searches the article text as well as the names), against
/// the same keystrokes with the entity search alone (an index that is never filled). Each
/// sample is one keystroke and its 120×40 frame; Backspace, untimed, returns to the step's start.
fn phrase(c: &mut Criterion) {
    let mut group = c.benchmark_group("phrase-key-to-frame");
    group.sample_size(10).measurement_time(Duration::from_secs(1)).warm_up_time(Duration::from_millis(300));
    for events in common::sizes(&[100_000]) {
        let store = Arc::new(common::store(events));
        let index = Arc::new(SearchIndex::new(&store));
        let ready = factline::tui::SharedTextIndex::default();
        ready.get_or_init(|| factline::find::TextIndex::new(&store));
        let phrase = typed_phrase(&store);
        eprintln!("{events}: typing {phrase:?}");
        for (label, text) in [("text", ready.clone()), ("entity-only", factline::tui::SharedTextIndex::default())] {
            let mut app = common::browser(App::new(store.clone(), index.clone()).with_text_index(text));
            let (mut terminal, _) = common::counting_terminal(120, 40);
            common::key(&mut app, KeyCode::Char('/'));
            common::frame(&mut terminal, &mut app);
            for (step, (at, typed)) in phrase.char_indices().enumerate() {
                let id = format!("{events}/{:02}-{}", step + 1, &phrase[..at + typed.len_utf8()]);
                group.bench_function(BenchmarkId::new(label, id), |b| {
                    b.iter_custom(|iters| {
                        let mut spent = Duration::ZERO;
                        for _ in 0..iters {
                            let started = std::time::Instant::now();
                            common::key(&mut app, KeyCode::Char(typed));
                            common::frame(&mut terminal, &mut app);
                            spent += started.elapsed();
                            common::key(&mut app, KeyCode::Backspace);
                            common::frame(&mut terminal, &mut app);
                        }
                        spent
                    })
                });
                common::key(&mut app, KeyCode::Char(typed));
                common::frame(&mut terminal, &mut app);
            }
        }
    }
    group.finish();
}

/// The typed word with two letters in its middle swapped and one doubled: a name misheard.
fn misspelt(word: &str) -> String {
    let mut letters: Vec<char> = word.chars().collect();
    let middle = letters.len() / 2;
    if letters.len() >= 4 {
        letters.swap(middle - 1, middle);
        letters.insert(middle, letters[middle]);
    }
    letters.into_iter().collect()
}

/// Per keystroke, a misspelt name (each step from four letters on also looks up sound-alikes and
/// typos, since the closer matches do not fill the dropdown) against the same name spelt right,
/// and a nonsense word (the typo lookup runs on every step and finds nothing).
fn typos(c: &mut Criterion) {
    let mut group = c.benchmark_group("typo-keystroke");
    group.sample_size(20).measurement_time(Duration::from_secs(1)).warm_up_time(Duration::from_millis(200));
    for events in common::sizes(&[100_000]) {
        let store = common::store(events);
        let index = SearchIndex::new(&store);
        let word = typed_word(&store);
        let wrong = misspelt(&word);
        eprintln!("{events}: {word:?} misspelt {wrong:?}");
        for (label, typed) in [("spelt-right", word.clone()), ("misspelt", wrong), ("nonsense", "qzxvwkj".to_string())]
        {
            for len in 1..=typed.len() {
                let query = &typed[..len];
                // From the step before, as typing it does (untimed).
                let mut before = Narrowing::default();
                index.search_narrowing(&typed[..len - 1], DROPDOWN, &mut before);
                group.bench_function(BenchmarkId::new(label, format!("{events}/{query}")), |b| {
                    b.iter_batched_ref(
                        || before.clone(),
                        |narrowing| keystroke(&store, &index, narrowing, query),
                        BatchSize::SmallInput,
                    )
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, search, phrase, typos);
criterion_main!(benches);
