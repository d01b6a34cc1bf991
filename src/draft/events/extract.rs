//! One article's reports of occurrences, read off the dependency parse: a trigger (an event verb,
//! or an event noun with the verb that makes it happen), its actors (subject, agent of a passive,
//! `between`/`with` phrases), targets (object, subject of a passive, `against` phrases), places
//! (place names in its own clause), the time words of its own clause, and the figures it gives.
//!
//! What is not an occurrence is left out: a negated or modal clause (`did not attack`, `could
//! strike`, `will meet`), a condition (`if talks fail`), an infinitive complement (`agreed to
//! raise`, `plans to strike`), a modifier (`a dinner hosted by`), a question, and anything inside
//! quotation marks (what a speaker alleges is a claim, drafted as one).

use std::ops::Range;

use super::lexicon::{self, Sense};
use super::when::{self, When};
use crate::draft::dates::Ymd;
use crate::draft::entities::{Mention, Registry};
use crate::draft::quotes::Quote;
use crate::grammar::{Deprel, Sentence, Token, Upos, Xpos};
use crate::store::model::EntityKind;

/// A number an article gives for an occurrence: "at least 14 people", "six of the nine counts".
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: u64,
    /// The lemma of what is counted ("person", "count", "worker").
    pub noun: String,
    /// The words, verbatim ("at least 14 people").
    pub span: Range<usize>,
}

/// One article's report of one occurrence.
#[derive(Debug, Clone)]
pub struct Report {
    pub source: usize,
    /// The clause that states it, verbatim (bytes).
    pub passage: Range<usize>,
    pub kind: &'static str,
    /// What the occurrence is, for telling reports of it apart: the disaster, the event noun or
    /// the trigger's lemma, with near-synonyms folded ("walk out" and a labour "strike").
    pub family: String,
    pub title: String,
    pub actors: Vec<usize>,
    pub targets: Vec<usize>,
    pub places: Vec<usize>,
    /// Participants the article describes rather than names ("dock workers"), with the lemma of
    /// the description's head ("worker").
    pub described: Vec<(usize, String)>,
    pub when: Option<When>,
    /// The time words the date was read from; `None` when the clause has none and the date is
    /// the article's publication day.
    pub when_words: Option<Range<usize>>,
    pub figures: Vec<Figure>,
    pub confidence: f32,
}

/// What extraction reads of one article.
pub struct ArticleView<'a> {
    pub text: &'a str,
    pub index: usize,
    pub published: Option<Ymd>,
    pub sentences: &'a [Sentence],
    pub quotes: &'a [Quote],
    pub mentions: &'a [Mention],
}

struct Tree<'s> {
    tokens: &'s [Token],
    children: Vec<Vec<usize>>,
}

impl<'s> Tree<'s> {
    fn new(sentence: &'s Sentence) -> Tree<'s> {
        let tokens = sentence.tokens.as_slice();
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, token) in tokens.iter().enumerate() {
            if let Some(head) = token.head.filter(|&h| h < tokens.len() && h != i) {
                children[head].push(i);
            }
        }
        Tree { tokens, children }
    }

    fn lemma(&self, i: usize) -> &str {
        &self.tokens[i].lemma
    }

    fn child(&self, i: usize, rel: &[Deprel]) -> Option<usize> {
        self.children[i].iter().copied().find(|&c| rel.contains(&self.tokens[c].deprel))
    }

    fn children_with(&self, i: usize, rel: &[Deprel]) -> impl Iterator<Item = usize> + '_ {
        let rel = rel.to_vec();
        self.children[i].iter().copied().filter(move |&c| rel.contains(&self.tokens[c].deprel))
    }

    fn has_child_lemma(&self, i: usize, rel: &[Deprel], lemmas: &[&str]) -> bool {
        self.children_with(i, rel).any(|c| lemmas.contains(&self.lemma(c).to_lowercase().as_str()))
    }

    /// The case marker of a nominal: "in" of "in Boulder".
    fn case(&self, i: usize) -> Option<String> {
        self.child(i, &[Deprel::Case]).map(|c| self.lemma(c).to_lowercase())
    }

    /// Every token under `i`, `i` included, not descending into `stop` relations.
    fn gather(&self, i: usize, stop: &dyn Fn(usize) -> bool, out: &mut Vec<usize>) {
        out.push(i);
        for &c in &self.children[i] {
            if !stop(c) {
                self.gather(c, stop, out);
            }
        }
    }

    fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.gather(i, &|_| false, &mut out);
        out
    }

    /// The span of a phrase without its clauses, appositions and parentheses.
    fn phrase(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let stop = |c: usize| is_clausal(self.tokens[c].deprel) || matches!(self.tokens[c].deprel, Deprel::Appos);
        self.gather(i, &stop, &mut out);
        out.sort_unstable();
        out
    }

    fn span_of(&self, ids: &[usize]) -> Option<Range<usize>> {
        let start = ids.iter().map(|&t| self.tokens[t].span.start).min()?;
        let end = ids.iter().map(|&t| self.tokens[t].span.end).max()?;
        Some(start..end)
    }
}

fn is_clausal(rel: Deprel) -> bool {
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

fn is_subject(rel: Deprel) -> bool {
    matches!(rel, Deprel::Nsubj | Deprel::NsubjPass | Deprel::NsubjOuter)
}

/// A trigger found in a sentence, before its arguments are read.
#[derive(Debug, Clone)]
struct Trigger {
    /// The verb that carries the clause (tense, negation, subject).
    verb: usize,
    /// The event noun, when the verb only makes it happen ("held talks").
    noun: Option<usize>,
    kind: &'static str,
    family: String,
    /// Triggers folded into this one: a participle or `when` clause telling the same occurrence.
    folded: Vec<usize>,
}

fn family_of(lemma: &str) -> String {
    match lemma {
        "talk" | "meet" | "meeting" | "negotiation" => "talks",
        "quake" | "earthquake" | "tremor" => "earthquake",
        "walkout" | "stoppage" | "walk" => "labour-strike",
        "verdict" | "convict" | "guilty" | "find" => "conviction",
        "lawsuit" | "suit" | "sue" => "lawsuit",
        "arrest" | "detain" | "apprehend" => "arrest",
        "agree" | "agreement" | "deal" | "accord" | "sign" => "agreement",
        "protest" | "march" | "rally" | "demonstrate" | "demonstration" => "protest",
        "visit" | "fly" | "travel" | "arrive" | "trip" => "visit",
        other => other,
    }
    .to_string()
}

fn is_envoy(lemma: &str) -> bool {
    matches!(lemma, "ambassador" | "envoy" | "diplomat" | "emissary" | "ambassadors")
}

fn is_past_or_present(xpos: Xpos) -> bool {
    matches!(xpos, Xpos::Vbd | Xpos::Vbz | Xpos::Vbp | Xpos::Vbn | Xpos::Vbg)
}

impl Tree<'_> {
    /// The subject of `verb`, inherited from the first conjunct or the clause a participle hangs
    /// on when it has none of its own.
    fn subject(&self, verb: usize) -> Option<usize> {
        let mut at = verb;
        for _ in 0..8 {
            if let Some(s) = self.children[at].iter().copied().find(|&c| is_subject(self.tokens[c].deprel)) {
                // "Ortega, who declared": the relative pronoun stands for the noun its clause modifies.
                let relative = matches!(self.tokens[s].xpos, Xpos::Wp | Xpos::Wdt)
                    || self.tokens[s].upos == Upos::Pron && self.lemma(s).eq_ignore_ascii_case("that");
                return match (relative, self.tokens[at].deprel, self.tokens[at].head) {
                    (true, Deprel::AclRelcl, Some(head)) => Some(head),
                    (true, ..) => None,
                    _ => Some(s),
                };
            }
            let token = &self.tokens[at];
            match (token.deprel, token.head) {
                (Deprel::Conj, Some(head)) => at = head,
                (Deprel::Advcl | Deprel::Xcomp, Some(head)) if token.xpos == Xpos::Vbg => at = head,
                (Deprel::AclRelcl, Some(head)) => return Some(head),
                // "FBI agents arrested Greer" misread as a noun modified by a participle: a
                // participle with an object of its own is the clause's verb, the noun its subject.
                (Deprel::Acl, Some(head)) if self.is_misread_finite(at) => return Some(head),
                _ => return None,
            }
        }
        None
    }

    /// A past participle the parser hung on a noun (`acl`) although it takes an object: English
    /// has no such reduced relative, so it is the finite verb of the clause, tagged wrong.
    fn is_misread_finite(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        token.deprel == Deprel::Acl
            && matches!(token.xpos, Xpos::Vbn | Xpos::Vbd)
            && self.child(verb, &[Deprel::Obj]).is_some()
            && token.head.is_some_and(|h| h < verb && matches!(self.tokens[h].upos, Upos::Noun | Upos::Propn))
    }

    /// Whether the clause of `verb` says the occurrence happened (not negated, not modal, not a
    /// condition, not an infinitive or a modifier).
    fn is_real(&self, verb: usize) -> bool {
        let token = &self.tokens[verb];
        if token.upos != Upos::Verb || !is_past_or_present(token.xpos) {
            return false;
        }
        if matches!(token.deprel, Deprel::Xcomp | Deprel::Acl | Deprel::Csubj | Deprel::CsubjPass)
            && !self.is_misread_finite(verb)
        {
            return false;
        }
        if token.xpos == Xpos::Vbg
            && !matches!(token.deprel, Deprel::Advcl | Deprel::Conj | Deprel::Root | Deprel::Parataxis)
            && !self.has_child_lemma(verb, &[Deprel::Aux], &["be"])
        {
            return false;
        }
        // A bare past participle is a modifier, unless it heads its sentence or has a subject of
        // its own (the tagger often reads a simple past as a participle: "Police arrested").
        if token.xpos == Xpos::Vbn
            && !matches!(token.deprel, Deprel::AclRelcl | Deprel::Conj | Deprel::Root)
            && self.child(verb, &[Deprel::Aux, Deprel::AuxPass, Deprel::Nsubj]).is_none()
            && !self.is_misread_finite(verb)
        {
            return false;
        }
        let negated = self.children[verb].iter().any(|&c| {
            let lemma = self.lemma(c).to_lowercase();
            matches!(self.tokens[c].deprel, Deprel::Advmod | Deprel::Det)
                && matches!(lemma.as_str(), "not" | "never" | "n't")
        });
        let modal = self
            .children_with(verb, &[Deprel::Aux, Deprel::AuxPass])
            .any(|c| self.tokens[c].xpos == Xpos::Md || lexicon::is_modal(&self.lemma(c).to_lowercase()));
        let conditional = self.has_child_lemma(verb, &[Deprel::Mark], &["if", "unless", "whether", "lest", "to"]);
        if negated || modal || conditional {
            return false;
        }
        // A clause hanging on an intention or a possibility has not happened; follow conjuncts
        // up to the verb they share.
        let mut at = verb;
        for _ in 0..8 {
            let t = &self.tokens[at];
            let Some(head) = t.head else { break };
            match t.deprel {
                Deprel::Conj => {
                    if !self.is_modal_free(head) {
                        return false;
                    }
                    at = head;
                }
                Deprel::Ccomp | Deprel::Xcomp if lexicon::is_irrealis(&self.lemma(head).to_lowercase()) => {
                    return false;
                }
                _ => break,
            }
        }
        true
    }

    fn is_modal_free(&self, verb: usize) -> bool {
        !self
            .children_with(verb, &[Deprel::Aux, Deprel::AuxPass])
            .any(|c| self.tokens[c].xpos == Xpos::Md || lexicon::is_modal(&self.lemma(c).to_lowercase()))
    }

    fn event_noun(&self, i: usize) -> Option<&'static str> {
        let token = &self.tokens[i];
        matches!(token.upos, Upos::Noun).then(|| lexicon::noun(&self.lemma(i).to_lowercase())).flatten()
    }

    /// The labour or military sense of a strike, from who strikes.
    fn strike_kind(&self, verb: usize, noun: Option<usize>) -> (&'static str, Option<String>) {
        let subject = self.subject(verb);
        let subject_lemma = subject.map(|s| self.lemma(s).to_lowercase()).unwrap_or_default();
        if lexicon::is_disaster(&subject_lemma) {
            return ("other", Some(family_of(&subject_lemma)));
        }
        let workers = lexicon::is_worker(&subject_lemma)
            || subject
                .is_some_and(|s| self.children[s].iter().any(|&c| lexicon::is_worker(&self.lemma(c).to_lowercase())));
        let by_arms = noun.is_some_and(|n| {
            self.children[n]
                .iter()
                .any(|&c| matches!(self.lemma(c).to_lowercase().as_str(), "missile" | "air" | "drone"))
        });
        if workers && !by_arms { ("peaceful-protest", Some("labour-strike".into())) } else { ("strike", None) }
    }

    fn trigger(&self, verb: usize) -> Option<Trigger> {
        let lemma = self.lemma(verb).to_lowercase();
        let sense = lexicon::verb(&lemma)?;
        let plain = |kind: &'static str| Trigger { verb, noun: None, kind, family: family_of(&lemma), folded: vec![] };
        let obj = self.child(verb, &[Deprel::Obj]);
        let particle = self.child(verb, &[Deprel::CompoundPrt]).map(|p| self.lemma(p).to_lowercase());
        Some(match sense {
            Sense::Fixed("ambassador-recall") => {
                obj.filter(|&o| is_envoy(&self.lemma(o).to_lowercase()))?;
                plain("ambassador-recall")
            }
            Sense::Fixed(kind) => plain(kind),
            Sense::Strike => {
                let (kind, family) = self.strike_kind(verb, None);
                Trigger { family: family.unwrap_or_else(|| family_of(&lemma)), ..plain(kind) }
            }
            Sense::Toll => {
                // "the strikes … killed nine people": the toll of the strikes.
                let cause = self.child(verb, &[Deprel::Nsubj]).and_then(|s| self.event_noun(s).map(|k| (s, k)));
                match cause {
                    Some((noun, kind)) if matches!(kind, "strike" | "attack") => Trigger {
                        verb,
                        noun: Some(noun),
                        kind,
                        family: family_of(&self.lemma(noun).to_lowercase()),
                        folded: vec![],
                    },
                    _ => plain("casualties"),
                }
            }
            Sense::Travel => {
                let to_a_place = self
                    .children_with(verb, &[Deprel::Obl])
                    .any(|c| matches!(self.case(c).as_deref(), Some("to" | "in" | "at")));
                if lemma != "visit" && !to_a_place {
                    return None;
                }
                plain("diplomatic-visit")
            }
            Sense::Phase => {
                if lemma == "break" && !matches!(particle.as_deref(), Some("down" | "off")) {
                    return None;
                }
                let subject = self.child(verb, &[Deprel::Nsubj])?;
                let kind = self.event_noun(subject)?;
                let noun_lemma = self.lemma(subject).to_lowercase();
                Trigger { verb, noun: Some(subject), kind, family: family_of(&noun_lemma), folded: vec![] }
            }
            Sense::Support => {
                if lemma == "walk" {
                    return None;
                }
                if lemma == "return" {
                    let envoy = [obj, self.child(verb, &[Deprel::Nsubj, Deprel::NsubjPass])]
                        .into_iter()
                        .flatten()
                        .any(|a| is_envoy(&self.lemma(a).to_lowercase()));
                    return envoy.then(|| plain("ambassador-return"));
                }
                // "went on strike": the event noun is the object, or an oblique after go.
                let noun = obj.filter(|&o| self.event_noun(o).is_some()).or_else(|| {
                    (lemma == "go")
                        .then(|| self.children_with(verb, &[Deprel::Obl]).find(|&c| self.event_noun(c).is_some()))
                        .flatten()
                })?;
                let noun_lemma = self.lemma(noun).to_lowercase();
                let mut kind = self.event_noun(noun)?;
                let mut family = family_of(&noun_lemma);
                if kind == "strike" {
                    let (k, f) = self.strike_kind(verb, Some(noun));
                    kind = k;
                    family = f.unwrap_or(family);
                }
                Trigger { verb, noun: Some(noun), kind, family, folded: vec![] }
            }
        })
        .map(|mut t| {
            if lemma == "find" {
                // "was found guilty": a conviction; any other finding is not an occurrence here.
                t.kind = "other";
                t.family = family_of("find");
            }
            t
        })
        .filter(|t| lemma != "find" || self.has_child_lemma(t.verb, &[Deprel::Xcomp], &["guilty"]))
    }
}

impl Tree<'_> {
    /// The subject of the verb of saying whose reported clause the pronoun `pronoun` is the
    /// subject of ("Pakistan said it hit…" → Pakistan), when it is a third-person pronoun.
    fn reporting_subject(&self, pronoun: usize) -> Option<usize> {
        let lemma = self.lemma(pronoun).to_lowercase();
        if !matches!(lemma.as_str(), "it" | "he" | "she" | "they") || !is_subject(self.tokens[pronoun].deprel) {
            return None;
        }
        let verb = self.tokens[pronoun].head?;
        let speech = self.tokens[verb].head.filter(|_| self.tokens[verb].deprel == Deprel::Ccomp)?;
        if !lexicon::is_speech(&self.lemma(speech).to_lowercase()) {
            return None;
        }
        self.child(speech, &[Deprel::Nsubj]).filter(|&s| self.tokens[s].upos != Upos::Pron)
    }

    /// Remembers each common noun the sentence names right after it, set off by a comma ("the
    /// workers' union, Dockside United"; "the operator, Harwick Port Holdings").
    fn learn_descriptions(&self, resolver: &mut Resolver<'_, '_>) {
        for (noun, token) in self.tokens.iter().enumerate() {
            if token.upos != Upos::Noun {
                continue;
            }
            let named = self.children_with(noun, &[Deprel::Appos, Deprel::Conj]).find_map(|c| {
                let comma_before = c > 0 && self.tokens[..c].iter().rev().take(4).any(|t| t.upos == Upos::Punct);
                let first = self.phrase(c).first().copied().unwrap_or(c);
                let right_after = first > noun && first - noun <= 2;
                (comma_before && right_after).then(|| resolver.mention_at(&self.tokens[c].span)).flatten()
            });
            if let Some(entity) = named {
                resolver.described_as.insert(self.lemma(noun).to_lowercase(), entity);
            }
        }
    }

    /// Whether the proper name at `i` is where something happened: after `in`, `at`, `near`…,
    /// or owned by a noun of geography.
    fn names_a_place(&self, i: usize) -> bool {
        let token = &self.tokens[i];
        if when::has_time_words(&self.lemma(i).to_lowercase()) {
            return false;
        }
        let marked = matches!(
            self.case(i).as_deref(),
            Some(
                "in" | "at" | "near" | "across" | "outside" | "inside" | "to" | "from" | "through" | "into" | "around"
            )
        );
        let owned = token.head.is_some_and(|h| {
            is_geographic(&self.lemma(h).to_lowercase())
                && (matches!(token.deprel, Deprel::NmodPoss | Deprel::Compound)
                    || token.deprel == Deprel::Nmod && self.case(i).as_deref() == Some("of"))
        });
        marked && matches!(token.deprel, Deprel::Obl | Deprel::Nmod) || owned
    }

    /// The entity a proper name the article's mentions missed stands for: the name with its flat
    /// and compound parts, joined to the draft's entities like any spelling.
    fn name_at(&self, i: usize, kind: EntityKind, resolver: &mut Resolver<'_, '_>) -> Option<usize> {
        let mut words: Vec<usize> = self
            .children_with(i, &[Deprel::Flat, Deprel::Compound])
            .filter(|&c| self.tokens[c].upos == Upos::Propn)
            .collect();
        words.push(i);
        let span = self.span_of(&words)?;
        let spelling = resolver.view.text[span.clone()].trim();
        let letters = spelling.chars().filter(|c| c.is_alphabetic()).count();
        // A headline in capitals, an initialism alone or a stray word is no name to add.
        if letters < 3 || spelling.len() > 60 || !spelling.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let local: Vec<usize> =
            resolver.view.mentions.iter().filter(|m| m.end <= span.start).map(|m| m.entity).collect();
        let entity = resolver.registry.join_or_add(resolver.view.index, spelling, kind, None, &local);
        resolver.found.push(Mention { start: span.start, end: span.end, entity });
        Some(entity)
    }
}

/// "walk out" is a verb with a particle; the lexicon holds single words.
fn walk_out(tree: &Tree<'_>, verb: usize) -> Option<Trigger> {
    let lemma = tree.lemma(verb).to_lowercase();
    let particle = tree.child(verb, &[Deprel::CompoundPrt]).map(|p| tree.lemma(p).to_lowercase());
    (lemma == "walk" && particle.as_deref() == Some("out")).then(|| Trigger {
        verb,
        noun: None,
        kind: "peaceful-protest",
        family: "labour-strike".into(),
        folded: vec![],
    })
}

fn find_triggers(tree: &Tree<'_>) -> Vec<Trigger> {
    let mut found: Vec<Trigger> = Vec::new();
    for verb in 0..tree.tokens.len() {
        if tree.tokens[verb].upos != Upos::Verb || !tree.is_real(verb) {
            continue;
        }
        if let Some(trigger) = walk_out(tree, verb).or_else(|| tree.trigger(verb)) {
            found.push(trigger);
        }
    }
    // A participle without a subject of its own ("…, killing at least 14") and a `when` clause
    // tell the same occurrence as the clause they hang on: fold them into it.
    let verbs: Vec<usize> = found.iter().map(|t| t.verb).collect();
    let mut folded_into: Vec<Option<usize>> = vec![None; found.len()];
    for (n, trigger) in found.iter().enumerate() {
        let token = &tree.tokens[trigger.verb];
        let Some(head) = token.head else { continue };
        let participle = token.xpos == Xpos::Vbg && tree.child(trigger.verb, &[Deprel::Nsubj]).is_none();
        let at_the_time = tree.has_child_lemma(trigger.verb, &[Deprel::Mark], &["when", "as", "while"]);
        let attached = matches!(token.deprel, Deprel::Advcl) && (participle || at_the_time)
            || token.deprel == Deprel::Conj && participle;
        if attached {
            // A conjunct participle joins the occurrence its first conjunct joined; a participle
            // the parser hung on the verb of saying ("…, killing 14, the agency said") joins the
            // occurrence that verb reports.
            let said_by = |v: usize| {
                let t = &tree.tokens[v];
                (matches!(t.deprel, Deprel::Parataxis | Deprel::Ccomp)
                    && lexicon::is_speech(&tree.lemma(v).to_lowercase()))
                .then_some(t.head)
                .flatten()
            };
            let host = if verbs.contains(&head) { Some(head) } else { said_by(head) };
            let target = host.and_then(|h| verbs.iter().position(|&v| v == h)).map(|p| folded_into[p].unwrap_or(p));
            folded_into[n] = target;
        }
    }
    // A toll in a sentence that names a disaster is the disaster's ("16 people died when a strong
    // earthquake shook…"), whatever the parser made of the rest.
    let disaster = tree
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| t.upos == Upos::Noun && lexicon::is_disaster(&t.lemma.to_lowercase()));
    if let Some((_, token)) = disaster {
        for trigger in found.iter_mut().filter(|t| t.kind == "casualties") {
            trigger.kind = "other";
            trigger.family = family_of(&token.lemma.to_lowercase());
        }
    }
    let mut out: Vec<Trigger> = Vec::new();
    let mut index_of: Vec<Option<usize>> = vec![None; found.len()];
    for (n, trigger) in found.iter().enumerate() {
        // A participle with no subject of its own that tells no other occurrence ("…, halting
        // traffic") says what followed something that is not an event here: leave it.
        let token = &tree.tokens[trigger.verb];
        let dangling = token.xpos == Xpos::Vbg
            && token.deprel == Deprel::Advcl
            && tree.child(trigger.verb, &[Deprel::Nsubj, Deprel::NsubjPass]).is_none();
        if folded_into[n].is_none() && !dangling {
            index_of[n] = Some(out.len());
            out.push(trigger.clone());
        }
    }
    for (n, trigger) in found.into_iter().enumerate() {
        let Some(into) = folded_into[n].and_then(|p| index_of[p]) else { continue };
        let main = &mut out[into];
        main.folded.push(trigger.verb);
        // The disaster beneath a toll names the occurrence ("died when a quake shook").
        if trigger.kind == "other" && main.kind == "casualties" && trigger.family != family_of(tree.lemma(trigger.verb))
        {
            main.kind = "other";
            main.family = trigger.family;
        } else if main.kind == "casualties" && trigger.kind != "casualties" {
            main.kind = trigger.kind;
            main.family = trigger.family;
        }
    }
    out
}

fn number_value(text: &str) -> Option<u64> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let lower = text.to_lowercase();
    if let Some(i) = WORDS.iter().position(|w| *w == lower) {
        return Some(i as u64 + 1);
    }
    let digits: String = text.chars().filter(|c| *c != ',').collect();
    digits.parse::<u64>().ok().or_else(|| digits.parse::<f64>().ok().map(|f| f as u64))
}

/// Speaker-side context for resolving a participant to an entity.
struct Resolver<'a, 'r> {
    view: &'a ArticleView<'a>,
    registry: &'r mut Registry,
    /// Descriptions the article gave a name ("the workers' union, Dockside United"): a later
    /// "the union" is that name.
    described_as: std::collections::HashMap<String, usize>,
    /// Names the article's own mentions missed, found by their place in the parse.
    found: Vec<Mention>,
}

/// Nouns that stand for a body or a crowd, so a description by them is a participant.
fn is_collective(lemma: &str) -> bool {
    matches!(
        lemma,
        "police"
            | "jury"
            | "army"
            | "military"
            | "government"
            | "court"
            | "union"
            | "ministry"
            | "council"
            | "committee"
            | "parliament"
            | "cabinet"
            | "board"
            | "company"
            | "firm"
            | "agency"
            | "team"
            | "crew"
            | "navy"
            | "coalition"
            | "alliance"
            | "bloc"
            | "opposition"
            | "regime"
            | "administration"
            | "senate"
            | "congress"
            | "assembly"
            | "operator"
            | "authority"
            | "authorities"
            | "prosecutor"
            | "judge"
            | "militia"
            | "rebel"
            | "insurgent"
            | "protester"
            | "official"
            | "minister"
            | "leader"
            | "president"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
    )
}

/// Nouns of geography: a name they own is a place ("Verano's northern coast", "the province of
/// Norte Alto").
fn is_geographic(lemma: &str) -> bool {
    matches!(
        lemma,
        "coast"
            | "province"
            | "city"
            | "town"
            | "village"
            | "region"
            | "state"
            | "county"
            | "district"
            | "border"
            | "capital"
            | "port"
            | "island"
            | "valley"
            | "area"
            | "country"
            | "north"
            | "south"
            | "east"
            | "west"
            | "centre"
            | "center"
            | "outskirts"
            | "suburb"
            | "neighbourhood"
            | "neighborhood"
            | "airport"
            | "base"
    )
}

impl Resolver<'_, '_> {
    fn mention_at(&self, span: &Range<usize>) -> Option<usize> {
        self.view
            .mentions
            .iter()
            .chain(&self.found)
            .find(|m| m.start <= span.start && span.end <= m.end)
            .map(|m| m.entity)
    }

    fn inside_quote(&self, at: usize) -> bool {
        self.view.quotes.iter().any(|q| q.start <= at && at < q.end)
    }

    /// The entity a pronoun stands for: the nearest fitting name before it, outside quotes.
    fn antecedent(&self, before: usize, lemma: &str) -> Option<usize> {
        let wanted: &[EntityKind] = match lemma {
            "he" | "him" | "she" | "her" | "his" => &[EntityKind::Person],
            "it" | "its" => &[EntityKind::Organization, EntityKind::Country, EntityKind::Group],
            "they" | "them" | "their" => &[EntityKind::Organization, EntityKind::Group, EntityKind::Country],
            _ => return None,
        };
        self.view
            .mentions
            .iter()
            .rev()
            .filter(|m| m.end <= before && !self.inside_quote(m.start))
            .find(|m| wanted.contains(&self.registry.entities[m.entity].kind))
            .map(|m| m.entity)
    }
}

/// Nouns too general to stand for a participant.
fn is_generic(lemma: &str) -> bool {
    matches!(
        lemma,
        "people"
            | "person"
            | "house"
            | "home"
            | "building"
            | "thing"
            | "one"
            | "some"
            | "many"
            | "other"
            | "others"
            | "all"
            | "part"
            | "number"
            | "area"
            | "place"
            | "way"
            | "time"
            | "day"
            | "year"
            | "week"
            | "month"
            | "result"
            | "plan"
            | "target"
            | "offer"
            | "pay"
            | "traffic"
            | "dispute"
            | "count"
            | "charge"
    ) || lexicon::noun(lemma).is_some()
        || lexicon::is_disaster(lemma)
}

#[derive(Default)]
struct Participants {
    entities: Vec<usize>,
    described: Vec<(usize, String)>,
    pronoun: bool,
}

impl Tree<'_> {
    /// The entities one argument names: the name at its head, a name in apposition or compounded
    /// onto it ("FBI agents", "leaders of the Northern Alliance"), a pronoun's antecedent, or a
    /// description the article gives ("dock workers"); conjuncts each.
    fn participants(&self, arg: usize, resolver: &mut Resolver<'_, '_>, out: &mut Participants) {
        let mut heads = vec![arg];
        heads.extend(self.children_with(arg, &[Deprel::Conj]));
        for head in heads {
            let token = &self.tokens[head];
            if let Some(entity) = resolver.mention_at(&token.span) {
                out.entities.push(entity);
                continue;
            }
            let named_by = self
                .children_with(head, &[Deprel::Appos, Deprel::Compound, Deprel::NmodPoss, Deprel::Nmod, Deprel::Flat])
                .filter(|&c| self.tokens[c].deprel != Deprel::Nmod || self.case(c).as_deref() == Some("of"))
                .find_map(|c| resolver.mention_at(&self.tokens[c].span));
            if let Some(entity) = named_by {
                out.entities.push(entity);
                continue;
            }
            let lemma = self.lemma(head).to_lowercase();
            if token.upos == Upos::Pron {
                // "Pakistan said it hit bases": a pronoun reporting its own deed is the speaker.
                if let Some(speaker) = self.reporting_subject(head) {
                    let mut said = Participants::default();
                    self.participants(speaker, resolver, &mut said);
                    if let Some(&entity) = said.entities.first() {
                        out.entities.push(entity);
                        continue;
                    }
                }
                if let Some(entity) = resolver.antecedent(token.span.start, &lemma) {
                    out.entities.push(entity);
                    out.pronoun = true;
                }
                continue;
            }
            if token.upos == Upos::Propn {
                let kind = if self.names_a_place(head) { EntityKind::Place } else { EntityKind::Person };
                if let Some(entity) = self.name_at(head, kind, resolver) {
                    out.entities.push(entity);
                }
                continue;
            }
            let definite = self.has_child_lemma(head, &[Deprel::Det], &["the"]);
            if let Some(&entity) = resolver.described_as.get(&lemma).filter(|_| definite) {
                out.entities.push(entity);
                continue;
            }
            let plural = matches!(token.xpos, Xpos::Nns | Xpos::Nnps);
            if token.upos != Upos::Noun || is_generic(&lemma) || !(plural || is_collective(&lemma)) {
                continue;
            }
            // A description: the head with the words that classify it, no article or number.
            let words: Vec<usize> = {
                let mut w: Vec<usize> = self
                    .children_with(head, &[Deprel::Compound, Deprel::Amod])
                    .filter(|&c| c < head && self.tokens[c].upos != Upos::Num)
                    .collect();
                w.push(head);
                w
            };
            let Some(span) = self.span_of(&words) else { continue };
            let spelling = resolver.view.text[span].trim().to_string();
            if spelling.is_empty() || spelling.len() > 60 {
                continue;
            }
            let local: Vec<usize> =
                resolver.view.mentions.iter().filter(|m| m.end <= token.span.start).map(|m| m.entity).collect();
            let entity = resolver.registry.join_or_add(resolver.view.index, &spelling, EntityKind::Group, None, &local);
            out.entities.push(entity);
            out.described.push((entity, lemma));
        }
    }
}

/// Every report of an occurrence in one article, in text order.
pub fn find(view: &ArticleView<'_>, registry: &mut Registry) -> Vec<Report> {
    let mut out = Vec::new();
    let mut resolver = Resolver { view, registry, described_as: Default::default(), found: Vec::new() };
    for sentence in view.sentences {
        let tree = Tree::new(sentence);
        tree.learn_descriptions(&mut resolver);
    }
    for sentence in view.sentences {
        let text = &view.text[sentence.span.clone()];
        if text.trim_end().ends_with('?') || sentence.tokens.len() < 3 {
            continue;
        }
        let tree = Tree::new(sentence);
        for trigger in find_triggers(&tree) {
            if resolver.inside_quote(tree.tokens[trigger.verb].span.start) {
                continue;
            }
            if let Some(report) = read_report(&tree, &trigger, &mut resolver) {
                out.push(report);
            }
        }
    }
    out
}

fn read_report(tree: &Tree<'_>, trigger: &Trigger, resolver: &mut Resolver<'_, '_>) -> Option<Report> {
    let verb = trigger.verb;
    let heads: Vec<usize> = std::iter::once(verb).chain(trigger.folded.iter().copied()).collect();
    // The clause: the trigger's words without the clauses hanging on it, but with the ones folded in.
    let mut clause = Vec::new();
    for &head in &heads {
        let stop = |c: usize| {
            let rel = tree.tokens[c].deprel;
            !heads.contains(&c) && (is_clausal(rel) || rel == Deprel::Conj && tree.tokens[c].upos == Upos::Verb)
        };
        tree.gather(head, &stop, &mut clause);
    }
    clause.sort_unstable();
    clause.dedup();
    let passage = trimmed(resolver.view.text, tree.span_of(&clause)?);

    let passive = tree.child(verb, &[Deprel::NsubjPass]).is_some() || tree.child(verb, &[Deprel::AuxPass]).is_some();
    let symmetric = matches!(trigger.kind, "meeting" | "phone-call" | "agreement" | "security-meeting");
    let mut actors = Participants::default();
    let mut targets = Participants::default();
    let subject =
        if trigger.noun.is_some_and(|n| tree.tokens[n].deprel == Deprel::Nsubj) { None } else { tree.subject(verb) };
    let subject_is_disaster = subject.is_some_and(|s| lexicon::is_disaster(&tree.lemma(s).to_lowercase()));
    if let Some(subject) = subject.filter(|_| !subject_is_disaster) {
        let into = if passive { &mut targets } else { &mut actors };
        tree.participants(subject, resolver, into);
    }
    for &head in &heads {
        if let Some(agent) = tree.child(head, &[Deprel::OblAgent]).or_else(|| {
            tree.children_with(head, &[Deprel::Obl]).find(|&c| passive && tree.case(c).as_deref() == Some("by"))
        }) {
            tree.participants(agent, resolver, &mut actors);
        }
        if let Some(object) = tree.child(head, &[Deprel::Obj]).filter(|&o| Some(o) != trigger.noun) {
            // What a disaster strikes is where it happened, not a target.
            if !subject_is_disaster {
                let into = if symmetric { &mut actors } else { &mut targets };
                tree.participants(object, resolver, into);
            }
        }
    }
    // "talks between A and B", "a lawsuit against C", "met with D".
    for owner in heads.iter().copied().chain(trigger.noun) {
        for c in tree.children_with(owner, &[Deprel::Obl, Deprel::Nmod]) {
            match tree.case(c).as_deref() {
                Some("between" | "with") if symmetric || trigger.noun.is_some() => {
                    tree.participants(c, resolver, &mut actors)
                }
                Some("against") => tree.participants(c, resolver, &mut targets),
                _ => {}
            }
        }
    }
    let mut places = Vec::new();
    for &t in &clause {
        let span = &tree.tokens[t].span;
        let unnamed_place = tree.tokens[t].upos == Upos::Propn
            && resolver.mention_at(span).is_none()
            && !matches!(tree.tokens[t].deprel, Deprel::Flat | Deprel::Compound)
            && tree.names_a_place(t);
        if unnamed_place {
            tree.name_at(t, EntityKind::Place, resolver);
        }
        if let Some(entity) = resolver.mention_at(span)
            && matches!(resolver.registry.entities[entity].kind, EntityKind::Place | EntityKind::Country)
            && !actors.entities.contains(&entity)
            && !targets.entities.contains(&entity)
            && !places.contains(&entity)
        {
            places.push(entity);
        }
    }
    // A country acting is an actor, not where it happened.
    // Time words hung on the clause's verbs; else any in the clause (the parser may attach "on
    // Monday morning" to a noun); else the day the article reports it, less surely — news copy
    // leaves out "today".
    let clause_span = tree.span_of(&clause)?;
    // The time words may hang on a modifier the parser attached them to ("found guilty of fraud
    // … on Tuesday"): look through every phrase of the clause but other clauses.
    let mut wide = Vec::new();
    for &head in &heads {
        let stop = |c: usize| {
            let rel = tree.tokens[c].deprel;
            !heads.contains(&c)
                && (matches!(rel, Deprel::Ccomp | Deprel::Parataxis | Deprel::AclRelcl | Deprel::Advcl | Deprel::List)
                    || rel == Deprel::Conj && tree.tokens[c].upos == Upos::Verb)
        };
        tree.gather(head, &stop, &mut wide);
    }
    let wide_span = tree.span_of(&wide).unwrap_or(clause_span.clone());
    let mut dated_by_publication = false;
    let (when, when_words) = date_of(tree, &heads, trigger.noun, resolver.view)
        .or_else(|| {
            when::resolve(&resolver.view.text[wide_span.clone()], resolver.view.published)
                .map(|w| (w, wide_span.clone()))
        })
        .map_or_else(
            || {
                dated_by_publication = resolver.view.published.is_some();
                (resolver.view.published.map(When::Day), None)
            },
            |(w, r)| (Some(w), Some(r)),
        );
    let figures = figures_in(tree, &clause, resolver.view.text);
    let title = title_of(tree, trigger, subject.filter(|_| !subject_is_disaster), &actors, &targets, resolver);
    let mut confidence: f32 = 0.5;
    if !actors.entities.is_empty() || !targets.entities.is_empty() {
        confidence += 0.15;
    }
    if when.is_some() && !dated_by_publication {
        confidence += 0.15;
    }
    if actors.pronoun || targets.pronoun {
        confidence -= 0.1;
    }
    if tree.tokens[verb].deprel == Deprel::Ccomp {
        confidence -= 0.15;
    }
    let mut described = actors.described;
    described.extend(targets.described);
    dedup(&mut actors.entities);
    dedup(&mut targets.entities);
    targets.entities.retain(|e| !actors.entities.contains(e));
    Some(Report {
        source: resolver.view.index,
        passage,
        kind: trigger.kind,
        family: trigger.family.clone(),
        title,
        actors: actors.entities,
        targets: targets.entities,
        places,
        described,
        when,
        when_words,
        figures,
        confidence: confidence.clamp(0.05, 0.95),
    })
}

fn dedup(list: &mut Vec<usize>) {
    let mut seen = Vec::new();
    list.retain(|e| {
        let fresh = !seen.contains(e);
        seen.push(*e);
        fresh
    });
}

/// A passage without the punctuation and conjunctions at its edges.
fn trimmed(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let start_cut = piece.len() - piece.trim_start_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c)).len();
    let rest = &piece[start_cut..];
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-".contains(c));
    span.start + start_cut..span.start + start_cut + kept.len()
}

/// The date of the occurrence from the time words hanging on its verbs (or event noun).
fn date_of(
    tree: &Tree<'_>,
    heads: &[usize],
    noun: Option<usize>,
    view: &ArticleView<'_>,
) -> Option<(When, Range<usize>)> {
    const TIME_RELS: &[Deprel] = &[
        Deprel::Obl,
        Deprel::OblTmod,
        Deprel::OblUnmarked,
        Deprel::OblNpmod,
        Deprel::NmodTmod,
        Deprel::NmodUnmarked,
        Deprel::Advmod,
        Deprel::Nmod,
    ];
    let mut owners: Vec<usize> = heads.to_vec();
    owners.extend(noun);
    // A conjunct without time words of its own shares its first conjunct's ("flew on Tuesday and visited").
    if let Some(head) = tree.tokens[heads[0]].head.filter(|_| tree.tokens[heads[0]].deprel == Deprel::Conj) {
        owners.push(head);
    }
    for owner in owners {
        // Time words may be split over several phrases ("in March" + "last year"): read the
        // stretch from the first phrase holding one to the last, then each alone.
        // "by January 26" is a deadline and "after the quake" another occurrence: neither dates it.
        let timed: Vec<Range<usize>> = tree
            .children_with(owner, TIME_RELS)
            .filter(|&c| {
                !matches!(tree.case(c).as_deref(), Some("by" | "until" | "till" | "before" | "after" | "since"))
            })
            .filter_map(|c| tree.span_of(&tree.subtree(c)))
            .filter(|span| when::has_time_words(&view.text[span.clone()]))
            .collect();
        let (Some(first), Some(last)) = (timed.first(), timed.last()) else { continue };
        let stretch = first.start.min(last.start)..first.end.max(last.end);
        for span in std::iter::once(stretch).chain(timed.iter().cloned()) {
            if let Some(when) = when::resolve(&view.text[span.clone()], view.published) {
                return Some((when, span));
            }
        }
    }
    None
}

/// The numbers the clause gives, with what they count.
fn figures_in(tree: &Tree<'_>, clause: &[usize], text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for &t in clause {
        let token = &tree.tokens[t];
        if token.upos != Upos::Num {
            continue;
        }
        let Some(value) = number_value(&text[token.span.clone()]) else { continue };
        // A year or a time of day is a date, not a figure.
        if (1900..=2100).contains(&value) && !text[token.span.clone()].contains(',') {
            continue;
        }
        let counted = match token.deprel {
            Deprel::Nummod => token.head,
            // "six of the nine counts": the number heads the phrase.
            _ => tree.children_with(t, &[Deprel::Nmod]).find(|&c| tree.case(c).as_deref() == Some("of")),
        };
        let Some(noun) = counted.filter(|&n| matches!(tree.tokens[n].upos, Upos::Noun | Upos::Propn)) else { continue };
        let noun_lemma = tree.lemma(noun).to_lowercase();
        if matches!(noun_lemma.as_str(), "a.m." | "p.m." | "am" | "pm" | "hour" | "minute") {
            continue;
        }
        // The words: "at least", "about", "more than" before the number, through the noun.
        let mut words: Vec<usize> =
            tree.children_with(t, &[Deprel::Advmod]).filter(|&c| c < t).flat_map(|c| tree.subtree(c)).collect();
        words.push(t);
        words.push(noun);
        if noun > t {
            words.extend((t..noun).filter(|&i| {
                matches!(tree.tokens[i].deprel, Deprel::Compound | Deprel::Amod | Deprel::Case | Deprel::Det)
            }));
        }
        let Some(span) = tree.span_of(&words) else { continue };
        out.push(Figure { value, noun: noun_lemma, span });
    }
    out
}

/// A one-line title in headline style, from the parse: "FBI arrests Paul Greer",
/// "Earthquake strikes northern coast of Verano", "Paul Greer found guilty".
fn title_of(
    tree: &Tree<'_>,
    trigger: &Trigger,
    subject: Option<usize>,
    actors: &Participants,
    targets: &Participants,
    resolver: &Resolver<'_, '_>,
) -> String {
    let text = resolver.view.text;
    let name = |e: usize| resolver.registry.entities[e].name.clone();
    let names = |list: &[usize]| -> Option<String> {
        let names: Vec<String> = list.iter().take(3).map(|&e| name(e)).collect();
        (!names.is_empty()).then(|| names.join(" and "))
    };
    let words_of = |i: usize, max: usize| -> String {
        let ids: Vec<usize> = tree
            .phrase(i)
            .into_iter()
            .filter(|&t| !matches!(tree.tokens[t].deprel, Deprel::Det | Deprel::NmodPoss | Deprel::Punct) || t == i)
            .collect();
        let words: Vec<&str> = ids.iter().map(|&t| &text[tree.tokens[t].span.clone()]).take(max).collect();
        words.join(" ")
    };
    let verb = trigger.verb;
    let lemma = tree.lemma(verb).to_lowercase();
    let particle = tree.child(verb, &[Deprel::CompoundPrt]).map(|p| format!(" {}", tree.lemma(p)));
    let passive = tree.child(verb, &[Deprel::AuxPass]).is_some();
    let object = trigger
        .noun
        .filter(|&n| tree.tokens[n].deprel != Deprel::Nsubj)
        .or_else(|| tree.child(verb, &[Deprel::Obj]))
        .map(|o| names(&targets.entities).filter(|_| trigger.noun.is_none()).unwrap_or_else(|| words_of(o, 8)));
    let complement = tree.child(verb, &[Deprel::Xcomp]).map(|x| format!(" {}", words_of(x, 4))).unwrap_or_default();
    let title = if passive {
        let who = names(&targets.entities).or_else(|| subject.map(|s| words_of(s, 6))).unwrap_or_default();
        format!("{who} {}{complement}", &text[tree.tokens[verb].span.clone()])
    } else {
        let who = names(&actors.entities).or_else(|| subject.map(|s| words_of(s, 6)));
        let who = who.unwrap_or_else(|| match trigger.noun {
            Some(n) if tree.tokens[n].deprel == Deprel::Nsubj => words_of(n, 8),
            _ => String::new(),
        });
        let disaster = tree.subject(verb).filter(|&s| lexicon::is_disaster(&tree.lemma(s).to_lowercase()));
        let who = if who.is_empty() { disaster.map(|d| words_of(d, 4)).unwrap_or_default() } else { who };
        let object = object.map(|o| format!(" {o}")).unwrap_or_default();
        // "Police arrest", "Kessler and Lindqvist meet", "Jury convicts".
        let plural = actors.entities.len() > 1
            || subject.is_some_and(|s| {
                matches!(tree.tokens[s].xpos, Xpos::Nns | Xpos::Nnps)
                    || tree.child(s, &[Deprel::Conj]).is_some()
                    || matches!(tree.lemma(s).to_lowercase().as_str(), "police" | "people")
            });
        let verb_form = if plural { lemma.clone() } else { lexicon::third_person(&lemma) };
        format!("{who} {verb_form}{}{object}{complement}", particle.unwrap_or_default())
    };
    let mut title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(first) = title.chars().next() {
        title = first.to_uppercase().collect::<String>() + &title[first.len_utf8()..];
    }
    if title.chars().count() > 120 {
        title = title.chars().take(119).collect::<String>() + "…";
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::conllu;

    /// Sentences analysed by hand in CoNLL-U, their tokens placed in `text` in order: the rules
    /// are tested on a known parse, whatever the shipped model makes of the words.
    fn parsed(text: &str, analysis: &str) -> Vec<Sentence> {
        let gold = conllu::parse(analysis, std::path::Path::new("test")).unwrap();
        let mut at = 0;
        gold.into_iter()
            .map(|s| {
                let tokens: Vec<Token> = s
                    .words
                    .into_iter()
                    .map(|w| {
                        let start = at + text[at..].find(&w.form).unwrap();
                        at = start + w.form.len();
                        Token {
                            span: start..at,
                            upos: w.upos,
                            xpos: w.xpos,
                            lemma: w.lemma,
                            head: w.head,
                            deprel: w.deprel,
                        }
                    })
                    .collect();
                let span = tokens[0].span.start..tokens.last().unwrap().span.end;
                Sentence { span, tokens }
            })
            .collect()
    }

    fn reports(text: &str, analysis: &str) -> (Vec<Report>, Registry) {
        let sentences = parsed(text, analysis);
        let view = ArticleView {
            text,
            index: 0,
            published: Ymd::new(2025, 3, 4),
            sentences: &sentences,
            quotes: &[],
            mentions: &[],
        };
        let mut registry = Registry::default();
        let found = find(&view, &mut registry);
        (found, registry)
    }

    const ARREST: &str = "\
1	Police	police	NOUN	NNS	_	2	nsubj	_	_
2	arrested	arrest	VERB	VBD	_	0	root	_	_
3	two	two	NUM	CD	_	4	nummod	_	_
4	pickets	picket	NOUN	NNS	_	2	obj	_	_
5	on	on	ADP	IN	_	6	case	_	_
6	Monday	Monday	PROPN	NNP	_	2	obl	_	_
7	.	.	PUNCT	.	_	2	punct	_	_

";

    #[test]
    fn an_arrest_with_its_actor_target_date_and_figure() {
        let text = "Police arrested two pickets on Monday.";
        let (found, registry) = reports(text, ARREST);
        assert_eq!(found.len(), 1, "{found:?}");
        let report = &found[0];
        assert_eq!(report.kind, "arrests");
        assert_eq!(report.when.map(|w| w.to_string()).as_deref(), Some("2025-03-03"));
        assert_eq!(registry.entities[report.actors[0]].name, "Police");
        assert_eq!(registry.entities[report.targets[0]].name, "pickets");
        assert_eq!(report.figures.len(), 1);
        assert_eq!((report.figures[0].value, report.figures[0].noun.as_str()), (2, "picket"));
        assert_eq!(&text[report.passage.clone()], "Police arrested two pickets on Monday.");
        assert_eq!(report.title, "Police arrest pickets");
    }

    #[test]
    fn negated_modal_and_intended_clauses_are_not_events() {
        let negated = "\
1	The	the	DET	DT	_	2	det	_	_
2	army	army	NOUN	NN	_	5	nsubj	_	_
3	did	do	AUX	VBD	_	5	aux	_	_
4	not	not	PART	RB	_	5	advmod	_	_
5	attack	attack	VERB	VB	_	0	root	_	_
6	the	the	DET	DT	_	7	det	_	_
7	village	village	NOUN	NN	_	5	obj	_	_
8	.	.	PUNCT	.	_	5	punct	_	_

";
        assert!(reports("The army did not attack the village.", negated).0.is_empty());
        let modal = "\
1	Workers	worker	NOUN	NNS	_	3	nsubj	_	_
2	could	could	AUX	MD	_	3	aux	_	_
3	strike	strike	VERB	VB	_	0	root	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Monday	Monday	PROPN	NNP	_	3	obl	_	_
6	.	.	PUNCT	.	_	3	punct	_	_

";
        assert!(reports("Workers could strike on Monday.", modal).0.is_empty());
        let intended = "\
1	Leaders	leader	NOUN	NNS	_	2	nsubj	_	_
2	agreed	agree	VERB	VBD	_	0	root	_	_
3	to	to	PART	TO	_	4	mark	_	_
4	ban	ban	VERB	VB	_	2	xcomp	_	_
5	exports	export	NOUN	NNS	_	4	obj	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Friday	Friday	PROPN	NNP	_	2	obl	_	_
8	.	.	PUNCT	.	_	2	punct	_	_

";
        let (found, _) = reports("Leaders agreed to ban exports on Friday.", intended);
        assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["agreement"], "the ban is only agreed");
        assert_eq!(found[0].when.map(|w| w.to_string()).as_deref(), Some("2025-02-28"));
    }

    #[test]
    fn a_participle_telling_the_toll_joins_the_disaster() {
        let analysis = "\
1	A	a	DET	DT	_	2	det	_	_
2	quake	quake	NOUN	NN	_	3	nsubj	_	_
3	struck	strike	VERB	VBD	_	0	root	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Monday	Monday	PROPN	NNP	_	3	obl	_	_
6	,	,	PUNCT	,	_	7	punct	_	_
7	killing	kill	VERB	VBG	_	3	advcl	_	_
8	14	14	NUM	CD	_	9	nummod	_	_
9	people	people	NOUN	NNS	_	7	obj	_	_
10	.	.	PUNCT	.	_	3	punct	_	_

";
        let (found, _) = reports("A quake struck on Monday, killing 14 people.", analysis);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].kind, found[0].family.as_str()), ("other", "earthquake"));
        assert_eq!(found[0].figures.iter().map(|f| (f.value, f.noun.as_str())).collect::<Vec<_>>(), [(14, "people")]);
        assert!(found[0].actors.is_empty(), "a quake is not an actor");
    }
}
