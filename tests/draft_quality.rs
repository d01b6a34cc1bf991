//! How good `factline draft` is, measured: precision and recall of attributions against the
//! bundled store's curated claims (a public benchmark) and against the tuning set, project-written
//! articles annotated by hand (`tests/fixtures/draft/gold.tsv`) whose constructions the rules were
//! then fitted to — so these are figures on text the rules were tuned on, not held-out figures
//! (those come from real news: PolNeAR, see the README) — plus entity merging and claim dates.
//! Each figure has a threshold just below the level measured when it was set, so a change that
//! makes drafting worse fails here.

use std::ops::Range;
use std::path::Path;

use factline::draft::entities::fold;
use factline::draft::{Article, Draft, draft};

fn articles_in(folder: &Path) -> Vec<Article> {
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Article {
            file_name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap(),
        })
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn speaks_as(draft: &Draft, entity: usize, spellings: &[String]) -> bool {
    draft.entities[entity].spellings.iter().any(|s| spellings.contains(&fold(s)))
}

/// One statement of the reference: where it is (byte ranges in one article) and who said it.
struct Reference {
    file: String,
    pieces: Vec<Range<usize>>,
    speaker: Vec<String>,
    date: Option<String>,
    label: String,
}

struct Score {
    precision: f64,
    recall: f64,
    drafted: usize,
    dated_right: usize,
    datable: usize,
}

/// A draft claim is right when its passage overlaps a reference passage in the same article and
/// its speaker shares a spelling with the reference speaker.
fn score(draft: &Draft, references: &[Reference], report: &mut String) -> Score {
    let matches = |c: &factline::draft::DraftClaim, r: &Reference| {
        draft.sources[c.source].file_name == r.file
            && c.found.pieces.iter().any(|p| r.pieces.iter().any(|q| overlaps(p, q)))
            && speaks_as(draft, c.found.speaker, &r.speaker)
    };
    let mut right = 0;
    for c in &draft.claims {
        let ok = references.iter().any(|r| matches(c, r));
        right += usize::from(ok);
        if !ok {
            let text = &draft.sources[c.source].text;
            report.push_str(&format!(
                "  wrong: [{}] {} {}: {:?}\n",
                draft.sources[c.source].file_name,
                draft.entities[c.found.speaker].name,
                c.found.verb,
                c.found.pieces.iter().map(|p| &text[p.clone()]).collect::<Vec<_>>()
            ));
        }
    }
    let mut found = 0;
    let (mut datable, mut dated_right) = (0, 0);
    for r in references {
        let hit = draft.claims.iter().find(|c| matches(c, r));
        found += usize::from(hit.is_some());
        if hit.is_none() {
            report.push_str(&format!("  missed: [{}] {}\n", r.file, r.label));
        }
        if let Some(date) = &r.date {
            datable += 1;
            let got = hit.and_then(|c| c.found.date.map(|d| d.to_string()));
            if got.as_deref() == Some(date.as_str()) {
                dated_right += 1;
            } else {
                report.push_str(&format!("  date: [{}] {} want {date}, got {got:?}\n", r.file, r.label));
            }
        }
    }
    Score {
        precision: right as f64 / draft.claims.len().max(1) as f64,
        recall: found as f64 / references.len().max(1) as f64,
        drafted: draft.claims.len(),
        dated_right,
        datable,
    }
}

#[test]
fn the_bundled_articles_score_against_the_curated_claims() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let articles = articles_in(&root.join("sources"));
    let store = factline::store::load_path(&root.join("store.json")).unwrap();
    let drafted = draft(&articles, None, |_| {});
    // Score per curated claim: found when any draft claim overlaps any of its passages, in its
    // article, with the same speaker.
    let mut report = String::new();
    let mut references = Vec::new();
    for claim in &store.claims {
        let speaker: Vec<String> = store.entities[claim.speaker as usize].spellings().map(fold).collect();
        for passage in &claim.evidence {
            let source = &store.sources[passage.source as usize];
            let file = source.file.as_deref().unwrap().trim_start_matches("sources/").to_string();
            references.push((
                claim.id.clone(),
                Reference {
                    file,
                    pieces: vec![passage.bytes.clone()],
                    speaker: speaker.clone(),
                    date: None,
                    label: claim.id.clone(),
                },
            ));
        }
    }
    let flat: Vec<Reference> = references
        .iter()
        .map(|(_, r)| Reference {
            file: r.file.clone(),
            pieces: r.pieces.clone(),
            speaker: r.speaker.clone(),
            date: None,
            label: r.label.clone(),
        })
        .collect();
    let by_passage = score(&drafted, &flat, &mut report);
    let found_claims: std::collections::BTreeSet<&str> = references
        .iter()
        .filter(|(_, r)| {
            drafted.claims.iter().any(|c| {
                drafted.sources[c.source].file_name == r.file
                    && c.found.pieces.iter().any(|p| r.pieces.iter().any(|q| overlaps(p, q)))
                    && speaks_as(&drafted, c.found.speaker, &r.speaker)
            })
        })
        .map(|(id, _)| id.as_str())
        .collect();
    let recall = found_claims.len() as f64 / store.claims.len() as f64;
    let missed: Vec<&str> =
        store.claims.iter().map(|c| c.id.as_str()).filter(|id| !found_claims.contains(id)).collect();
    let report: String = report.lines().filter(|l| l.contains("wrong")).map(|l| format!("{l}\n")).collect::<String>()
        + &format!("  missed: {missed:?}\n");
    println!(
        "bundled benchmark: {} drafted, precision {:.2}, recall {:.2} ({} of {} curated claims)\n{report}",
        by_passage.drafted,
        by_passage.precision,
        recall,
        found_claims.len(),
        store.claims.len()
    );
    assert!(
        by_passage.precision >= PRECISION_BUNDLED,
        "precision {:.2} fell below {PRECISION_BUNDLED}\n{report}",
        by_passage.precision
    );
    assert!(recall >= RECALL_BUNDLED, "recall {recall:.2} fell below {RECALL_BUNDLED}");
}

/// Measured 0.95 precision and 0.48 recall (15 of 31) when first set; 1.00 and 0.55 (17 of 31)
/// since descriptions the token rules cannot name speak ("Western nations accuse …"), so a drop to
/// 16 fails. Many curated claims are joint or collective speech ("Both deny the charges") that
/// the rules leave to the reviewer.
const PRECISION_BUNDLED: f64 = 0.90;
const RECALL_BUNDLED: f64 = 0.53;

/// The hand annotation of the tuning-set articles.
struct Gold {
    claims: Vec<Reference>,
    merges: Vec<(String, Vec<String>)>,
    not_claims: Vec<(String, String)>,
    published: Vec<(String, Option<String>)>,
}

fn gold(articles: &[Article]) -> Gold {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft/gold.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut gold = Gold { claims: Vec::new(), merges: Vec::new(), not_claims: Vec::new(), published: Vec::new() };
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (kind, rest) = line.split_once(' ').unwrap();
        let fields: Vec<&str> = rest.split(" | ").map(str::trim).collect();
        let file = fields[0].to_string();
        let article = articles.iter().find(|a| a.file_name == file).unwrap_or_else(|| panic!("gold names {file}"));
        match kind {
            "claim" => {
                let at = article
                    .text
                    .find(fields[3])
                    .unwrap_or_else(|| panic!("{file}: `{}` is not in the article", fields[3]));
                let span = at..at + fields[3].len();
                gold.claims.push(Reference {
                    file,
                    pieces: vec![span],
                    speaker: vec![fold(fields[1])],
                    date: (fields[4] != "-").then(|| fields[4].to_string()),
                    label: format!("{} {}: {}", fields[1], fields[2], fields[3]),
                });
            }
            "merge" => gold.merges.push((file, fields[1..].iter().map(|s| s.to_string()).collect())),
            "not" => gold.not_claims.push((file, fields[1].to_string())),
            "published" => gold.published.push((file, (fields[1] != "-").then(|| fields[1].to_string()))),
            other => panic!("unknown gold line kind {other}"),
        }
    }
    gold
}

fn tuning_set() -> (Vec<Article>, Draft, Gold) {
    let articles = articles_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft"));
    let drafted = draft(&articles, None, |_| {});
    let gold = gold(&articles);
    (articles, drafted, gold)
}

#[test]
fn tuning_set_articles_meet_the_targets() {
    let (_, drafted, gold) = tuning_set();
    let mut report = String::new();
    let s = score(&drafted, &gold.claims, &mut report);
    let date_rate = s.dated_right as f64 / s.datable.max(1) as f64;
    println!(
        "tuning set: {} drafted, {} annotated, precision {:.2}, recall {:.2}, dates {}/{}\n{report}",
        s.drafted,
        gold.claims.len(),
        s.precision,
        s.recall,
        s.dated_right,
        s.datable
    );
    // Measured 1.00 / 0.92 (58 of 63) / 6 of 6 when set; the targets are 0.90 / 0.75 / 0.80.
    assert!(s.precision >= 0.95, "precision {:.2} below 0.95\n{report}", s.precision);
    assert!(s.recall >= 0.93, "recall {:.2} below 0.93\n{report}", s.recall);
    assert!(date_rate >= 0.83, "{date_rate:.2} of datable claims dated right, below 0.83\n{report}");
}

#[test]
fn tuning_set_scare_quotes_titles_and_non_speech_are_not_claims() {
    let (_, drafted, gold) = tuning_set();
    for (file, phrase) in &gold.not_claims {
        for c in drafted.claims.iter().filter(|c| &drafted.sources[c.source].file_name == file) {
            let text = &drafted.sources[c.source].text;
            let at = text.find(phrase.as_str()).unwrap();
            let inside = at..at + phrase.len();
            for p in &c.found.pieces {
                assert!(
                    !(inside.start <= p.start && p.end <= inside.end),
                    "{file}: `{}` drafted as a claim",
                    &text[p.clone()]
                );
            }
        }
    }
}

#[test]
fn tuning_set_spellings_are_merged() {
    let (_, drafted, gold) = tuning_set();
    let merged = gold
        .merges
        .iter()
        .filter(|(file, spellings)| {
            let _ = file;
            drafted.entities.iter().any(|e| spellings.iter().all(|s| e.spellings.iter().any(|t| fold(t) == fold(s))))
        })
        .count();
    let rate = merged as f64 / gold.merges.len() as f64;
    let missing: Vec<_> = gold
        .merges
        .iter()
        .filter(|(_, spellings)| {
            !drafted.entities.iter().any(|e| spellings.iter().all(|s| e.spellings.iter().any(|t| fold(t) == fold(s))))
        })
        .collect();
    println!("merged {merged} of {}; not merged: {missing:?}", gold.merges.len());
    assert!(rate >= 0.93, "{rate:.2} of multi-spelling entities merged, below 0.90: {missing:?}");
}

#[test]
fn tuning_set_publication_dates_come_from_the_articles_own_lines() {
    let (_, drafted, gold) = tuning_set();
    for (file, want) in &gold.published {
        let source = drafted.sources.iter().find(|s| &s.file_name == file).unwrap();
        assert_eq!(source.meta.published.map(|d| d.to_string()), *want, "{file}: {:?}", source.meta.provenance);
    }
}
