//! Occurrences an article states, on the record, as scheduled: `talks resume on Monday`, `the
//! minister will visit … next week`, `Pakistan said … its ambassador would resume duties on
//! Friday`, `is due to be sentenced on March 3`, `is set to visit Pakistan on January 29`. They
//! are drafted as events marked `scheduled`, dated by their own time words read forward; one
//! without time words is not drafted (a schedule has a date).
//!
//! Never what is only wished, demanded, proposed, threatened or possible: `could meet`, `may
//! visit`, `would strike if …`, `demanded that talks resume on Monday`, `plans to visit`, `would`
//! outside reported speech (a hypothetical), a negated or conditional clause.

use super::lexicon;
use super::tree::Tree;
use super::triggers::Trigger;
use super::when::{self, When};
use crate::draft::dates::Ymd;
use crate::grammar::{Deprel, Upos, Xpos};

/// Heads whose infinitive states a fixed date: `is set to`, `is due to`, `is scheduled to`.
pub(super) fn is_timetable(lemma: &str) -> bool {
    matches!(lemma, "set" | "due" | "schedule" | "slate")
}

impl Tree<'_> {
    /// Triggers of occurrences the sentence states as scheduled, among clauses that are not
    /// real (future, reported `would`, an infinitive of a timetable).
    pub(super) fn scheduled_triggers(&self) -> Vec<Trigger> {
        (0..self.tokens.len())
            .filter(|&verb| self.tokens[verb].upos == Upos::Verb && !self.is_real(verb) && self.is_scheduled(verb))
            .filter_map(|verb| self.trigger(verb))
            .collect()
    }

    /// Whether a clause the drafter reads as real is a present tense stating a timetable: a
    /// simple present with no auxiliary (`talks resume on Monday`). Its time words decide: read
    /// forward, they must give a date ([`super::when::resolve_ahead`]).
    pub(super) fn is_timetabled_present(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        matches!(token.xpos, Xpos::Vbz | Xpos::Vbp)
            && self.child(verb, &[Deprel::Aux, Deprel::AuxPass, Deprel::Cop]).is_none()
            && matches!(token.deprel, Deprel::Root | Deprel::Conj | Deprel::Parataxis)
    }

    /// The first calendar day the sentence gives for what is still to come: a deadline (`by
    /// January 26`, `until 3 March`) or the date of a scheduled occurrence; `hint` supplies a
    /// missing year. An article with no date of its own tells the days before it.
    pub(super) fn first_date_to_come(&self, text: &str, hint: Ymd) -> Option<Ymd> {
        let deadline = |c: usize| {
            let first = self.leftmost(c);
            self.case(c).is_some_and(|m| matches!(m.as_str(), "by" | "until" | "till"))
                || self.tokens[first].upos == Upos::Adp
                    && matches!(self.lemma(first).to_lowercase().as_str(), "by" | "until" | "till")
        };
        let scheduled = |v: usize| self.tokens[v].upos == Upos::Verb && !self.is_real(v) && self.is_scheduled(v);
        let mut first: Option<Ymd> = None;
        for c in 0..self.tokens.len() {
            let to_come = deadline(c) || self.tokens[c].head.is_some_and(|h| h != c && scheduled(h));
            if !to_come || !when::has_time_words(self.lemma(c)) && !deadline(c) {
                continue;
            }
            let Some(span) = self.span_of(&self.subtree(c)) else { continue };
            if let Some(When::Day(day)) = when::resolve_calendar(&text[span], hint) {
                first = Some(first.map_or(day, |f| f.min(day)));
            }
        }
        first
    }

    /// Whether the clause of `verb` says the occurrence is to happen, as a fact on the record.
    pub(super) fn is_scheduled(&self, verb: usize) -> bool {
        if self.is_negated_or_conditional(verb) {
            return false;
        }
        let token = &self.tokens[verb];
        let aux = |lemmas: &[&str]| self.has_child_lemma(verb, &[Deprel::Aux], lemmas);
        // Any other modal makes it possible, not fixed.
        if aux(&["could", "may", "might", "should", "must", "can", "ought"]) {
            return false;
        }
        let future = aux(&["will", "shall"]);
        // `would` is the future of reported speech only: `said … would visit on Monday`.
        let reported_future = aux(&["would"]) && self.reported_by_statement(verb);
        // `is set / due / scheduled to visit`.
        let timetable = token.deprel == Deprel::Xcomp
            && self.has_child_lemma(verb, &[Deprel::Mark], &["to"])
            && token.head.is_some_and(|h| {
                is_timetable(&self.lemma(h).to_lowercase())
                    && !self.is_negated_or_conditional(h)
                    && self.is_modal_free(h)
            });
        let worded = self.after_timetable_words(verb);
        // The timetable is the clause: "is due to vote" hangs on `due`, which is no wish.
        let on_timetable = token.head.filter(|&h| timetable || worded && is_timetable(&self.lemma(h).to_lowercase()));
        let clause = on_timetable.unwrap_or(verb);
        (future || reported_future || timetable || worded) && !self.under_a_wish(clause)
    }

    /// `is due to (be) …`, `are set to …` right before the verb, however the parse reads the
    /// words (it may take `due to` for the preposition of `due to the rain`).
    fn after_timetable_words(&self, verb: usize) -> bool {
        let lemma = |i: usize| self.lemma(i).to_lowercase();
        let mut at = verb;
        if at > 0 && lemma(at - 1) == "be" && self.tokens[at - 1].xpos == Xpos::Vb {
            at -= 1;
        }
        at >= 3
            && lemma(at - 1) == "to"
            && is_timetable(&lemma(at - 2))
            && lemma(at - 3) == "be"
            && !self.is_negated_or_conditional(verb)
            && !self.children[verb].iter().chain(&self.children[at - 2]).any(|&c| lemma(c) == "not")
    }

    /// Whether the clause of `verb` is negated (`not`, `never`) or a condition (`if`, `unless`,
    /// or an `if` clause of its own).
    pub(super) fn is_negated_or_conditional(&self, verb: usize) -> bool {
        self.has_child_lemma(verb, &[Deprel::Advmod, Deprel::Det], &["not", "never", "n't"])
            || self.has_child_lemma(verb, &[Deprel::Mark], &["if", "unless", "whether", "lest"])
            || self
                .children_with(verb, &[Deprel::Advcl])
                .any(|c| self.has_child_lemma(c, &[Deprel::Mark], &["if", "unless", "whether"]))
    }

    /// Whether the clause is what a verb of stating reports: `Pakistan said that …`, or `…, the
    /// ministry said` set into it.
    fn reported_by_statement(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        let reported = token.deprel == Deprel::Ccomp
            && token.head.is_some_and(|h| lexicon::is_statement(&self.lemma(h).to_lowercase()));
        let set_in = self
            .children_with(verb, &[Deprel::Parataxis])
            .any(|c| lexicon::is_statement(&self.lemma(c).to_lowercase()));
        reported || set_in
    }

    /// Whether the clause hangs on a wish, a demand, a proposal or a plan (`demanded that talks
    /// resume on Monday`, `proposed to meet next week`), or on a speech verb that is not a
    /// statement of fact (`warned that … will strike`).
    fn under_a_wish(&self, clause: usize) -> bool {
        let mut at = clause;
        for _ in 0..8 {
            let token = &self.tokens[at];
            let Some(head) = token.head else { return false };
            let lemma = self.lemma(head).to_lowercase();
            match token.deprel {
                Deprel::Conj => at = head,
                Deprel::Ccomp | Deprel::Xcomp | Deprel::Advcl => {
                    if lexicon::is_irrealis(&lemma) || lexicon::is_speech(&lemma) && !lexicon::is_statement(&lemma) {
                        return true;
                    }
                    return false;
                }
                _ => return false,
            }
        }
        false
    }
}
