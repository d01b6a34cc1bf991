//! Who takes part in an occurrence: names, descriptions ("the union", "protesters") and pronouns
//! resolved to entities of the article's registry, and the places its clause names.

use std::ops::Range;

use super::lexicon;
use super::tree::{Tree, is_subject};
use super::view::ArticleView;
use super::when;
use crate::draft::entities::{Mention, Registry};
use crate::grammar::{Deprel, Upos, Xpos};
use crate::store::model::EntityKind;

impl Tree<'_> {
    /// The subject of the verb of saying whose reported clause the pronoun `pronoun` is the
    /// subject of ("Pakistan said it hit…" → Pakistan), when it is a third-person pronoun.
    pub(super) fn reporting_subject(&self, pronoun: usize) -> Option<usize> {
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
    pub(super) fn learn_descriptions(&self, resolver: &mut Resolver<'_, '_>) {
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
    pub(super) fn names_a_place(&self, i: usize) -> bool {
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
    /// The proper nouns next to each other in the sentence around token `i` (itself one).
    fn proper_noun_run(&self, i: usize) -> std::ops::Range<usize> {
        let is_propn = |t: usize| self.tokens[t].upos == Upos::Propn;
        let start = (0..i).rev().take_while(|&t| is_propn(t)).last().unwrap_or(i);
        let end = (i + 1..self.tokens.len()).take_while(|&t| is_propn(t)).last().map_or(i + 1, |t| t + 1);
        start..end
    }

    pub(super) fn name_at(&self, i: usize, kind: EntityKind, resolver: &mut Resolver<'_, '_>) -> Option<usize> {
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
        let entity = resolver
            .known_word(spelling, &local)
            .unwrap_or_else(|| resolver.registry.join_or_add(resolver.view.index, spelling, kind, None, &local));
        resolver.found.push(Mention { start: span.start, end: span.end, entity });
        Some(entity)
    }
}

/// Speaker-side context for resolving a participant to an entity.
pub(super) struct Resolver<'a, 'r> {
    pub(super) view: &'a ArticleView<'a>,
    pub(super) registry: &'r mut Registry,
    /// Descriptions the article gave a name ("the workers' union, Dockside United"): a later
    /// "the union" is that name.
    pub(super) described_as: std::collections::HashMap<String, usize>,
    /// Names the article's own mentions missed, found by their place in the parse.
    pub(super) found: Vec<Mention>,
}

/// Nouns that stand for a body or a crowd, so a description by them is a participant.
pub(super) fn is_collective(lemma: &str) -> bool {
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
pub(super) fn is_geographic(lemma: &str) -> bool {
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
    pub(super) fn mention_at(&self, span: &Range<usize>) -> Option<usize> {
        self.view
            .mentions
            .iter()
            .chain(&self.found)
            .find(|m| m.start <= span.start && span.end <= m.end)
            .map(|m| m.entity)
    }

    /// The state an adjective of nationality stands for ("Iranian", "Veldran"), when the article
    /// names it: a state the table of capitals knows, or a name of the article's made into the
    /// adjective by the regular endings.
    pub(super) fn state_by_adjective(&mut self, word: &str) -> Option<usize> {
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        let named = || self.view.mentions.iter().chain(&self.found).map(|m| m.entity);
        if let Some(state) = crate::draft::capitals::state_of_adjective(word) {
            return named().find(|&e| crate::draft::capitals::state_of(&self.registry.entities[e].name) == Some(state));
        }
        let stems = crate::draft::capitals::adjective_stems(word);
        let known = named().find(|&e| {
            let entity = &self.registry.entities[e];
            entity.kind != EntityKind::Person && stems.iter().any(|s| entity.name.to_lowercase() == *s)
        });
        if known.is_some() {
            return known;
        }
        // A name the article writes as a word of its own ("Veldra and Karsh exchanged fire")
        // although its mentions missed it: that state.
        let text = self.view.text;
        let (at, name) = stems.iter().find_map(|stem| {
            let mut name = stem.clone();
            name[..1].make_ascii_uppercase();
            text.match_indices(name.as_str())
                .find(|(at, _)| {
                    let before = text[..*at].chars().next_back();
                    let after = text[at + name.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
                })
                .map(|(at, _)| (at, name.clone()))
        })?;
        let entity = self
            .known_word(&name, &[])
            .unwrap_or_else(|| self.registry.join_or_add(self.view.index, &name, EntityKind::Country, None, &[]));
        self.found.push(Mention { start: at, end: at + name.len(), entity });
        Some(entity)
    }

    /// A lone word the draft already has as a state, a place or a body, whatever kind the word's
    /// place in this sentence suggests ("Veldra fired on …" here, "from Veldra" elsewhere): that
    /// one, not a second entity of another kind.
    pub(super) fn known_word(&self, spelling: &str, local: &[usize]) -> Option<usize> {
        if spelling.contains(' ') {
            return None;
        }
        [EntityKind::Country, EntityKind::Place, EntityKind::Organization]
            .into_iter()
            .find_map(|k| self.registry.find(self.view.index, spelling, k, local))
    }

    pub(super) fn inside_quote(&self, at: usize) -> bool {
        self.view.quotes.iter().any(|q| q.start <= at && at < q.end)
    }

    /// The entity a pronoun stands for: the nearest fitting name before it, outside quotes.
    pub(super) fn antecedent(&self, before: usize, lemma: &str) -> Option<usize> {
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
pub(super) fn is_generic(lemma: &str) -> bool {
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
pub(super) struct Participants {
    pub(super) entities: Vec<usize>,
    pub(super) described: Vec<(usize, String)>,
    /// Roles named without a name ("both foreign ministers"): too general to be a participant of
    /// their own, but the people named with that role elsewhere may be the ones meant.
    pub(super) roles: Vec<String>,
    pub(super) pronoun: bool,
}

impl Tree<'_> {
    /// The state whose arms or forces the argument at `head` names by its adjective ("Veldran
    /// shells", "Iranian troops"), or the adjective itself when the parse made it the head
    /// ("Veldran artillery" as one name): who fires them acts. Not a person so described ("his
    /// Pakistani counterpart, Jalil Abbas Jilani").
    fn state_behind(&self, head: usize, resolver: &mut Resolver<'_, '_>) -> Option<usize> {
        let token = &self.tokens[head];
        let text = resolver.view.text;
        let word = |w: usize| &text[self.tokens[w].span.clone()];
        match token.upos {
            // Not a name of its own ("Sudan", "Jordan").
            Upos::Propn
                if resolver
                    .mention_at(&token.span)
                    .is_none_or(|e| !resolver.registry.entities[e].name.eq_ignore_ascii_case(word(head))) =>
            {
                resolver.state_by_adjective(word(head))
            }
            Upos::Noun if lexicon::is_force(&self.lemma(head).to_lowercase()) => self
                .children_with(head, &[Deprel::Amod, Deprel::Compound])
                .filter(|&w| matches!(self.tokens[w].upos, Upos::Propn | Upos::Adj))
                .find_map(|w| resolver.state_by_adjective(word(w))),
            _ => None,
        }
    }

    /// The possessor the parser hung on a modifier before the noun `head` instead of on the noun
    /// ("Iran's foreign ministry" with "Iran's" on "foreign"): it owns the whole phrase.
    fn possessor_of_modifier(&self, head: usize) -> Option<usize> {
        self.children_with(head, &[Deprel::Amod, Deprel::Compound])
            .filter(|&m| m < head)
            .find_map(|m| self.child(m, &[Deprel::NmodPoss]))
    }

    /// The entities one argument names: the name at its head, a name in apposition or compounded
    /// onto it ("FBI agents", "leaders of the Northern Alliance"), a pronoun's antecedent, or a
    /// description the article gives ("dock workers"); conjuncts each.
    pub(super) fn participants(&self, arg: usize, resolver: &mut Resolver<'_, '_>, out: &mut Participants) {
        let before = out.entities.len();
        self.participants_named(arg, resolver, out);
        // A bare role taken for a name ("Iran's Foreign Minister" → "Minister") names no one:
        // it describes, as "workers" does.
        for &entity in &out.entities[before..] {
            let name = &resolver.registry.entities[entity].name;
            if crate::draft::lexicon::is_role(name) && !out.described.iter().any(|(e, _)| *e == entity) {
                out.described.push((entity, name.to_lowercase()));
            }
        }
    }

    /// The titles a name is given in the clause ("Foreign ministers Piet Lorne", "Lorne, the
    /// foreign minister"): a report that names the role without the name may mean that person.
    fn titles(&self, head: usize, out: &mut Participants) {
        let mut words = vec![head];
        words.extend(self.children_with(head, &[Deprel::Appos, Deprel::Compound]));
        // However the parse hangs a title, it is written in the name's run or just before it.
        let run = self.proper_noun_run(head);
        words.extend(run.start.checked_sub(1).into_iter().chain(run));
        for w in words {
            let lemma = self.lemma(w).to_lowercase();
            let noun = matches!(self.tokens[w].upos, Upos::Noun | Upos::Propn);
            if noun && crate::draft::lexicon::is_role(&lemma) && !out.roles.contains(&lemma) {
                out.roles.push(lemma);
            }
        }
    }

    fn participants_named(&self, arg: usize, resolver: &mut Resolver<'_, '_>, out: &mut Participants) {
        let mut heads = vec![arg];
        heads.extend(self.children_with(arg, &[Deprel::Conj]));
        for head in heads {
            let token = &self.tokens[head];
            if let Some(entity) = self.state_behind(head, resolver) {
                out.entities.push(entity);
                continue;
            }
            if let Some(entity) = resolver.mention_at(&token.span) {
                out.entities.push(entity);
                self.titles(head, out);
                continue;
            }
            let lemma = self.lemma(head).to_lowercase();
            // "Iran's Foreign Minister will visit": a role names whoever holds it, not the state
            // that owns it; the person named with that role elsewhere may be the one meant.
            let owned_role = matches!(token.upos, Upos::Noun | Upos::Propn)
                && crate::draft::lexicon::is_role(&lemma)
                && (self.child(head, &[Deprel::NmodPoss]).is_some() || self.possessor_of_modifier(head).is_some());
            let named_by = self
                .children_with(head, &[Deprel::Appos, Deprel::Compound, Deprel::NmodPoss, Deprel::Nmod, Deprel::Flat])
                .filter(|&c| self.tokens[c].deprel != Deprel::Nmod || self.case(c).as_deref() == Some("of"))
                .filter(|&c| !(owned_role && self.tokens[c].deprel == Deprel::NmodPoss))
                .find_map(|c| resolver.mention_at(&self.tokens[c].span))
                .or_else(|| {
                    let possessor = self.possessor_of_modifier(head).filter(|_| !owned_role);
                    possessor.and_then(|c| resolver.mention_at(&self.tokens[c].span))
                });
            if let Some(entity) = named_by {
                out.entities.push(entity);
                self.titles(head, out);
                continue;
            }
            if owned_role {
                out.roles.push(lemma);
                continue;
            }
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
                // A title the parse took for the head ("Interior Minister Teodor Vance" with
                // "Interior" as the subject): the name the article's mentions found in the same
                // run of proper nouns, the last one, as a title comes before the name.
                let named_in_run =
                    self.proper_noun_run(head).rev().find_map(|t| resolver.mention_at(&self.tokens[t].span));
                if let Some(entity) = named_in_run {
                    out.entities.push(entity);
                    continue;
                }
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
            if token.upos == Upos::Noun && crate::draft::lexicon::is_role(&lemma) {
                out.roles.push(lemma.clone());
            }
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
