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
    let mut named: Vec<usize> =
        report.actors.iter().chain(&report.targets).filter(|e| !described(e)).copied().collect();
    if named.len() < 2 {
        let party = |e: usize| {
            matches!(
                resolver.registry.entities[e].kind,
                EntityKind::Country | EntityKind::Organization | EntityKind::Group
            )
        };
        let before = resolver
            .view
            .mentions
            .iter()
            .rev()
            .filter(|m| m.end <= report.passage.start && !resolver.inside_quote(m.start) && party(m.entity));
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

#[cfg(test)]
mod tests {
    use crate::draft::dates::Ymd;
    use crate::draft::events::extract::tests::reports_dated;
    use crate::draft::events::merge::cluster;

    #[test]
    fn an_exchange_of_strikes_is_a_strike_by_each_side_and_they_stay_apart() {
        let analysis = "\
1	Pakistan	Pakistan	PROPN	NNP	_	2	nsubj	_	_
2	recalled	recall	VERB	VBD	_	0	root	_	_
3	its	its	PRON	PRP$	_	4	nmod:poss	_	_
4	ambassador	ambassador	NOUN	NN	_	2	obj	_	_
5	from	from	ADP	IN	_	6	case	_	_
6	Iran	Iran	PROPN	NNP	_	2	obl	_	_
7	.	.	PUNCT	.	_	2	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	neighbours	neighbour	NOUN	NNS	_	3	nsubj	_	_
3	exchanged	exchange	VERB	VBD	_	0	root	_	_
4	missile	missile	NOUN	NN	_	5	compound	_	_
5	strikes	strike	NOUN	NNS	_	3	obj	_	_
6	last	last	ADJ	JJ	_	7	amod	_	_
7	week	week	NOUN	NN	_	3	obl:tmod	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

";
        let text = "Pakistan recalled its ambassador from Iran. The neighbours exchanged missile strikes last week.";
        let (found, registry) = reports_dated(text, analysis, Ymd::new(2024, 1, 22), None, &["Pakistan", "Iran"]);
        let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles[1..], ["Iran strikes Pakistan", "Pakistan strikes Iran"], "{found:?}");
        assert!(found[1..].iter().all(|r| r.when.map(|w| w.to_string()).as_deref() == Some("2024-01-15/2024-01-21")));
        // Same words, same week, each the other's target: still two occurrences.
        let events = cluster(found, &registry);
        assert_eq!(events.iter().filter(|e| e.kind == "strike").count(), 2);
    }
}
