//! The bundled grammar model measured on the test split of UD_English-EWT, the treebank it was
//! trained on. The treebank is not part of the repository: point `FACTLINE_UD_EWT` at a checkout
//! (a folder with `en_ewt-ud-test.conllu`, or with `not-to-release/file-lists/files.test`).
//!
//! FACTLINE_UD_EWT=PATH/TO/UD_English-EWT cargo test --release --locked --test grammar_accuracy

use std::path::PathBuf;

use factline::grammar::conllu::read_split;
use factline::grammar::model;
use factline::grammar::train::evaluate;

#[test]
#[cfg_attr(no_ud_ewt, ignore = "needs UD_English-EWT: set FACTLINE_UD_EWT=PATH/TO/UD_English-EWT")]
fn the_bundled_model_meets_its_targets_on_the_test_split() {
    let treebank = PathBuf::from(std::env::var_os("FACTLINE_UD_EWT").expect("FACTLINE_UD_EWT names the treebank"));
    let test = read_split(&treebank, "test").unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(test.len(), 2077, "the EWT test split has 2,077 sentences");
    let scores = evaluate(model(), &test);
    eprintln!("{scores:?}");
    assert!(scores.upos >= 95.0, "UPOS {:.2}% is under the 95% target", scores.upos);
    assert!(scores.uas >= 85.0, "UAS {:.2}% is under the 85% target", scores.uas);
    assert!(scores.las >= 80.0, "LAS {:.2}% fell under 80%", scores.las);
    assert!(scores.lemma >= 95.0, "lemma accuracy {:.2}% fell under 95%", scores.lemma);
}

#[test]
#[cfg_attr(no_ud_ewt, ignore = "needs UD_English-EWT: set FACTLINE_UD_EWT=PATH/TO/UD_English-EWT")]
fn the_train_split_reads_as_12544_sentences() {
    let treebank = PathBuf::from(std::env::var_os("FACTLINE_UD_EWT").expect("FACTLINE_UD_EWT names the treebank"));
    let train = read_split(&treebank, "train").unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(train.len(), 12_544);
}
