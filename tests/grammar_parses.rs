//! Parses by the bundled grammar model of the constructions the drafter's attribution reads:
//! who said, what was said, on whose authority. Each test asserts the few relations that matter,
//! not whole trees, so a better model does not break them but a wrong analysis does.

use factline::grammar::{Deprel, Sentence, Upos, Xpos, analyze, lemma};

/// The one sentence of `text`.
fn parse(text: &str) -> Sentence {
    let mut sentences = analyze(text);
    assert_eq!(sentences.len(), 1, "{text:?} is one sentence");
    sentences.remove(0)
}

fn index(sentence: &Sentence, text: &str, word: &str) -> usize {
    (0..sentence.tokens.len())
        .find(|&at| sentence.text(text, at) == word)
        .unwrap_or_else(|| panic!("no token {word:?} in {text:?}"))
}

/// Asserts that `dependent` hangs from `head` (`None`: is the root) with relation `deprel`.
#[track_caller]
fn assert_arc(text: &str, dependent: &str, head: Option<&str>, deprel: Deprel) {
    let sentence = parse(text);
    let at = index(&sentence, text, dependent);
    let token = &sentence.tokens[at];
    let found_head = token.head.map(|head| sentence.text(text, head));
    assert_eq!(
        (found_head, token.deprel),
        (head, deprel),
        "{dependent:?} in {text:?}; the parse:\n{}",
        describe(&sentence, text)
    );
}

fn describe(sentence: &Sentence, text: &str) -> String {
    (0..sentence.tokens.len())
        .map(|at| {
            let token = &sentence.tokens[at];
            let head = token.head.map_or("ROOT", |head| sentence.text(text, head));
            format!("  {} {}/{} <-{}- {}\n", sentence.text(text, at), token.upos, token.xpos, token.deprel, head)
        })
        .collect()
}

#[test]
fn a_reported_clause() {
    let text = "Smith said voters face a threat.";
    assert_arc(text, "said", None, Deprel::Root);
    assert_arc(text, "Smith", Some("said"), Deprel::Nsubj);
    assert_arc(text, "face", Some("said"), Deprel::Ccomp);
    assert_arc(text, "voters", Some("face"), Deprel::Nsubj);
    let sentence = parse(text);
    let said = &sentence.tokens[index(&sentence, text, "said")];
    assert_eq!((said.upos, said.xpos, said.lemma.as_str()), (Upos::Verb, Xpos::Vbd, "say"));
}

#[test]
fn a_quotation_before_its_speaker() {
    let text = "\"We will win,\" the senator said.";
    assert_arc(text, "said", None, Deprel::Root);
    assert_arc(text, "senator", Some("said"), Deprel::Nsubj);
    assert_arc(text, "win", Some("said"), Deprel::Ccomp);
    let sentence = parse(text);
    for at in [0, 5] {
        assert_eq!(sentence.tokens[at].upos, Upos::Punct, "the quote marks are punctuation");
    }
}

#[test]
#[ignore = "known miss of the current model: it makes `officials` a conj of `people`; kept to measure the next model"]
fn according_to() {
    let text = "The strike killed 12 people, according to officials.";
    assert_arc(text, "officials", Some("killed"), Deprel::Obl);
    assert_arc(text, "according", Some("officials"), Deprel::Case);
    assert_arc(text, "to", Some("according"), Deprel::Fixed);
}

#[test]
fn a_participle_of_saying() {
    let text = "The minister defended the plan, saying it would create jobs.";
    assert_arc(text, "saying", Some("defended"), Deprel::Advcl);
    assert_arc(text, "create", Some("saying"), Deprel::Ccomp);
}

#[test]
fn a_second_verb_of_the_same_speaker() {
    let text = "He praised the troops and said he planned to visit them.";
    assert_arc(text, "praised", None, Deprel::Root);
    assert_arc(text, "said", Some("praised"), Deprel::Conj);
    assert_arc(text, "planned", Some("said"), Deprel::Ccomp);
}

#[test]
#[ignore = "known miss of the current model: `failed` gets the right head but xcomp for ccomp; kept to measure the next model"]
fn quoted_as_saying() {
    let text = "He was quoted as saying the talks had failed.";
    assert_arc(text, "quoted", None, Deprel::Root);
    assert_arc(text, "He", Some("quoted"), Deprel::NsubjPass);
    assert_arc(text, "saying", Some("quoted"), Deprel::Advcl);
    assert_arc(text, "failed", Some("saying"), Deprel::Ccomp);
}

#[test]
fn told_a_network() {
    let text = "Rubio told Fox News that the deal was dead.";
    assert_arc(text, "told", None, Deprel::Root);
    assert_arc(text, "Rubio", Some("told"), Deprel::Nsubj);
    assert_arc(text, "News", Some("told"), Deprel::Iobj);
    assert_arc(text, "dead", Some("told"), Deprel::Ccomp);
}

#[test]
fn a_passive_with_its_agent() {
    let text = "The report was written by analysts in Geneva.";
    assert_arc(text, "written", None, Deprel::Root);
    assert_arc(text, "report", Some("written"), Deprel::NsubjPass);
    assert_arc(text, "was", Some("written"), Deprel::AuxPass);
    assert_arc(text, "analysts", Some("written"), Deprel::OblAgent);
}

#[test]
fn clitics_are_tagged_like_the_treebank() {
    let text = "Trump's aides don't agree.";
    let sentence = parse(text);
    let words: Vec<&str> = (0..sentence.tokens.len()).map(|at| sentence.text(text, at)).collect();
    assert_eq!(words, ["Trump", "'s", "aides", "do", "n't", "agree", "."]);
    assert_eq!(sentence.tokens[1].xpos, Xpos::Pos);
    assert_eq!(sentence.tokens[4].lemma, "not");
    assert_arc(text, "Trump", Some("aides"), Deprel::NmodPoss);
}

#[test]
fn every_sentence_is_one_tree() {
    let text = "Officials said on Tuesday that the ceasefire, which began in May, had collapsed. \
                \u{201c}It is over,\u{201d} a spokesman told reporters. Mr. Smith of the U.S. disagreed.";
    let sentences = analyze(text);
    assert_eq!(sentences.len(), 3);
    for sentence in &sentences {
        assert_eq!(sentence.tokens.iter().filter(|token| token.head.is_none()).count(), 1);
        for (at, token) in sentence.tokens.iter().enumerate() {
            // Following heads from any token reaches the root without a cycle.
            let mut current = at;
            for _ in 0..=sentence.tokens.len() {
                match sentence.tokens[current].head {
                    Some(head) => current = head,
                    None => break,
                }
            }
            assert!(sentence.tokens[current].head.is_none(), "a cycle through {token:?}");
        }
        assert_eq!(sentence.span.start, sentence.tokens[0].span.start);
    }
    let root = sentences[0].root().expect("a root");
    assert_eq!(sentences[0].text(text, root), "said");
    let collapsed = index(&sentences[0], text, "collapsed");
    let clause = sentences[0].subtree_span(collapsed);
    assert_eq!(&text[clause], "that the ceasefire, which began in May, had collapsed");
}

#[test]
fn the_lemmatizer_matches_inflections() {
    assert_eq!(lemma("acknowledging", Upos::Verb), "acknowledge");
    assert_eq!(lemma("acknowledged", Upos::Verb), "acknowledge");
    assert_eq!(lemma("said", Upos::Verb), "say");
    assert_eq!(lemma("killed", Upos::Verb), "kill");
    assert_eq!(lemma("Iranians", Upos::Propn), "Iranian");
    assert_eq!(lemma("children", Upos::Noun), "child");
}

#[test]
fn hostile_text_is_analysed_in_bounded_windows() {
    let line = "word ".repeat(5_000);
    let sentences = analyze(&line);
    assert!(sentences.iter().all(|sentence| sentence.tokens.len() <= factline::grammar::MAX_SENTENCE_TOKENS));
    assert_eq!(sentences.iter().map(|sentence| sentence.tokens.len()).sum::<usize>(), 5_000);
    assert!(analyze("").is_empty());
    assert!(analyze(" \n\n \t").is_empty());
    let controls = "\u{1b}[31mred\u{7} \u{0}said\u{202e} he.";
    let spans: Vec<_> =
        analyze(controls).into_iter().flat_map(|sentence| sentence.tokens).map(|token| token.span).collect();
    assert!(spans.iter().all(|span| controls.is_char_boundary(span.start) && controls.is_char_boundary(span.end)));
}
