//! Occurrences told as an exchange ("the neighbours exchanged missile strikes last week", "the two
//! armies exchanged fire"): each side struck the other, so the report becomes one report per side,
//! each side the actor of its own deed and the target of the other's, and each joins the reports
//! that tell that side's deed alone ("Tehran launched…", "Pakistan retaliated…").

use super::extract::Report;
use super::lexicon;
use super::participants::Resolver;
use super::tree::Tree;
use super::triggers::Trigger;
use crate::store::model::EntityKind;

/// Whether the trigger is what was exchanged: the object of `exchange`, or (as the parser may hang
/// it) a word with `exchange` among its own dependents.
pub(super) fn is_exchange(tree: &Tree<'_>, trigger: &Trigger) -> bool {
    if !matches!(trigger.kind, "strike" | "attack") {
        return false;
    }
    // The lemmatizer leaves "exchanging" as "exchang".
    let exchange = |i: usize| tree.lemma(i).to_lowercase().starts_with("exchang");
    let noun_head = trigger.noun.and_then(|n| tree.tokens[n].head);
    exchange(trigger.verb)
        || noun_head.is_some_and(exchange)
        || std::iter::once(trigger.verb).chain(trigger.noun).any(|w| tree.children[w].iter().any(|&c| exchange(c)))
}

/// The two sides of an exchange: two parties the report names, or else the last two states or
/// bodies the article named before it ("Pakistan said … Iran's Foreign Minister … after the
/// neighbours exchanged strikes"). `None` when the article names fewer than two.
fn sides_of(report: &Report, resolver: &Resolver<'_, '_>) -> Option<(usize, usize)> {
    let described = |e: &usize| report.described.iter().any(|(d, _)| d == e);
    let mut named: Vec<usize> = report.actors.iter().chain(&report.targets).filter(|e| !described(e)).copied().collect();
    if named.len() < 2 {
        let party = |e: usize| {
            matches!(
                resolver.registry.entities[e].kind,
                EntityKind::Country | EntityKind::Organization | EntityKind::Group
            )
        };
        let before = resolver.view.mentions.iter().rev().filter(|m| {
            m.end <= report.passage.start && !resolver.inside_quote(m.start) && party(m.entity)
        });
        for mention in before {
            if !named.contains(&mention.entity) {
                named.push(mention.entity);
            }
            if named.len() == 2 {
                break;
            }
        }
    }
    match named[..] {
        [a, b, ..] => Some((a, b)),
        _ => None,
    }
}

/// One report per side of an exchange, or the report as it is when the sides are not known.
pub(super) fn split(report: Report, resolver: &Resolver<'_, '_>) -> Vec<Report> {
    let Some((a, b)) = sides_of(&report, resolver) else { return vec![report] };
    let verb = lexicon::third_person(if report.kind == "attack" { "attack" } else { "strike" });
    let side = |actor: usize, target: usize| {
        let name = |e: usize| resolver.registry.entities[e].name.clone();
        Report {
            actors: vec![actor],
            targets: vec![target],
            described: Vec::new(),
            title: format!("{} {verb} {}", name(actor), name(target)),
            ..report.clone()
        }
    };
    vec![side(a, b), side(b, a)]
}
