//! Statements whose cue comes after them or shares another cue's speaker: `…, said Name, role`,
//! `…, said the company's chief executive, Name`, `“A,” Name said, adding, “B”`, and an adverbial
//! before a parenthetical cue, which is not what was said; cues after a quotation closed by `!` or
//! `?`, a question answered in the next quotation, retorts (`shot back`), verbs of saying that
//! complete another verb (`went on to say`), and a body's possessive before the speaker's name.

mod drafting;

use drafting::claims;

fn expect(body: &str, wanted: &[(&str, &str, &str)]) {
    let got = claims(body);
    let got: Vec<(&str, &str, &str)> = got.iter().map(|(s, v, p)| (s.as_str(), v.as_str(), p.as_str())).collect();
    assert_eq!(got, wanted, "{body}");
}

#[test]
fn a_long_statement_then_said_and_a_named_speaker_with_a_role() {
    expect(
        "The town's strategy was to court every employer in the valley and to attend every fair and \
         meeting it could get into, said Mark Jones, a political scientist at Rice University in Houston.",
        &[(
            "Mark Jones",
            "said",
            "The town's strategy was to court every employer in the valley and to attend every fair and \
             meeting it could get into",
        )],
    );
}

#[test]
fn a_statement_then_said_and_a_description_in_apposition_to_the_name() {
    expect(
        "In nearby Dunmore, the old ferry line is holding on, but it loses money on every crossing, said the \
         company's chief executive, Ana Ferreira.",
        &[(
            "Ana Ferreira",
            "said",
            "In nearby Dunmore, the old ferry line is holding on, but it loses money on every crossing",
        )],
    );
}

#[test]
fn a_statement_opening_with_a_quotation_then_says_and_the_speaker() {
    expect(
        "\"These ferries have been running late for years,\" in sharp contrast to what the operator \
         promised the town, says Tom Reyes, a commuter advocate in Oakland.",
        &[(
            "Tom Reyes",
            "says",
            "\"These ferries have been running late for years,\" in sharp contrast to what the operator \
             promised the town",
        )],
    );
}

#[test]
fn a_participle_after_a_verb_of_saying_shares_its_speaker() {
    expect(
        "“The pier is safe for now,” Lena Hart said, adding, “We inspected every beam of it twice.”",
        &[
            ("Lena Hart", "said", "The pier is safe for now"),
            ("Lena Hart", "adding", "We inspected every beam of it twice"),
        ],
    );
    expect(
        "The ferry left as soon as the storm ended, Omar Nefzi said, adding, \"It was not a safe crossing.\"",
        &[
            ("Omar Nefzi", "said", "The ferry left as soon as the storm ended"),
            ("Omar Nefzi", "adding", "It was not a safe crossing"),
        ],
    );
}

#[test]
fn an_adverbial_before_a_parenthetical_cue_is_not_what_was_said() {
    expect(
        "In the spring of 2019, Dana Whitfield said, the council closed the ferry office for good.",
        &[("Dana Whitfield", "said", "the council closed the ferry office for good")],
    );
    expect("In a speech last July, Dana Whitfield said:\n\nThe harbor belongs to everyone who works on it.", &[]);
}

#[test]
fn a_comma_before_said_with_no_speaker_after_it_is_no_statement() {
    expect("The storm reached the coast on Monday, said to be the worst in a decade.", &[]);
}

#[test]
fn a_subject_with_a_clause_of_its_own_before_said_is_the_speaker_not_the_statement() {
    expect(
        "Jane Roe, who chairs the harbor board, said she had heard the same account from two captains.",
        &[("Jane Roe", "said", "she had heard the same account from two captains")],
    );
}

#[test]
fn a_quotation_closed_by_an_exclamation_keeps_the_attribution_after_it() {
    expect(
        "Nadia Brookes runs the ferry company.\n\n\
         “We will not close the pier!” Brookes, the head of the company, said on Friday.\n\n\
         “We won the vote!” Brookes said the crew would celebrate.",
        &[
            ("Nadia Brookes", "said", "We will not close the pier!"),
            // A statement of its own after the verb: the quotation before it is not what was said.
            ("Nadia Brookes", "said", "the crew would celebrate"),
        ],
    );
}

#[test]
fn a_question_answered_in_the_next_quotation_is_one_statement() {
    expect(
        "Omar Reyes spoke at the pier.\n\n\
         “Who pays for the repairs?” Reyes said. “The town does, every single year.”\n\n\
         “Who pays for the lights?” Reyes said.",
        &[("Omar Reyes", "said", "Who pays for the repairs? | The town does, every single year")],
    );
}

#[test]
fn a_retort_with_back_and_a_fuming_speaker() {
    expect(
        "“The plan was never funded,” Dana Cole shot back.\n\n\
         “They never read the bill,” Dana Cole fumed on Tuesday.",
        &[("Dana Cole", "shot back", "The plan was never funded"), ("Dana Cole", "fumed", "They never read the bill")],
    );
}

#[test]
fn a_verb_of_saying_completing_another_verb_before_a_quotation() {
    expect(
        "Dana Cole went on to say, “The ferry will run again by the spring.”\n\n\
         Omar Reyes continued by saying, “We will appeal the ruling before the end of the month.”",
        &[
            ("Dana Cole", "say", "The ferry will run again by the spring"),
            ("Omar Reyes", "saying", "We will appeal the ruling before the end of the month"),
        ],
    );
    // A purpose, not a statement.
    let got = claims("Lena Hart vowed to fight the closure and to counter “the careless plan of the council.”");
    assert!(got.iter().all(|(_, verb, _)| verb != "counter"), "{got:?}");
}

#[test]
fn a_body_possessive_before_the_name_after_a_quotation() {
    expect(
        "“The tolls are too high for commuters,” Harbor Watch’s Lena Hart said at the meeting.",
        &[("Lena Hart", "said", "The tolls are too high for commuters")],
    );
}

#[test]
fn a_party_tag_or_a_long_description_between_the_name_and_the_verb() {
    expect(
        "Sen. Nora Quill spoke.\n\n\
         “Nobody knows what the next vote will bring,” Sen. Nora Quill (D-Ore.) said in an interview.\n\n\
         \"Both of the candidates scare me a great deal,\" Hal Brandt, 30, of Salem, Ore., who was among \
         those polled, said in a follow-up interview.",
        &[
            ("Nora Quill", "said", "Nobody knows what the next vote will bring"),
            ("Hal Brandt", "said", "Both of the candidates scare me a great deal"),
        ],
    );
    // A participle in the description is not a cue of its own.
    expect(
        "Sen. Nora Quill (D-Ore.), noting the length of the list, said, “She has a long list of donors and \
         she will use it.”",
        &[("Nora Quill", "said", "She has a long list of donors and she will use it")],
    );
}

#[test]
fn a_verb_of_saying_opening_the_sentence_before_the_name() {
    expect(
        "Mayor Ruth Okafor testified.\n\n\
         Said Okafor, \"The bridge will stay open for as long as the inspectors allow it.\"",
        &[("Ruth Okafor", "Said", "The bridge will stay open for as long as the inspectors allow it")],
    );
}
