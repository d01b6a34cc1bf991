//! Reading CoNLL-U treebank files: the training data of the model and the test split that
//! measures it.
//!
//! Only syntactic words are kept: a multiword token line (`3-4  don't`) is a surface spelling
//! whose parts follow on their own lines, and an empty node (`5.1`) is not part of the basic tree.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::labels::{Deprel, Upos, Xpos};

/// One word of a treebank sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldWord {
    pub form: String,
    pub lemma: String,
    pub upos: Upos,
    pub xpos: Xpos,
    /// Index of the head in the sentence, `None` for the root.
    pub head: Option<usize>,
    pub deprel: Deprel,
}

/// One treebank sentence with its gold analysis.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoldSentence {
    pub words: Vec<GoldWord>,
}

/// A treebank file that cannot be read, with where and why.
#[derive(Debug)]
pub struct ConlluError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for ConlluError {}

/// Parses the text of a CoNLL-U file; `path` only names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<GoldSentence>, ConlluError> {
    let fail = |line: usize, message: String| ConlluError { path: path.to_owned(), line, message };
    let mut sentences = Vec::new();
    let mut current = GoldSentence::default();
    for (number, line) in text.lines().enumerate().map(|(i, line)| (i + 1, line)) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                check_heads(&current).map_err(|message| fail(number, message))?;
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err(fail(number, format!("expected 10 tab-separated fields, found {}", fields.len())));
        }
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = current.words.len() + 1;
        if id.parse::<usize>().ok() != Some(expected) {
            return Err(fail(number, format!("word id {id:?} where {expected} was expected")));
        }
        let upos = Upos::parse(fields[3]).ok_or_else(|| fail(number, format!("unknown UPOS tag {:?}", fields[3])))?;
        let xpos = Xpos::parse(fields[4]).ok_or_else(|| fail(number, format!("unknown XPOS tag {:?}", fields[4])))?;
        let head: usize =
            fields[6].parse().map_err(|_| fail(number, format!("head {:?} is not a number", fields[6])))?;
        let deprel =
            Deprel::parse(fields[7]).ok_or_else(|| fail(number, format!("unknown relation {:?}", fields[7])))?;
        current.words.push(GoldWord {
            form: fields[1].to_owned(),
            lemma: fields[2].to_owned(),
            upos,
            xpos,
            head: head.checked_sub(1),
            deprel,
        });
    }
    if !current.words.is_empty() {
        check_heads(&current).map_err(|message| fail(0, message))?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn check_heads(sentence: &GoldSentence) -> Result<(), String> {
    let len = sentence.words.len();
    match sentence.words.iter().position(|word| word.head.is_some_and(|head| head >= len)) {
        Some(bad) => Err(format!("word {} has a head outside its sentence", bad + 1)),
        None => Ok(()),
    }
}

/// Reads one file.
pub fn read_file(path: &Path) -> Result<Vec<GoldSentence>, ConlluError> {
    let text = fs::read_to_string(path).map_err(|error| ConlluError {
        path: path.to_owned(),
        line: 0,
        message: error.to_string(),
    })?;
    parse(&text, path)
}

/// Reads one split (`train`, `dev`, `test`) of a UD_English-EWT checkout: either the released
/// `en_ewt-ud-SPLIT.conllu`, or, where that is absent, the per-document files that
/// `not-to-release/file-lists/files.SPLIT` lists, in that order.
pub fn read_split(treebank: &Path, split: &str) -> Result<Vec<GoldSentence>, ConlluError> {
    let released = treebank.join(format!("en_ewt-ud-{split}.conllu"));
    if released.is_file() {
        return read_file(&released);
    }
    let list = treebank.join("not-to-release/file-lists").join(format!("files.{split}"));
    let names = fs::read_to_string(&list).map_err(|error| ConlluError {
        path: list.clone(),
        line: 0,
        message: format!(
            "{error}; neither {} nor this file list exists: is this a UD_English-EWT checkout?",
            released.display()
        ),
    })?;
    let sources = treebank.join("not-to-release/sources");
    let mut sentences = Vec::new();
    for name in names.lines().map(str::trim).filter(|name| !name.is_empty()) {
        sentences.extend(read_file(&sources.join(name))?);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = I don't know.\n\
        1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
        2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
        3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
        3.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t_\t_\n\
        4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n\
        5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn multiword_tokens_and_empty_nodes_are_skipped() {
        let sentences = parse(SAMPLE, Path::new("sample.conllu")).unwrap();
        assert_eq!(sentences.len(), 1);
        let forms: Vec<&str> = sentences[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["I", "do", "n't", "know", "."]);
        assert_eq!(sentences[0].words[3].head, None);
        assert_eq!(sentences[0].words[0].head, Some(3));
        assert_eq!(sentences[0].words[2].deprel, Deprel::Advmod);
    }

    #[test]
    fn a_bad_line_is_named_with_its_number() {
        let text = "1\tI\tI\tPRONOUN\tPRP\t_\t0\troot\t_\t_\n";
        let error = parse(text, Path::new("bad.conllu")).unwrap_err();
        assert_eq!(error.line, 1);
        assert!(error.to_string().starts_with("bad.conllu:1: unknown UPOS tag"), "{error}");
    }
}
