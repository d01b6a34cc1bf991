//! One short article per construction `factline draft` reads, asserting the speaker, the verb,
//! the passage and the date it drafts — and, for the non-claims, that it drafts nothing.

mod drafting;

use drafting::{HEAD, claims_in};
use factline::draft::{Article, draft};

/// (speaker name, verb, passage, date) of every claim drafted from `text`.
fn claims(text: &str) -> Vec<(String, String, String, Option<String>)> {
    claims_in(text).into_iter().map(|c| (c.speaker, c.verb, c.passage, c.date)).collect()
}

fn one(body: &str) -> (String, String, String, Option<String>) {
    let got = claims(&format!("{HEAD}{body}"));
    assert_eq!(got.len(), 1, "{got:?}");
    got.into_iter().next().unwrap()
}

fn expect(body: &str, speaker: &str, verb: &str, passage: &str, date: Option<&str>) {
    let got = one(body);
    assert_eq!(
        (got.0.as_str(), got.1.as_str(), got.2.as_str(), got.3.as_deref()),
        (speaker, verb, passage, date),
        "{body}"
    );
}

#[test]
fn quote_then_name_said() {
    expect(
        "“We will not back down,” Maria Keller said on Friday.",
        "Maria Keller",
        "said",
        "We will not back down",
        Some("2024-01-19"),
    );
}

#[test]
fn quote_then_said_name_with_role() {
    expect(
        "“Prices will fall by spring,” said Omar Haddad, chief economist at Northgate Bank.",
        "Omar Haddad",
        "said",
        "Prices will fall by spring",
        None,
    );
}

#[test]
fn name_said_colon_quote() {
    expect(
        "Maria Keller said: “The plan is finished and it works.”",
        "Maria Keller",
        "said",
        "The plan is finished and it works",
        None,
    );
}

#[test]
fn reported_speech_with_and_without_that() {
    expect(
        "Maria Keller said on Monday that the talks had failed.",
        "Maria Keller",
        "said",
        "the talks had failed",
        Some("2024-01-22"),
    );
    expect("Maria Keller said the talks had failed.", "Maria Keller", "said", "the talks had failed", None);
}

#[test]
fn according_to() {
    expect(
        "More than 1,200 homes are at risk, according to the Environment Agency.",
        "Environment Agency",
        "according to",
        "More than 1,200 homes are at risk",
        None,
    );
}

#[test]
fn told_an_outlet() {
    expect(
        "Omar Haddad told the Daily Beacon yesterday that the bank would not cut rates.",
        "Omar Haddad",
        "told",
        "the bank would not cut rates",
        Some("2024-01-21"),
    );
}

#[test]
fn other_reporting_verbs() {
    expect(
        "Tom Brightwell warned that the costs could rise by a third.",
        "Tom Brightwell",
        "warned",
        "the costs could rise by a third",
        None,
    );
    expect(
        "Marcos Villanueva denied that farmers had been consulted.",
        "Marcos Villanueva",
        "denied",
        "farmers had been consulted",
        None,
    );
    expect(
        "The transport ministry urged the airline to compensate every passenger.",
        "transport ministry",
        "urged",
        "the airline to compensate every passenger",
        None,
    );
    expect(
        "Ana Ferreira tweeted on Monday that the deal was a win for farmers.",
        "Ana Ferreira",
        "tweeted",
        "the deal was a win for farmers",
        Some("2024-01-22"),
    );
}

#[test]
fn transcript_name_colon_quote() {
    expect(
        "Fiona McAllister chaired.\n\nMcAllister: “Waiting lists have grown for eleven months.”",
        "Fiona McAllister",
        "said",
        "Waiting lists have grown for eleven months",
        None,
    );
}

#[test]
fn a_relative_clause_between_the_name_and_the_verb() {
    expect(
        "Striker Tomas Berg, who scored twice, added on Sunday that the team had never doubted itself.",
        "Tomas Berg",
        "added",
        "the team had never doubted itself",
        Some("2024-01-21"),
    );
    expect(
        "The Norwegian Refugee Council, which runs the camp, said that food would run out within a week.",
        "Norwegian Refugee Council",
        "said",
        "food would run out within a week",
        None,
    );
    // A list before the verb is not a relative clause: nobody is drafted as its speaker.
    assert!(
        claims(&format!("{HEAD}Oslo, which hosts the talks, Bergen, and Tromsø said nothing new."))
            .iter()
            .all(|c| c.0 != "Oslo")
    );
}

#[test]
fn a_person_described_by_what_they_do() {
    let body = "Pop star Jade Holm denied the claims on Monday.\n\nThe singer, 27, said she had never met the band.";
    let got = claims(&format!("{HEAD}{body}"));
    assert!(got.iter().any(|c| c.0 == "Jade Holm" && c.2 == "she had never met the band"), "{got:?}");
    // The person named with the same word is preferred over the last one named.
    let body =
        "Striker Ola Vik scored twice. Coach Per Lund praised the crowd.\n\nThe striker said the win was for the fans.";
    let got = claims(&format!("{HEAD}{body}"));
    assert!(got.iter().any(|c| c.0 == "Ola Vik" && c.2 == "the win was for the fans"), "{got:?}");
    // A spokesman is not the person just named.
    let body = "Jade Holm released a new album.\n\nThe spokesman said the tour would go ahead.";
    assert!(claims(&format!("{HEAD}{body}")).iter().all(|c| c.0 != "Jade Holm"));
}

#[test]
fn a_person_of_an_organization_speaks_for_themselves() {
    expect(
        "Seismologist Hernando Tavera of the Geophysical Institute of Peru warned that aftershocks could continue for weeks.",
        "Hernando Tavera",
        "warned",
        "aftershocks could continue for weeks",
        None,
    );
}

#[test]
fn a_datelines_agency_credit_is_no_alias_and_a_center_is_no_person() {
    let text = format!(
        "{HEAD}LIMA, Peru (AP) — A quake struck on Tuesday.\n\nThe quake hit near the coast, the U.S. Geological Survey said. Peru's National Emergency Operations Center said 230 homes had collapsed."
    );
    let article = Article { file_name: "a.txt".into(), text: text.clone() };
    let drafted = draft(&[article], None, |_| {});
    let peru = drafted.entities.iter().find(|e| e.name == "Peru").expect("Peru");
    assert!(!peru.spellings.iter().any(|s| s == "AP"), "{:?}", peru.spellings);
    for e in &drafted.entities {
        assert!(
            !(e.kind == factline::store::EntityKind::Person
                && (e.name.contains("Center") || e.name.contains("Survey"))),
            "{} drafted as a person",
            e.name
        );
    }
}

#[test]
fn an_organization_after_a_dotted_abbreviation_ends_a_statement() {
    expect(
        "The quake hit at 3:12 a.m. near the town of Acari, the U.S. Geological Survey said.",
        "Geological Survey",
        "said",
        "The quake hit at 3:12 a.m. near the town of Acari",
        None,
    );
}

#[test]
fn a_spokesperson_speaks_for_their_organization() {
    expect(
        "A Treasury spokesperson said: “The chancellor has been clear that difficult choices are needed.”",
        "Treasury",
        "said",
        "The chancellor has been clear that difficult choices are needed",
        None,
    );
    let got = claims(&format!(
        "{HEAD}The Northgate Water Company raised prices.\n\nA Northgate Water Company spokeswoman said that the rise would fund new pipes."
    ));
    assert!(got.iter().any(|c| c.0 == "Northgate Water Company" && c.2 == "the rise would fund new pipes"), "{got:?}");
}

#[test]
fn an_organizations_name_in_apposition_to_its_description_speaks() {
    expect(
        "The UN children's agency, Unicef, warned that outbreaks of cholera were likely in the camps.",
        "Unicef",
        "warned",
        "outbreaks of cholera were likely in the camps",
        None,
    );
}

#[test]
fn a_title_inside_an_appositive_name_and_an_age_before_a_relative_clause() {
    expect(
        "The clinic's director, Dr Lena Sørby, said the waiting room was full by eight.",
        "Lena Sørby",
        "said",
        "the waiting room was full by eight",
        None,
    );
    expect(
        "Arne Dahl, 64, who has fished the fjord for forty years, said the catch had halved.",
        "Arne Dahl",
        "said",
        "the catch had halved",
        None,
    );
}

#[test]
fn as_name_put_it() {
    expect(
        "Colin Rhodes runs the group.\n\nAs Rhodes put it, “An apology is not a refund.”",
        "Colin Rhodes",
        "put",
        "An apology is not a refund",
        None,
    );
}

#[test]
fn a_pronoun_speaks_for_the_person_named_before() {
    expect(
        "Naomi Fairweather apologised.\n\n“We let our passengers down,” she said.",
        "Naomi Fairweather",
        "said",
        "We let our passengers down",
        None,
    );
}

#[test]
fn a_quote_over_two_paragraphs() {
    expect(
        "“I have given this club everything I had.\n\n“The players deserve someone new,” Alan Breckenridge said.",
        "Alan Breckenridge",
        "said",
        "I have given this club everything I had | The players deserve someone new",
        None,
    );
}

#[test]
fn an_organization_in_a_statement() {
    expect(
        "Ambassadors will return to their posts by January 26, the Pakistani foreign ministry said in a statement.",
        "Pakistani foreign ministry",
        "said",
        "Ambassadors will return to their posts by January 26",
        None,
    );
}

#[test]
fn guillemets_and_straight_quotes() {
    expect(
        "«Our plan is prudent and it will reduce the debt», Giulia Benedetti said.",
        "Giulia Benedetti",
        "said",
        "Our plan is prudent and it will reduce the debt",
        None,
    );
    expect(
        "\"Buses deserve to move freely here,\" Rafael Quintero said.",
        "Rafael Quintero",
        "said",
        "Buses deserve to move freely here",
        None,
    );
}

#[test]
fn non_claims_are_not_drafted() {
    for body in [
        "The chamber called the consultation a “sham” in a letter.",
        "The council's report, “Living With Water 2030”, was published.",
        "Under the said contract, the council will provide grants.",
        "It was said that some residents had threatened legal action.",
        "Critics dismissed the “menace of terrorism” talk.",
        "Critics said the plan was flawed from the start.",
        "Residents say the river has flooded twice this year.",
    ] {
        assert!(claims(&format!("{HEAD}{body}")).is_empty(), "{body}: {:?}", claims(&format!("{HEAD}{body}")));
    }
    // A quote in the headline is not a claim either.
    assert!(
        claims("Minister: ‘We will win this fight’\n\nPublished On: Jan 22, 2024\n\nThe minister spoke.").is_empty()
    );
}

#[test]
fn no_weekday_is_resolved_without_a_publication_date() {
    let got = claims("A headline\n\nMaria Keller said on Monday that the talks had failed.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].3, None);
}

#[test]
fn plain_words_describing_the_speaker_after_said() {
    expect(
        "\"It is the best role of his career and shows why he matters,\" said conservative activist Tom Brandt, who backs no candidate.",
        "Tom Brandt",
        "said",
        "It is the best role of his career and shows why he matters",
        None,
    );
}

#[test]
fn a_quote_opened_typographic_and_closed_straight() {
    expect(
        "“It is so shameful that you ignored every one of my calls,\" Ellery Vance said.",
        "Ellery Vance",
        "said",
        "It is so shameful that you ignored every one of my calls",
        None,
    );
}

#[test]
fn words_before_a_quotation_belong_to_the_statement_attributed_after_it() {
    let got = claims(&format!(
        "{HEAD}Arturo Villalobos spoke to reporters on Monday.\n\nThe new strategy is a “very welcome change of course,” he said."
    ));
    let passages: Vec<&str> = got.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(passages, ["The new strategy is a “very welcome change of course"], "{got:?}");
}

#[test]
fn a_capital_after_a_quotation_closed_by_a_full_stop_starts_a_new_sentence() {
    let got = claims(&format!(
        "{HEAD}Counsel Dana Whitcombe said the inquiry is “ongoing.” She said the bureau has not commented on its scope."
    ));
    assert!(got.iter().all(|c| c.2 != "ongoing"), "{got:?}");
    assert!(got.iter().any(|c| c.2 == "the bureau has not commented on its scope"), "{got:?}");
}

#[test]
fn a_capitalized_word_inside_a_sentence_is_not_a_cue() {
    // The tagger may read "States" as a verb; a name is never one.
    for body in [
        "Imports to the United States came mostly from other industrial nations like Germany.",
        "Lazar was charged in the United States in 2014 and extradited this year.",
    ] {
        assert!(claims(&format!("{HEAD}{body}")).is_empty(), "{body}: {:?}", claims(&format!("{HEAD}{body}")));
    }
}

#[test]
fn an_honorific_with_its_full_stop_after_the_statement() {
    let got = claims(&format!(
        "{HEAD}Robyn Gedney runs the account for the group.\n\nSeveral of the men were not pleased with her new approach, Ms. Gedney said."
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].0.as_str(), got[0].2.as_str()),
        ("Robyn Gedney", "Several of the men were not pleased with her new approach")
    );
}

#[test]
fn a_statement_opening_with_a_quotation_and_going_on_in_the_writers_words() {
    let got = claims(&format!(
        "{HEAD}\"I think the evidence is very strong\" that the crew's account is more credible than the chief's, Morgan Zell said."
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Morgan Zell");
    assert_eq!(
        got[0].2,
        "\"I think the evidence is very strong\" that the crew's account is more credible than the chief's"
    );
}

#[test]
fn a_middle_initial_and_an_abbreviated_title_stay_in_the_name() {
    let got = claims(&format!(
        "{HEAD}“The bridge needs a new deck before the winter,” said Mark S. Mellman, a local engineer.\n\n\
         “Nobody has asked us what we think,” Mr. Mellman said later.\n\n\
         “We will vote on the plan next week,” said Sen. Olga Brandt."
    ));
    let speakers: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(speakers, ["Mark S. Mellman", "Mark S. Mellman", "Olga Brandt"], "{got:?}");
}

#[test]
fn an_honorific_and_a_surname_name_a_person_the_article_never_named_in_full() {
    expect(
        "“The lighthouse has been dark for a month,” Mr. Hof said.",
        "Hof",
        "said",
        "The lighthouse has been dark for a month",
        None,
    );
}

#[test]
fn the_name_after_a_possessive_place_speaks() {
    expect(
        "“If we do not fix the dam now, the valley floods,” said Norland’s Rick Wilton, a consultant.",
        "Rick Wilton",
        "said",
        "If we do not fix the dam now, the valley floods",
        None,
    );
}

#[test]
fn a_plain_description_before_the_name_after_a_quotation() {
    expect(
        "“I think there is a high chance of an accident,” harbour engineer Bonnie Baha said at a meeting.",
        "Bonnie Baha",
        "said",
        "I think there is a high chance of an accident",
        None,
    );
    expect(
        "“He deserved every word of it,” the driver, Joel Kemper, told a local radio station.",
        "Joel Kemper",
        "told",
        "He deserved every word of it",
        None,
    );
}

#[test]
fn a_named_spokesperson_speaks_not_the_body_in_the_description() {
    expect(
        "“We support the repairs, but we cannot pay for all of them,” Rosa Pamber, a Lintel spokeswoman, said in an email.",
        "Rosa Pamber",
        "said",
        "We support the repairs, but we cannot pay for all of them",
        None,
    );
}

#[test]
fn a_coordinated_verb_before_a_quotation_shares_the_subject() {
    let got = claims(&format!(
        "{HEAD}Lena Sherwin smiled and said, “I am waiting for the engineers to get on with it.”\n\n\
         Sam Okoro spoke at a news conference, and then predicted: “We will finish the work before the storms arrive.”\n\n\
         In a statement released Thursday, Rep. Hana Jeffers reacted to the news, saying: “The harbour should have been closed years ago.”"
    ));
    let speakers: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(speakers, ["Lena Sherwin", "Sam Okoro", "Hana Jeffers"], "{got:?}");
}

#[test]
fn a_long_listener_before_that() {
    expect(
        "Nora Vance told delegates at the party's annual convention in Leeds that the harbour plan was dead.",
        "Nora Vance",
        "told",
        "the harbour plan was dead",
        None,
    );
}

#[test]
fn a_subject_before_a_quoted_word_still_speaks_for_and_said() {
    let got = claims(&format!(
        "{HEAD}Dana Greer called both plans “reckless” and said the council would lose the vote next spring."
    ));
    let got: Vec<(&str, &str, &str)> = got.iter().map(|c| (c.0.as_str(), c.1.as_str(), c.2.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Dana Greer", "called", "both plans “reckless"),
            ("Dana Greer", "said", "the council would lose the vote next spring")
        ]
    );
}

#[test]
fn a_paragraph_opened_by_its_speakers_label() {
    let got = claims(
        "Okafor: The Harbour Plan Will Sink the Town Budget\n\n\
         Councillor Ruth Okafor spoke at length on Monday about the harbour.\n\n\
         Partial transcript as follows:\n\n\
         JANE TILLER: The council voted on Monday to close the old harbour. Take a look.\n\n\
         OKAFOR: Well, I think the whole town needs to work together on this, and we will.\n\n\
         JANE TILLER: Do you think the vote will pass next week?\n\n\
         Note: This story has been updated with the vote count from Monday night.",
    );
    let said: Vec<(&str, &str)> = got.iter().map(|c| (c.0.as_str(), c.2.as_str())).collect();
    assert_eq!(
        said,
        [
            ("Ruth Okafor", "The Harbour Plan Will Sink the Town Budget"),
            ("JANE TILLER", "The council voted on Monday to close the old harbour. Take a look"),
            ("Ruth Okafor", "Well, I think the whole town needs to work together on this, and we will"),
        ],
        "a headline's label names a person of the article, a transcript's label recurs; a question and a note are not statements"
    );
}

#[test]
fn a_reported_statement_goes_on_over_but() {
    expect(
        "Tom Zimmer said he had received offers for the boat, but the offers were not ones he could accept.",
        "Tom Zimmer",
        "said",
        "he had received offers for the boat, but the offers were not ones he could accept",
        None,
    );
}

#[test]
fn a_body_named_by_the_last_words_of_its_name_is_that_body() {
    let got = claims(&format!(
        "{HEAD}The Regional Budget Office published its forecast on Monday.\n\n\
         The budget office said the deficit would double within three years."
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Regional Budget Office");
}

#[test]
fn a_preposition_opening_the_sentence_is_not_part_of_the_name() {
    let got = claims(&format!(
        "{HEAD}Unlike Hanna Kroll, the mayor has kept quiet.\n\n“The vote was rigged from the start,” Kroll said."
    ));
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Hanna Kroll");
}

#[test]
fn according_to_a_source_the_article_never_named_before() {
    let got = claims(&format!(
        "{HEAD}According to Variety, the studio has dropped the sequel after a year of talks.\n\n\
         The mayor will open the bridge on Friday, according to a report Tuesday from KWTV."
    ));
    let speakers: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(speakers, ["Variety", "KWTV"], "{got:?}");
}

#[test]
fn a_headline_verb_of_saying_is_not_part_of_a_name() {
    let got = claims(
        "Dennis Prager Tells Readers Why He Changed His Mind\n\n\
         Dennis Prager Tells Readers Why He Changed His Mind\n\n\
         “In the final analysis, I do not find their arguments compelling,” Prager writes.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Prager");
}

#[test]
fn a_name_inside_a_reported_statement_is_not_who_he_is() {
    let got = claims(&format!(
        "{HEAD}Omar Kagan spoke to reporters on Monday.\n\n\
         He argued the militia was in retreat and its leader Walter Brandt said it was beaten.\n\n\
         “The army is going after every target it can find,” he added."
    ));
    let added = got.iter().find(|c| c.1 == "added").expect("the quotation is drafted");
    assert_eq!(added.0, "Omar Kagan", "{got:?}");
}

#[test]
fn a_quotation_inside_a_statement_takes_the_words_after_it() {
    expect(
        "Mayor Helen Brandt says “the budget has become a mess” because “the city spends like the state does.”",
        "Helen Brandt",
        "says",
        "the budget has become a mess” because “the city spends like the state does.”",
        None,
    );
    expect(
        "Peter Vole said, “I have not seen that particular report” from the finance office.",
        "Peter Vole",
        "said",
        "I have not seen that particular report” from the finance office",
        None,
    );
    // The quotation ends its sentence, or an attribution of its own follows it: the quote alone.
    let got = claims(&format!(
        "{HEAD}Peter Vole said, “The report is late.” The office did not answer.\n\n\
         Helen Brandt said “the vote was fair” and Peter Vole agreed with her on it."
    ));
    let passages: Vec<&str> = got.iter().map(|c| c.2.as_str()).collect();
    assert_eq!(passages, ["The report is late", "the vote was fair"], "{got:?}");
}

#[test]
fn a_participle_of_saying_after_a_comma_starts_a_statement_of_its_own() {
    let got = claims(&format!(
        "{HEAD}Peter Vole is insisting that he has “balanced every budget he wrote,” claiming that he \
         alone is responsible for the surplus in the fund."
    ));
    let found: Vec<(&str, &str, &str)> = got.iter().map(|c| (c.0.as_str(), c.1.as_str(), c.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("Peter Vole", "insisting", "he has “balanced every budget he wrote"),
            ("Peter Vole", "claiming", "he alone is responsible for the surplus in the fund"),
        ]
    );
}

#[test]
fn progressive_and_perfect_cues_take_the_subject_before_the_auxiliary() {
    expect(
        "Senator Rosa Imbert was telling reporters in Dayton that the bill would pass next week.",
        "Rosa Imbert",
        "telling",
        "the bill would pass next week",
        None,
    );
    expect(
        "Rosa Imbert has since said that she voted for the bill because it helped the city.",
        "Rosa Imbert",
        "said",
        "she voted for the bill because it helped the city",
        None,
    );
    // A passive is no progressive: nobody speaks.
    assert!(claims(&format!("{HEAD}It was being said that the bill would pass next week.")).is_empty());
}

#[test]
fn a_paragraph_ending_with_a_colon_introduces_the_quotation_after_it() {
    let got = claims(&format!(
        "{HEAD}Senator Rosa Imbert took the floor after the vote. Imbert continued:\n\n\
         “The questions asked today show why voters do not trust this chamber. Everyone knows it.”\n\n\
         She then addressed the gallery again: “Here is what I regret. I regret that nobody listened.”"
    ));
    let found: Vec<(&str, &str)> = got.iter().map(|c| (c.0.as_str(), c.2.as_str())).collect();
    assert_eq!(
        found,
        [
            ("Rosa Imbert", "The questions asked today show why voters do not trust this chamber. Everyone knows it"),
            ("Rosa Imbert", "Here is what I regret. I regret that nobody listened"),
        ],
        "{got:?}"
    );
    // A heading in capitals is no speaker, and a sign is not a person.
    for body in [
        "THEATER BEAT: “The star of the new musical will leave the show in March, the producers say.”",
        "The sign on the door read: “Closed for the holidays until the second week of January.”",
    ] {
        let got = claims(&format!("{HEAD}{body}"));
        assert!(got.is_empty(), "{body}: {got:?}");
    }
}

#[test]
fn he_said_after_a_quotation_means_the_speaker_named_after_the_last_one() {
    let got = claims(&format!(
        "{HEAD}Mayor Carl Brandt opened the hearing on Monday.\n\n\
         “The budget is sound,” said Peter Vole, the city treasurer.\n\n\
         “It will hold for years to come,” he said."
    ));
    let speakers: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(speakers, ["Peter Vole", "Peter Vole"], "{got:?}");
    // A name after "says" that opens what is said is talked about, not speaking.
    let got = claims(&format!(
        "{HEAD}Carl Brandt says Peter Vole “has a record of hard work.” He warns that the budget will not hold for long."
    ));
    assert_eq!(got.last().map(|c| c.0.as_str()), Some("Carl Brandt"), "{got:?}");
}

#[test]
fn a_role_between_two_names_after_said_makes_the_second_the_speaker() {
    expect(
        "“People feel that they are not wanted in the party,” said Civic Polling researcher Sylvia Manzano.",
        "Sylvia Manzano",
        "said",
        "People feel that they are not wanted in the party",
        None,
    );
    expect(
        "“We raised more money than anyone expected,” said Brandt spokesman Nick Merrill.",
        "Nick Merrill",
        "said",
        "We raised more money than anyone expected",
        None,
    );
}

#[test]
fn a_place_before_a_short_title_is_no_part_of_the_name() {
    expect(
        "South Carolina Gov. Jim Hodges said the state would not raise taxes before the election.",
        "Jim Hodges",
        "said",
        "the state would not raise taxes before the election",
        None,
    );
}

#[test]
fn two_speakers_named_together_are_credited_to_the_first() {
    expect(
        "Pakistan and Iran said the strikes had targeted militants in the border regions.",
        "Pakistan",
        "said",
        "the strikes had targeted militants in the border regions",
        None,
    );
}

#[test]
fn a_quotation_inside_a_verb_phrase_of_judgement_is_the_subjects_words() {
    expect(
        "Governor Lina Marsh called the budget “a reckless gamble with our savings” on Monday.",
        "Lina Marsh",
        "called",
        "the budget “a reckless gamble with our savings",
        Some("2024-01-22"),
    );
    expect(
        "Paul Okafor mocked his rival for “hiding in the basement” all summer.",
        "Paul Okafor",
        "mocked",
        "his rival for “hiding in the basement",
        None,
    );
    expect(
        "Rita Obuya defended the levy, calling it “fair” and “overdue.”",
        "Rita Obuya",
        "calling",
        "it “fair” and “overdue",
        None,
    );
    expect(
        "Ines Varga referred to the protesters as “my neighbours” throughout the evening.",
        "Ines Varga",
        "referred",
        "the protesters as “my neighbours",
        None,
    );
}

#[test]
fn a_quotation_after_a_verb_that_is_a_title_a_name_or_a_borrowed_phrase_is_no_statement() {
    for body in [
        "Dana Whitfield read from “The Long Road Home” at the library.",
        "A new group was called “Parents for Parks” by its founders.",
        "Dana Whitfield railed against what she calls the “paper wall” around the council.",
        "As Dana Whitfield spoke, the crowd chanted “four more years” outside.",
    ] {
        let got = claims(&format!("{HEAD}{body}"));
        assert!(got.iter().all(|c| !c.2.contains('“')), "{body}: {got:?}");
    }
}
