//! The event reader tested on sentences analysed by hand: each construction it reads, and what it
//! leaves out.

use super::*;
use crate::draft::dates::Ymd;
use crate::grammar::{Sentence, Token, conllu};

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
    reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &[])
}

/// Like [`reports`] for an article published on `published` (or undated, with `year_hint`),
/// in which each of `countries` is recognised wherever it is written.
pub(in crate::draft::events) fn reports_dated(
    text: &str,
    analysis: &str,
    published: Option<Ymd>,
    year_hint: Option<Ymd>,
    countries: &[&str],
) -> (Vec<Report>, Registry) {
    let sentences = parsed(text, analysis);
    let mut registry = Registry::default();
    let mut mentions = Vec::new();
    for name in countries {
        let entity = registry.join_or_add(0, name, EntityKind::Country, None, &[]);
        for (start, _) in text.match_indices(name) {
            mentions.push(crate::draft::entities::Mention { start, end: start + name.len(), entity });
        }
    }
    mentions.sort_by_key(|m| m.start);
    let view = ArticleView {
        text,
        index: 0,
        published,
        year_hint,
        weekday_anchor: None,
        sentences: &sentences,
        quotes: &[],
        mentions: &mentions,
    };
    let found = find(&view, &mut registry);
    (found, registry)
}

fn dates(found: &[Report]) -> Vec<String> {
    found.iter().map(|r| r.when.map(|w| w.to_string()).unwrap_or_default()).collect()
}

#[test]
fn what_an_occurrence_made_someone_do_happened() {
    let analysis = "\
1	Rebels	rebel	NOUN	NNS	_	2	nsubj	_	_
2	attacked	attack	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	base	base	NOUN	NN	_	2	obj	_	_
5	on	on	ADP	IN	_	6	case	_	_
6	Monday	Monday	PROPN	NNP	_	2	obl	_	_
7	,	,	PUNCT	,	_	8	punct	_	_
8	prompting	prompt	VERB	VBG	_	2	advcl	_	_
9	the	the	DET	DT	_	10	det	_	_
10	army	army	NOUN	NN	_	8	obj	_	_
11	to	to	PART	TO	_	12	mark	_	_
12	retaliate	retaliate	VERB	VB	_	8	xcomp	_	_
13	with	with	ADP	IN	_	14	case	_	_
14	airstrikes	airstrike	NOUN	NNS	_	12	obl	_	_
15	on	on	ADP	IN	_	16	case	_	_
16	Tuesday	Tuesday	PROPN	NNP	_	12	obl	_	_
17	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "Rebels attacked the base on Monday, prompting the army to retaliate with airstrikes on Tuesday.";
    let (found, registry) = reports(text, analysis);
    assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["attack", "strike"], "{found:?}");
    assert_eq!(dates(&found), ["2025-03-03", "2025-03-04"]);
    let strike = &found[1];
    assert_eq!(&text[strike.passage.clone()], "the army to retaliate with airstrikes on Tuesday");
    assert_eq!(registry.entities[strike.actors[0]].name, "army", "who was made to act acts");
    // Urging is not making: the retaliation has not happened.
    let urged = analysis.replace("prompting\tprompt", "urging\turge");
    let text = text.replace("prompting", "urging");
    let (found, _) = reports(&text, &urged);
    assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["attack"]);
}

#[test]
fn an_undated_article_dates_a_report_by_the_one_before_it_nearby() {
    let analysis = "\
1	On	on	ADP	IN	_	3	case	_	_
2	January	January	PROPN	NNP	_	3	compound	_	_
3	17	17	NUM	CD	_	6	obl	_	_
4	,	,	PUNCT	,	_	6	punct	_	_
5	rebels	rebel	NOUN	NNS	_	6	nsubj	_	_
6	attacked	attack	VERB	VBD	_	0	root	_	_
7	a	a	DET	DT	_	8	det	_	_
8	base	base	NOUN	NN	_	6	obj	_	_
9	.	.	PUNCT	.	_	6	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	army	army	NOUN	NN	_	3	nsubj	_	_
3	shelled	shell	VERB	VBD	_	0	root	_	_
4	a	a	DET	DT	_	5	det	_	_
5	village	village	NOUN	NN	_	3	obj	_	_
6	.	.	PUNCT	.	_	3	punct	_	_

1	Police	police	NOUN	NNS	_	2	nsubj	_	_
2	arrested	arrest	VERB	VBD	_	0	root	_	_
3	a	a	DET	DT	_	4	det	_	_
4	suspect	suspect	NOUN	NN	_	2	obj	_	_
5	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "On January 17, rebels attacked a base.\n\nThe army shelled a village.\n\nOther news.\n\nPolice arrested a suspect.";
    let hint = Ymd::new(2024, 1, 24);
    let (found, _) = reports_dated(text, analysis, None, hint, &[]);
    assert_eq!(dates(&found), ["2024-01-17", "2024-01-17", ""], "two paragraphs on, the story has moved");
    assert!(!found[0].dated_by_context && found[1].dated_by_context);
    assert_eq!(found[1].when_words, found[0].when_words, "the words it was dated by are the first report's");
    // An article with its own date keeps dating a clause without time words by publication.
    let (found, _) = reports_dated(text, analysis, Ymd::new(2024, 1, 22), None, &[]);
    assert_eq!(dates(&found), ["2024-01-17", "2024-01-22", "2024-01-22"]);
    assert!(found.iter().all(|r| !r.dated_by_context));
}

#[test]
fn a_deed_coordinated_by_a_participle_is_its_own_and_a_passage_ends_with_its_clause() {
    let analysis = "\
1	Pakistan	Pakistan	PROPN	NNP	_	3	nsubj	_	_
2	had	have	AUX	VBD	_	3	aux	_	_
3	recalled	recall	VERB	VBN	_	0	root	_	_
4	its	its	PRON	PRP$	_	5	nmod:poss	_	_
5	ambassador	ambassador	NOUN	NN	_	3	obj	_	_
6	and	and	CCONJ	CC	_	9	cc	_	_
7	had	have	AUX	VBD	_	9	aux	_	_
8	not	not	PART	RB	_	9	advmod	_	_
9	allowed	allow	VERB	VBN	_	3	conj	_	_
10	his	his	PRON	PRP$	_	11	nmod:poss	_	_
11	counterpart	counterpart	NOUN	NN	_	9	obj	_	_
12	to	to	PART	TO	_	13	mark	_	_
13	return	return	VERB	VB	_	11	acl	_	_
14	,	,	PUNCT	,	_	18	punct	_	_
15	as	as	ADV	RB	_	18	cc	_	_
16	well	well	ADV	RB	_	15	fixed	_	_
17	as	as	ADP	IN	_	15	fixed	_	_
18	cancelling	cancell	VERB	VBG	_	9	advcl	_	_
19	all	all	DET	DT	_	21	det	_	_
20	trade	trade	NOUN	NN	_	21	compound	_	_
21	engagements	engagement	NOUN	NNS	_	18	obj	_	_
22	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "Pakistan had recalled its ambassador and had not allowed his counterpart to return, as well as cancelling all trade engagements.";
    let (found, _) = reports(text, analysis);
    assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["ambassador-recall", "other"], "{found:?}");
    assert_eq!(&text[found[0].passage.clone()], "Pakistan had recalled its ambassador", "not to the full stop");
    assert_eq!(&text[found[1].passage.clone()], "as well as cancelling all trade engagements");
    assert!(found[1].title.starts_with("Pakistan cancels"), "{}", found[1].title);
}

#[test]
fn a_simple_past_read_as_a_complement_is_a_clause_unless_it_is_believed() {
    let analysis = "\
1	The	the	DET	DT	_	2	det	_	_
2	strikes	strike	NOUN	NNS	_	4	nsubj	_	_
3	have	have	AUX	VBP	_	4	aux	_	_
4	raised	raise	VERB	VBN	_	0	root	_	_
5	alarm	alarm	NOUN	NN	_	4	obj	_	_
6	since	since	ADP	IN	_	8	case	_	_
7	the	the	DET	DT	_	8	det	_	_
8	war	war	NOUN	NN	_	5	nmod	_	_
9	between	between	ADP	IN	_	10	case	_	_
10	Israel	Israel	PROPN	NNP	_	8	nmod	_	_
11	and	and	CCONJ	CC	_	12	cc	_	_
12	Hamas	Hamas	PROPN	NNP	_	10	conj	_	_
13	erupted	erupt	VERB	VBD	_	4	xcomp	_	_
14	on	on	ADP	IN	_	15	case	_	_
15	October	October	PROPN	NNP	_	13	obl	_	_
16	7	7	NUM	CD	_	15	nummod	_	_
17	last	last	ADJ	JJ	_	18	amod	_	_
18	year	year	NOUN	NN	_	13	obl:tmod	_	_
19	.	.	PUNCT	.	_	4	punct	_	_

1	He	he	PRON	PRP	_	2	nsubj	_	_
2	believed	believe	VERB	VBD	_	0	root	_	_
3	they	they	PRON	PRP	_	4	nsubj	_	_
4	attacked	attack	VERB	VBD	_	2	xcomp	_	_
5	the	the	DET	DT	_	6	det	_	_
6	camp	camp	NOUN	NN	_	4	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "The strikes have raised alarm since the war between Israel and Hamas erupted on October 7 last year. He believed they attacked the camp.";
    let (found, registry) = reports_dated(text, analysis, Ymd::new(2024, 1, 22), None, &["Israel", "Hamas"]);
    assert_eq!(
        found.iter().map(|r| r.kind).collect::<Vec<_>>(),
        ["other"],
        "what he believed is not a report: {found:?}"
    );
    assert_eq!(dates(&found), ["2023-10-07"]);
    assert_eq!(&text[found[0].passage.clone()], "erupted on October 7 last year");
    // Its subject is the phrase the parser gave "since" to; the sides of the war act.
    assert_eq!(found[0].title, "War between Israel and Hamas erupts");
    let actors: Vec<&str> = found[0].actors.iter().map(|&a| registry.entities[a].name.as_str()).collect();
    assert_eq!(actors, ["Israel", "Hamas"]);
}

#[test]
fn a_deadline_does_not_date_the_occurrence_however_it_is_parsed() {
    // "by" hung on "January", not on the date's head: the phrase still begins with it.
    let analysis = "\
1	The	the	DET	DT	_	2	det	_	_
2	ministry	ministry	NOUN	NN	_	3	nsubj	_	_
3	announced	announce	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	return	return	NOUN	NN	_	3	obj	_	_
6	of	of	ADP	IN	_	7	case	_	_
7	envoys	envoy	NOUN	NNS	_	5	nmod	_	_
8	by	by	ADP	IN	_	9	case	_	_
9	January	January	PROPN	NNP	_	10	compound	_	_
10	26	26	NUM	CD	_	3	obl:unmarked	_	_
11	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "The ministry announced the return of envoys by January 26.";
    let (found, _) = reports_dated(text, analysis, Ymd::new(2024, 1, 22), None, &[]);
    assert_eq!(dates(&found), ["2024-01-22"], "the publication day, not the deadline");
    assert_eq!(found[0].when_words, None);
    let (found, _) = reports_dated(text, analysis, None, Ymd::new(2024, 1, 24), &[]);
    assert_eq!(dates(&found), [""], "an undated article's deadline dates nothing");
}

#[test]
fn a_state_named_by_its_adjective_acts_and_the_dead_are_victims() {
    let analysis = "\
1	Iran	Iran	PROPN	NNP	_	2	nsubj	_	_
2	denied	deny	VERB	VBD	_	0	root	_	_
3	it	it	PRON	PRP	_	2	obj	_	_
4	.	.	PUNCT	.	_	2	punct	_	_

1	The	the	DET	DT	_	3	det	_	_
2	Iranian	Iranian	ADJ	JJ	_	3	amod	_	_
3	attack	attack	NOUN	NN	_	4	nsubj	_	_
4	killed	kill	VERB	VBD	_	0	root	_	_
5	two	two	NUM	CD	_	6	nummod	_	_
6	children	child	NOUN	NNS	_	4	obj	_	_
7	.	.	PUNCT	.	_	4	punct	_	_

1	Two	two	NUM	CD	_	2	nummod	_	_
2	soldiers	soldier	NOUN	NNS	_	3	nsubj	_	_
3	died	die	VERB	VBD	_	0	root	_	_
4	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "Iran denied it. The Iranian attack killed two children. Two soldiers died.";
    let (found, registry) = reports_dated(text, analysis, Ymd::new(2024, 1, 22), None, &["Iran"]);
    assert_eq!(found.len(), 2, "{found:?}");
    let names = |list: &[usize]| list.iter().map(|&e| registry.entities[e].name.clone()).collect::<Vec<_>>();
    assert_eq!((found[0].kind, names(&found[0].actors)), ("attack", vec!["Iran".to_string()]));
    assert!(found[1].actors.is_empty(), "the dead did not act: {:?}", names(&found[1].actors));
    assert_eq!(names(&found[1].targets), ["soldiers"]);
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

#[test]
fn a_sentence_parsed_as_a_noun_phrase_has_its_verb() {
    let analysis = "\
1	Protesters	protester	NOUN	NNS	_	0	root	_	_
2	marched	march	VERB	VBD	_	1	acl	_	_
3	through	through	ADP	IN	_	4	case	_	_
4	Valmore	Valmore	PROPN	NNP	_	2	obl	_	_
5	on	on	ADP	IN	_	6	case	_	_
6	Tuesday	Tuesday	PROPN	NNP	_	2	obl	_	_
7	.	.	PUNCT	.	_	1	punct	_	_

1	Two	two	NUM	CD	_	2	nummod	_	_
2	soldiers	soldier	NOUN	NNS	_	0	root	_	_
3	wounded	wound	VERB	VBN	_	2	acl	_	_
4	by	by	ADP	IN	_	5	case	_	_
5	shellfire	shellfire	NOUN	NN	_	3	obl:agent	_	_
6	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "Protesters marched through Valmore on Tuesday. Two soldiers wounded by shellfire.";
    let (found, registry) = reports(text, analysis);
    assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["peaceful-protest"], "{found:?}");
    assert_eq!(dates(&found), ["2025-03-04"]);
    assert_eq!(registry.entities[found[0].actors[0]].name, "Protesters");
}

#[test]
fn a_passage_keeps_the_complement_of_its_verb() {
    let analysis = "\
1	A	a	DET	DT	_	2	det	_	_
2	jury	jury	NOUN	NN	_	3	nsubj	_	_
3	found	find	VERB	VBD	_	0	root	_	_
4	Greer	Greer	PROPN	NNP	_	3	obj	_	_
5	guilty	guilty	ADJ	JJ	_	3	xcomp	_	_
6	of	of	ADP	IN	_	7	case	_	_
7	fraud	fraud	NOUN	NN	_	5	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "A jury found Greer guilty of fraud.";
    let (found, _) = reports(text, analysis);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].passage.clone()], text, "not cut before its complement");
}

#[test]
fn who_was_met_is_not_named_twice_in_the_title() {
    let analysis = "\
1	Kessler	Kessler	PROPN	NNP	_	2	nsubj	_	_
2	met	meet	VERB	VBD	_	0	root	_	_
3	Lindqvist	Lindqvist	PROPN	NNP	_	2	obj	_	_
4	in	in	ADP	IN	_	5	case	_	_
5	Valmore	Valmore	PROPN	NNP	_	3	nmod	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Tuesday	Tuesday	PROPN	NNP	_	2	obl	_	_
8	.	.	PUNCT	.	_	2	punct	_	_

";
    let (found, _) = reports("Kessler met Lindqvist in Valmore on Tuesday.", analysis);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].title, "Kessler and Lindqvist meet");
}

#[test]
fn a_past_perfect_and_its_participle_take_the_date_of_the_story_they_belong_to() {
    let analysis = "\
1	Norland	Norland	PROPN	NNP	_	2	nsubj	_	_
2	bombed	bomb	VERB	VBD	_	0	root	_	_
3	Sudia	Sudia	PROPN	NNP	_	2	obj	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Friday	Friday	PROPN	NNP	_	2	obl	_	_
6	.	.	PUNCT	.	_	2	punct	_	_

1	Estia	Estia	PROPN	NNP	_	2	nsubj	_	_
2	bombed	bomb	VERB	VBD	_	0	root	_	_
3	Lavonia	Lavonia	PROPN	NNP	_	2	obj	_	_
4	in	in	ADP	IN	_	5	case	_	_
5	2019	2019	NUM	CD	_	2	obl	_	_
6	.	.	PUNCT	.	_	2	punct	_	_

1	Sudia	Sudia	PROPN	NNP	_	3	nsubj	_	_
2	had	have	AUX	VBD	_	3	aux	_	_
3	recalled	recall	VERB	VBN	_	0	root	_	_
4	its	its	PRON	PRP$	_	5	nmod:poss	_	_
5	ambassador	ambassador	NOUN	NN	_	3	obj	_	_
6	,	,	PUNCT	,	_	10	punct	_	_
7	as	as	ADV	RB	_	10	cc	_	_
8	well	well	ADV	RB	_	7	fixed	_	_
9	as	as	ADP	IN	_	7	fixed	_	_
10	cancelling	cancel	VERB	VBG	_	3	advcl	_	_
11	all	all	DET	DT	_	12	det	_	_
12	flights	flight	NOUN	NNS	_	10	obj	_	_
13	.	.	PUNCT	.	_	3	punct	_	_

1	Lavonia	Lavonia	PROPN	NNP	_	3	nsubj	_	_
2	had	have	AUX	VBD	_	3	aux	_	_
3	expelled	expel	VERB	VBN	_	0	root	_	_
4	an	a	DET	DT	_	5	det	_	_
5	envoy	envoy	NOUN	NN	_	3	obj	_	_
6	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "Norland bombed Sudia on Friday. Estia bombed Lavonia in 2019. Sudia had recalled its ambassador, \
                as well as cancelling all flights. Lavonia had expelled an envoy.";
    let countries = ["Norland", "Sudia", "Estia", "Lavonia"];
    let (found, _) = reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &countries);
    let kinds: Vec<&str> = found.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["strike", "strike", "ambassador-recall", "other", "ambassador-recall"], "{found:?}");
    // The recall names Sudia: it belongs to Friday's strike on Sudia, not to the 2019 one told
    // after it; the participle coordinated with it ("as well as cancelling") is another deed,
    // told at the same time.
    assert_eq!(dates(&found), ["2025-02-28", "2019", "2025-02-28", "2025-02-28", "2019"]);
    assert!(found[2].dated_by_context && found[3].dated_by_context);
    assert_eq!(found[2].context_of.clone().map(|p| &text[p]), Some("Norland bombed Sudia on Friday."));
    assert_eq!(found[3].context_of, found[2].context_of, "the participle follows its main verb's story");
}

#[test]
fn a_statement_that_something_is_to_happen_is_an_announcement_not_the_occurrence() {
    let analysis = "\
1	Norland	Norland	PROPN	NNP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	on	on	ADP	IN	_	4	case	_	_
4	Monday	Monday	PROPN	NNP	_	2	obl	_	_
5	that	that	SCONJ	IN	_	9	mark	_	_
6	its	its	PRON	PRP$	_	7	nmod:poss	_	_
7	president	president	NOUN	NN	_	9	nsubj	_	_
8	will	will	AUX	MD	_	9	aux	_	_
9	visit	visit	VERB	VB	_	2	ccomp	_	_
10	Sudia	Sudia	PROPN	NNP	_	9	obj	_	_
11	next	next	ADJ	JJ	_	12	amod	_	_
12	week	week	NOUN	NN	_	9	obl:tmod	_	_
13	.	.	PUNCT	.	_	2	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	union	union	NOUN	NN	_	3	nsubj	_	_
3	said	say	VERB	VBD	_	0	root	_	_
4	it	it	PRON	PRP	_	6	nsubj	_	_
5	would	would	AUX	MD	_	6	aux	_	_
6	call	call	VERB	VB	_	3	ccomp	_	_
7	a	a	DET	DT	_	8	det	_	_
8	strike	strike	NOUN	NN	_	6	obj	_	_
9	if	if	SCONJ	IN	_	11	mark	_	_
10	talks	talk	NOUN	NNS	_	11	nsubj	_	_
11	fail	fail	VERB	VBP	_	6	advcl	_	_
12	.	.	PUNCT	.	_	3	punct	_	_

1	Sudia	Sudia	PROPN	NNP	_	3	nsubj	_	_
2	will	will	AUX	MD	_	3	aux	_	_
3	hold	hold	VERB	VB	_	0	root	_	_
4	talks	talk	NOUN	NNS	_	3	obj	_	_
5	next	next	ADJ	JJ	_	6	amod	_	_
6	month	month	NOUN	NN	_	3	obl:tmod	_	_
7	,	,	PUNCT	,	_	10	punct	_	_
8	the	the	DET	DT	_	9	det	_	_
9	ministry	ministry	NOUN	NN	_	10	nsubj	_	_
10	confirmed	confirm	VERB	VBD	_	3	parataxis	_	_
11	.	.	PUNCT	.	_	3	punct	_	_

1	Norland	Norland	PROPN	NNP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	its	its	PRON	PRP$	_	4	nmod:poss	_	_
4	army	army	NOUN	NN	_	5	nsubj	_	_
5	shelled	shell	VERB	VBD	_	2	ccomp	_	_
6	Sudia	Sudia	PROPN	NNP	_	5	obj	_	_
7	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "Norland said on Monday that its president will visit Sudia next week. The union said it would \
                call a strike if talks fail. Sudia will hold talks next month, the ministry confirmed. Norland \
                said its army shelled Sudia.";
    let (all, registry) = reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &["Norland", "Sudia"]);
    // What the statements schedule is drafted apart, marked and dated forward (`next week` from
    // Tuesday 4 March; `next month`); the conditional strike is not.
    let scheduled: Vec<(&str, String)> =
        all.iter().filter(|r| r.scheduled).map(|r| (r.kind, r.when.unwrap().to_string())).collect();
    assert_eq!(
        scheduled,
        [("diplomatic-visit", "2025-03-10/2025-03-16".to_string()), ("meeting", "2025-04".to_string())]
    );
    let found: Vec<Report> = all.into_iter().filter(|r| !r.scheduled).collect();
    let kinds: Vec<&str> = found.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["announcement", "announcement", "strike"], "{found:?}");
    // The statement's own clause and day; what it schedules is no occurrence yet.
    assert_eq!(&text[found[0].passage.clone()], "Norland said on Monday");
    assert_eq!(dates(&found)[0], "2025-03-03");
    assert_eq!(found[0].title, "Norland announces visit");
    assert_eq!(registry.entities[found[0].actors[0]].name, "Norland");
    // Set into what it confirms; dated by the publication day, not by "next month".
    assert_eq!(&text[found[1].passage.clone()], "the ministry confirmed");
    assert_eq!(found[1].when_words, None);
    assert_eq!(found[1].title, "Ministry announces talks");
    // What is said to have happened is not an announcement.
    assert_eq!(found[2].title, "Army shells Sudia");
}

#[test]
fn arms_named_by_a_state_s_adjective_fire_and_a_call_by_telephone() {
    let analysis = "\
1	Veldran	Veldran	PROPN	NNP	_	2	compound	_	_
2	shells	shell	NOUN	NNS	_	3	nsubj	_	_
3	hit	hit	VERB	VBD	_	0	root	_	_
4	a	a	DET	DT	_	5	det	_	_
5	post	post	NOUN	NN	_	3	obj	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Friday	Friday	PROPN	NNP	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

1	Karsh	Karsh	PROPN	NNP	_	2	nsubj	_	_
2	fired	fire	VERB	VBD	_	0	root	_	_
3	on	on	ADP	IN	_	5	case	_	_
4	a	a	DET	DT	_	5	det	_	_
5	village	village	NOUN	NN	_	2	obl	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Saturday	Saturday	PROPN	NNP	_	2	obl	_	_
8	.	.	PUNCT	.	_	2	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	firm	firm	NOUN	NN	_	3	nsubj	_	_
3	fired	fire	VERB	VBD	_	0	root	_	_
4	its	its	PRON	PRP$	_	5	nmod:poss	_	_
5	chief	chief	NOUN	NN	_	3	obj	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Monday	Monday	PROPN	NNP	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	ministers	minister	NOUN	NNS	_	3	nsubj	_	_
3	spoke	speak	VERB	VBD	_	0	root	_	_
4	by	by	ADP	IN	_	5	case	_	_
5	telephone	telephone	NOUN	NN	_	3	obl	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Sunday	Sunday	PROPN	NNP	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	ministers	minister	NOUN	NNS	_	3	nsubj	_	_
3	spoke	speak	VERB	VBD	_	0	root	_	_
4	on	on	ADP	IN	_	5	case	_	_
5	Sunday	Sunday	PROPN	NNP	_	3	obl	_	_
6	.	.	PUNCT	.	_	3	punct	_	_

1	Karsh	Karsh	PROPN	NNP	_	2	nsubj	_	_
2	said	say	VERB	VBD	_	0	root	_	_
3	on	on	ADP	IN	_	4	case	_	_
4	Wednesday	Wednesday	PROPN	NNP	_	2	obl	_	_
5	that	that	PRON	WDT	_	9	nsubj:pass	_	_
6	six	six	NUM	CD	_	7	nummod	_	_
7	soldiers	soldier	NOUN	NNS	_	9	nsubj:pass	_	_
8	were	be	AUX	VBD	_	9	aux:pass	_	_
9	killed	kill	VERB	VBN	_	4	acl:relcl	_	_
10	when	when	ADV	WRB	_	13	advmod	_	_
11	Veldran	Veldran	PROPN	NNP	_	12	compound	_	_
12	shells	shell	NOUN	NNS	_	13	nsubj	_	_
13	hit	hit	VERB	VBD	_	9	advcl	_	_
14	a	a	DET	DT	_	15	det	_	_
15	post	post	NOUN	NN	_	13	obj	_	_
16	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "Veldran shells hit a post on Friday. Karsh fired on a village on Saturday. The firm fired its \
                chief on Monday. The ministers spoke by telephone on Sunday. The ministers spoke on Sunday. \
                Karsh said on Wednesday that six soldiers were killed when Veldran shells hit a post.";
    let (found, registry) = reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &["Veldra", "Karsh"]);
    let kinds: Vec<&str> = found.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["strike", "strike", "other", "phone-call", "strike"], "{found:?}");
    let actor = |r: &Report| r.actors.first().map(|&a| registry.entities[a].name.clone());
    // "Veldran" is Veldra's adjective (a state no table knows): Veldra fired the shells.
    assert_eq!(actor(&found[0]).as_deref(), Some("Veldra"));
    // Guns fire at a place; a firm fires a person.
    assert_eq!(actor(&found[1]).as_deref(), Some("Karsh"));
    assert_eq!(found[2].title, "Firm fires chief");
    // Speaking by telephone is a call; speaking alone is not an occurrence.
    assert_eq!(&text[found[3].passage.clone()], "The ministers spoke by telephone on Sunday.");
    // A toll told with "when" (parsed as an adverb) is the strike's; the day it was said on,
    // misparsed as what the clause is about, is no participant.
    let toll = &found[4];
    assert!(toll.targets.iter().all(|&t| registry.entities[t].name != "Wednesday"), "{toll:?}");
    assert_eq!(actor(toll), None);
    assert_eq!(toll.title, "Soldiers killed");
}

#[test]
fn a_walkout_out_of_a_place_and_a_disaster_striking_a_place() {
    let analysis = "\
1	Nurses	nurse	NOUN	NNS	_	2	nsubj	_	_
2	walked	walk	VERB	VBD	_	0	root	_	_
3	out	out	ADP	IN	_	5	case	_	_
4	of	of	ADP	IN	_	5	case	_	_
5	hospitals	hospital	NOUN	NNS	_	2	obl	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Monday	Monday	PROPN	NNP	_	2	obl	_	_
8	.	.	PUNCT	.	_	2	punct	_	_

1	A	a	DET	DT	_	2	det	_	_
2	storm	storm	NOUN	NN	_	3	nsubj	_	_
3	battered	batter	VERB	VBD	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	coast	coast	NOUN	NN	_	3	obj	_	_
6	on	on	ADP	IN	_	7	case	_	_
7	Sunday	Sunday	PROPN	NNP	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

1	Rain	rain	NOUN	NN	_	3	nsubj	_	_
2	had	have	AUX	VBD	_	3	aux	_	_
3	soaked	soak	VERB	VBN	_	0	root	_	_
4	the	the	DET	DT	_	5	det	_	_
5	region	region	NOUN	NN	_	3	obj	_	_
6	for	for	ADP	IN	_	7	case	_	_
7	days	day	NOUN	NNS	_	3	obl	_	_
8	.	.	PUNCT	.	_	3	punct	_	_

";
    let text = "Nurses walked out of hospitals on Monday. A storm battered the coast on Sunday. Rain had soaked \
                the region for days.";
    let (found, _) = reports(text, analysis);
    let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Nurses walk out", "Storm batters coast"], "{found:?}");
    assert_eq!(found.iter().map(|r| r.kind).collect::<Vec<_>>(), ["peaceful-protest", "other"]);
    // Rain lasting "for days" is a state, not an occurrence: no third report.
    assert_eq!(dates(&found), ["2025-03-03", "2025-03-02"]);
}

#[test]
fn an_event_noun_made_to_happen_in_the_passive() {
    let analysis = "\
1	The	the	DET	DT	_	2	det	_	_
2	strikes	strike	NOUN	NNS	_	4	nsubj:pass	_	_
3	were	be	AUX	VBD	_	4	aux:pass	_	_
4	carried	carry	VERB	VBN	_	0	root	_	_
5	out	out	ADP	RP	_	4	compound:prt	_	_
6	by	by	ADP	IN	_	7	case	_	_
7	Norland	Norland	PROPN	NNP	_	4	obl:agent	_	_
8	on	on	ADP	IN	_	9	case	_	_
9	Friday	Friday	PROPN	NNP	_	4	obl	_	_
10	.	.	PUNCT	.	_	4	punct	_	_

";
    let text = "The strikes were carried out by Norland on Friday.";
    let (found, registry) = reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &["Norland"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].kind, found[0].title.as_str()), ("strike", "Norland carries out strikes"));
    assert_eq!(registry.entities[found[0].actors[0]].name, "Norland");
    assert_eq!(dates(&found), ["2025-02-28"]);
}

#[test]
fn an_occurrence_taken_as_given_with_its_own_date() {
    let analysis = "\
1	Tensions	tension	NOUN	NNS	_	2	nsubj	_	_
2	eased	ease	VERB	VBD	_	0	root	_	_
3	after	after	ADP	IN	_	4	case	_	_
4	talks	talk	NOUN	NNS	_	2	obl	_	_
5	between	between	ADP	IN	_	6	case	_	_
6	Norland	Norland	PROPN	NNP	_	4	nmod	_	_
7	and	and	CCONJ	CC	_	8	cc	_	_
8	Sudia	Sudia	PROPN	NNP	_	6	conj	_	_
9	on	on	ADP	IN	_	10	case	_	_
10	Sunday	Sunday	PROPN	NNP	_	4	nmod	_	_
11	.	.	PUNCT	.	_	2	punct	_	_

1	The	the	DET	DT	_	2	det	_	_
2	shelling	shelling	NOUN	NN	_	3	nsubj	_	_
3	prompted	prompt	VERB	VBD	_	0	root	_	_
4	a	a	DET	DT	_	5	det	_	_
5	meeting	meeting	NOUN	NN	_	3	obj	_	_
6	of	of	ADP	IN	_	8	case	_	_
7	the	the	DET	DT	_	8	det	_	_
8	council	council	NOUN	NN	_	5	nmod	_	_
9	on	on	ADP	IN	_	10	case	_	_
10	Monday	Monday	PROPN	NNP	_	5	nmod	_	_
11	.	.	PUNCT	.	_	3	punct	_	_

1	Workers	worker	NOUN	NNS	_	2	nsubj	_	_
2	returned	return	VERB	VBD	_	0	root	_	_
3	after	after	ADP	IN	_	5	case	_	_
4	the	the	DET	DT	_	5	det	_	_
5	strike	strike	NOUN	NN	_	2	obl	_	_
6	.	.	PUNCT	.	_	2	punct	_	_

";
    let text = "Tensions eased after talks between Norland and Sudia on Sunday. The shelling prompted a meeting of \
                the council on Monday. Workers returned after the strike.";
    let (found, registry) = reports_dated(text, analysis, Ymd::new(2025, 3, 4), None, &["Norland", "Sudia"]);
    let titles: Vec<&str> = found.iter().map(|r| r.title.as_str()).collect();
    // "after the strike", with no date of its own, is left to the clauses that tell the strike.
    assert_eq!(titles, ["Talks between Norland and Sudia", "Meeting of council"], "{found:?}");
    assert_eq!(dates(&found), ["2025-03-02", "2025-03-03"]);
    let actors: Vec<&str> = found[0].actors.iter().map(|&a| registry.entities[a].name.as_str()).collect();
    assert_eq!(actors, ["Norland", "Sudia"]);
    assert_eq!(&text[found[0].passage.clone()], "after talks between Norland and Sudia on Sunday");
}
