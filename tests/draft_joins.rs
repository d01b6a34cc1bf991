//! How `factline draft` joins the reports of one occurrence by several outlets into one event:
//! one construction per matching mechanism, in sentences written for it, each drafted from two
//! short articles (a wire and a daily) and asked whether the two passages are one event.

use factline::draft::{Article, Draft, draft};

/// An article in a wire's house style (`dateline` as "MARLOW, April 8 2026 (Wire)") or a daily's
/// (`dateline` as "Apr 9, 2026", written as its publication line).
fn article(file_name: &str, headline: &str, dateline: &str, body: &str) -> Article {
    let text = if dateline.contains("(Wire)") {
        format!("{headline}\n\nBy Staff\n\n{dateline} – {body}\n")
    } else {
        format!("{headline}\n\nPublished On: {dateline}\n\n{body}\n")
    };
    Article { file_name: file_name.into(), text }
}

/// The drafted events with a passage in both articles, and every drafted event (for the message).
fn joined(articles: &[Article]) -> (usize, Draft) {
    let drafted = draft(articles, None, |_| {});
    let both = drafted
        .timeline
        .events
        .iter()
        .filter(|e| e.reports.iter().any(|r| r.source == 0) && e.reports.iter().any(|r| r.source == 1))
        .count();
    (both, drafted)
}

fn titles(drafted: &Draft) -> Vec<String> {
    drafted
        .timeline
        .events
        .iter()
        .map(|e| {
            let sources: Vec<usize> = e.reports.iter().map(|r| r.source).collect();
            let actors: Vec<String> = e
                .actors
                .iter()
                .map(|&a| format!("{} {:?}", drafted.entities[a].name, drafted.entities[a].kind))
                .collect();
            format!("{} ({}) {sources:?} by {actors:?}", e.title, e.kind)
        })
        .collect()
}

/// A named person's title, however the parse hangs it ("Foreign ministers Ada Quell of Ostrava
/// and …"), is who another outlet's description of the role ("the two foreign ministers") means.
#[test]
fn a_title_joins_the_name_to_the_role() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Ministers meet",
            "BREN, April 8 2026 (Wire)",
            "Foreign ministers Ada Quell of Ostrava and Omar Tessel of Karsh met on Tuesday in Bren.",
        ),
        article(
            "02-daily.txt",
            "Ministers talk",
            "Apr 9, 2026",
            "The two foreign ministers met on Tuesday, officials said.",
        ),
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
}

/// The noun and the verb of one stem tell one occurrence: "evacuated" and "the evacuation".
#[test]
fn a_noun_and_its_verb_are_one_family() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Town evacuated",
            "MARLOW, April 6 2026 (Wire)",
            "Firefighters evacuated 3,000 residents in Marlow on Sunday as the river rose.",
        ),
        article(
            "02-daily.txt",
            "Floods force evacuation",
            "Apr 7, 2026",
            "Officials carried out an evacuation in Marlow on Sunday, moving 2,500 people to schools.",
        ),
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
}

/// A state's ministry is its side: "Veldra's defence ministry" and "Veldra" seizing one ship on
/// one day are one seizure.
#[test]
fn a_ministry_acts_for_its_state() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Tanker seized",
            "BREN, May 4 2026 (Wire)",
            "The Veldra Defence Ministry seized the tanker Orla Star in the strait on Saturday.",
        ),
        article(
            "02-daily.txt",
            "Veldra takes tanker",
            "May 5, 2026",
            "Veldra seized the oil tanker Orla Star on Saturday.",
        ),
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
}

/// An article that gives no date of its own joins the dated report of the same occurrence when
/// what happened and where agree, and the event keeps the dated report's day.
#[test]
fn an_undated_report_joins_a_dated_one() {
    let undated = Article {
        file_name: "02-blog.txt".into(),
        text: "Marlow under water\n\nOfficials carried out an evacuation in Marlow as the river rose.\n".into(),
    };
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Town evacuated",
            "MARLOW, April 6 2026 (Wire)",
            "Firefighters evacuated 3,000 residents in Marlow on Sunday as the river rose.",
        ),
        undated,
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
    let event = drafted.timeline.events.iter().find(|e| e.reports.len() == 2).unwrap();
    assert_eq!(event.when.map(|w| w.to_string()).as_deref(), Some("2026-04-05"));
}

/// Two ministers who each resigned on one day are two occurrences, though both hold the title.
#[test]
fn a_shared_title_does_not_join_two_named_people() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Ostrava minister resigns",
            "MARLOW, April 8 2026 (Wire)",
            "Foreign Minister Ada Quell resigned on Tuesday after a row over the budget.",
        ),
        article(
            "02-daily.txt",
            "Karsh minister quits",
            "Apr 8, 2026",
            "Finance Minister Omar Tessel resigned on Tuesday over a tax bill.",
        ),
    ]);
    assert_eq!(both, 0, "{:?}", titles(&drafted));
}

/// A weekday in an article with no date of its own is placed by the report it is joined to: "last
/// week" and "on Tuesday" are the Tuesday of that week, the event's date.
#[test]
fn a_weekday_is_placed_by_the_joined_report() {
    let undated = Article {
        file_name: "02-blog.txt".into(),
        text: "Quell goes\n\nAda Quell resigned on Tuesday after a row over the budget.\n".into(),
    };
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Ostrava minister resigned",
            "BREN, April 13 2026 (Wire)",
            "Foreign Minister Ada Quell resigned last week after a row over the budget.",
        ),
        undated,
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
    let event = drafted.timeline.events.iter().find(|e| e.reports.len() == 2).unwrap();
    assert_eq!(event.when.map(|w| w.to_string()).as_deref(), Some("2026-04-07"), "{:?}", titles(&drafted));
    assert!(drafted.timeline.discrepancies.is_empty(), "the outlets agree");
}

/// A place a report names with its country ("in Dahej, India") lies in that country: a report of
/// the same occurrence placed only in the country is there too.
#[test]
fn a_place_lies_in_the_country_it_is_named_with() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Plant blast",
            "MUMBAI, March 4 2026 (Wire)",
            "A chemical plant exploded in Dahej on Tuesday. Police arrested the plant's owner in Dahej, India, on Wednesday.",
        ),
        article(
            "02-daily.txt",
            "Twelve die in plant blast",
            "Mar 5, 2026",
            "A chemical plant in India exploded on Tuesday, killing 12 workers.",
        ),
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
}

/// A legislature and its members are one body across outlets: a wire's "Parliament is due to
/// vote" and a daily's "Lawmakers will vote" on the same day are one scheduled vote.
#[test]
fn a_legislature_and_its_members_hold_one_vote() {
    let (both, drafted) = joined(&[
        article(
            "01-wire.txt",
            "Budget vote set",
            "ORSK, June 10 2026 (Wire)",
            "Parliament is due to vote on the budget on June 18.",
        ),
        article("02-daily.txt", "Lawmakers to decide", "Jun 11, 2026", "Lawmakers will vote on the budget on June 18."),
    ]);
    assert_eq!(both, 1, "{:?}", titles(&drafted));
    let vote = &drafted.timeline.events[0];
    assert!(vote.scheduled, "{:?}", titles(&drafted));
    assert_eq!(vote.when.map(|w| w.to_string()).as_deref(), Some("2026-06-18"));
}
