//! A sentence's dependency parse as a tree the event reader walks: children by relation,
//! subtrees, phrases and their spans.

use std::ops::Range;

use crate::grammar::{Deprel, Sentence, Token};

pub(super) struct Tree<'s> {
    pub(super) tokens: &'s [Token],
    pub(super) children: Vec<Vec<usize>>,
}

impl<'s> Tree<'s> {
    pub(super) fn new(sentence: &'s Sentence) -> Tree<'s> {
        let tokens = sentence.tokens.as_slice();
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, token) in tokens.iter().enumerate() {
            if let Some(head) = token.head.filter(|&h| h < tokens.len() && h != i) {
                children[head].push(i);
            }
        }
        Tree { tokens, children }
    }

    pub(super) fn lemma(&self, i: usize) -> &str {
        &self.tokens[i].lemma
    }

    pub(super) fn child(&self, i: usize, rel: &[Deprel]) -> Option<usize> {
        self.children[i].iter().copied().find(|&c| rel.contains(&self.tokens[c].deprel))
    }

    pub(super) fn children_with(&self, i: usize, rel: &[Deprel]) -> impl Iterator<Item = usize> + '_ {
        let rel = rel.to_vec();
        self.children[i].iter().copied().filter(move |&c| rel.contains(&self.tokens[c].deprel))
    }

    pub(super) fn has_child_lemma(&self, i: usize, rel: &[Deprel], lemmas: &[&str]) -> bool {
        self.children_with(i, rel).any(|c| lemmas.contains(&self.lemma(c).to_lowercase().as_str()))
    }

    /// The case marker of a nominal: "in" of "in Boulder".
    pub(super) fn case(&self, i: usize) -> Option<String> {
        self.child(i, &[Deprel::Case]).map(|c| self.lemma(c).to_lowercase())
    }

    /// Every token under `i`, `i` included, not descending into `stop` relations.
    pub(super) fn gather(&self, i: usize, stop: &dyn Fn(usize) -> bool, out: &mut Vec<usize>) {
        out.push(i);
        for &c in &self.children[i] {
            if !stop(c) {
                self.gather(c, stop, out);
            }
        }
    }

    /// The first word of the phrase `i` heads, following first dependents down (children are
    /// in text order); bounded by the tree's depth, without gathering the phrase.
    pub(super) fn leftmost(&self, i: usize) -> usize {
        let mut at = i;
        for _ in 0..self.tokens.len() {
            match self.children[at].first() {
                Some(&c) if c < at => at = c,
                _ => break,
            }
        }
        at
    }

    pub(super) fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.gather(i, &|_| false, &mut out);
        out
    }

    /// The span of a phrase without its clauses, appositions and parentheses.
    pub(super) fn phrase(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let stop = |c: usize| is_clausal(self.tokens[c].deprel) || matches!(self.tokens[c].deprel, Deprel::Appos);
        self.gather(i, &stop, &mut out);
        out.sort_unstable();
        out
    }

    pub(super) fn span_of(&self, ids: &[usize]) -> Option<Range<usize>> {
        let start = ids.iter().map(|&t| self.tokens[t].span.start).min()?;
        let end = ids.iter().map(|&t| self.tokens[t].span.end).max()?;
        Some(start..end)
    }
}

pub(super) fn is_clausal(rel: Deprel) -> bool {
    matches!(
        rel,
        Deprel::Ccomp
            | Deprel::Advcl
            | Deprel::AdvclRelcl
            | Deprel::Acl
            | Deprel::AclRelcl
            | Deprel::Parataxis
            | Deprel::Csubj
            | Deprel::CsubjPass
            | Deprel::Xcomp
            | Deprel::List
    )
}

pub(super) fn is_subject(rel: Deprel) -> bool {
    matches!(rel, Deprel::Nsubj | Deprel::NsubjPass | Deprel::NsubjOuter)
}
