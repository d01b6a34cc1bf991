//! The clause repairs of [`super::repair_clause_edges`] and the triggers they open, on sentences
//! analysed by hand with the misreading a parser makes, and what the event reader makes of them.

use crate::draft::dates::Ymd;
use crate::draft::events::extract::Report;
use crate::draft::events::extract::tests::reports_dated;

/// CoNLL-U from compact rows: `ID FORM LEMMA UPOS XPOS HEAD DEPREL`, one a line.
fn conllu(rows: &str) -> String {
    let mut out = String::new();
    for row in rows.lines().map(str::trim).filter(|r| !r.is_empty()) {
        let f: Vec<&str> = row.split_whitespace().collect();
        out.push_str(&format!("{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n", f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
    }
    out.push('\n');
    out
}

/// Published Tuesday 4 March 2025; `names` recognised wherever written.
fn read(text: &str, rows: &str, names: &[&str]) -> (Vec<Report>, Vec<Vec<String>>, Vec<Vec<String>>) {
    let (found, registry) = reports_dated(text, &conllu(rows), Ymd::new(2025, 3, 4), None, names);
    let names_of = |ids: &[usize]| ids.iter().map(|&e| registry.entities[e].name.clone()).collect::<Vec<_>>();
    let actors = found.iter().map(|r| names_of(&r.actors)).collect();
    let targets = found.iter().map(|r| names_of(&r.targets)).collect();
    (found, actors, targets)
}

/// Whether each report is scheduled, and its date.
fn scheduled(found: &[Report]) -> Vec<(bool, String)> {
    found.iter().map(|r| (r.scheduled, r.when.map(|w| w.to_string()).unwrap_or_default())).collect()
}

fn dates(found: &[Report]) -> Vec<String> {
    found.iter().map(|r| r.when.map(|w| w.to_string()).unwrap_or_default()).collect()
}

#[test]
fn a_datelines_place_is_no_subject_the_phrase_after_the_dash_is() {
    let rows = "
        1 HARBORTON HARBORTON PROPN NNP 10 nsubj
        2 , , PUNCT , 3 punct
        3 May May PROPN NNP 1 appos
        4 2 2 NUM CD 3 nummod
        5 ( ( PUNCT -LRB- 6 punct
        6 Wire Wire PROPN NNP 1 parataxis
        7 ) ) PUNCT -RRB- 6 punct
        8 – - PUNCT , 10 punct
        9 Veldra Veldra PROPN NNP 10 parataxis
        10 seized seize VERB VBD 0 root
        11 a a DET DT 12 det
        12 tanker tanker NOUN NN 10 obj
        13 on on ADP IN 14 case
        14 Sunday Sunday PROPN NNP 10 obl
        15 . . PUNCT . 10 punct";
    let text = "HARBORTON, May 2 (Wire) – Veldra seized a tanker on Sunday.";
    let (found, actors, _) = read(text, rows, &["Veldra", "HARBORTON"]);
    assert_eq!(actors, [["Veldra"]]);
    assert_eq!(dates(&found), ["2025-03-02"]);
}

#[test]
fn a_verb_hung_on_a_coordinator_is_a_conjunct_and_naming_to_an_office_is_an_appointment() {
    // "named" an `acl` of "and", as the parser reads it.
    let rows = "
        1 Veldra Veldra PROPN NNP 2 nsubj
        2 accepted accept VERB VBD 0 root
        3 the the DET DT 4 det
        4 report report NOUN NN 2 obj
        5 and and CCONJ CC 4 cc
        6 named name VERB VBN 5 acl
        7 Ana Ana PROPN NNP 6 xcomp
        8 Pell Pell PROPN NNP 7 flat
        9 as as SCONJ IN 11 mark
        10 interior interior ADJ JJ 11 amod
        11 minister minister NOUN NN 6 advcl
        12 . . PUNCT . 2 punct";
    let text = "Veldra accepted the report and named Ana Pell as interior minister.";
    let (found, actors, _) = read(text, rows, &["Veldra"]);
    let appointments: Vec<&str> = found.iter().map(|r| r.family.as_str()).collect();
    assert_eq!(appointments, ["appointment"]);
    assert_eq!(actors, [["Veldra"]]);
    // Naming what holds no office is no appointment.
    let rows = rows.replace("11 minister minister NOUN NN", "11 matter matter NOUN NN");
    let text = "Veldra accepted the report and named Ana Pell as interior matter.";
    assert!(read(text, &rows, &["Veldra"]).0.is_empty());
}

#[test]
fn a_name_before_a_verb_without_a_subject_is_its_subject() {
    let rows = "
        1 Veldra Veldra PROPN NNP 2 xcomp
        2 named name VERB VBN 0 root
        3 Ana Ana PROPN NNP 2 xcomp
        4 Pell Pell PROPN NNP 3 flat
        5 acting act VERB VBG 2 advcl
        6 minister minister NOUN NN 5 obj
        7 on on ADP IN 8 case
        8 Friday Friday PROPN NNP 2 obl
        9 . . PUNCT . 2 punct";
    let text = "Veldra named Ana Pell acting minister on Friday.";
    let (found, actors, _) = read(text, rows, &["Veldra"]);
    assert_eq!(actors, [["Veldra"]]);
    assert_eq!(dates(&found), ["2025-02-28"]);
}

#[test]
fn an_ambassador_summoned_and_a_case_a_court_will_hear_are_occurrences_a_speech_heard_is_not() {
    let rows = "
        1 Lundia Lundia PROPN NNP 2 nsubj
        2 summoned summon VERB VBD 0 root
        3 Veldra Veldra PROPN NNP 5 nmod:poss
        4 's 's PART POS 3 case
        5 envoy envoy NOUN NN 2 obj
        6 on on ADP IN 7 case
        7 Monday Monday PROPN NNP 2 obl
        8 . . PUNCT . 2 punct";
    let text = "Lundia summoned Veldra's envoy on Monday.";
    let (found, actors, _) = read(text, rows, &["Lundia", "Veldra"]);
    assert_eq!((actors, dates(&found)), (vec![vec!["Lundia".to_string()]], vec!["2025-03-03".to_string()]));
    let rows = "
        1 A a DET DT 2 det
        2 court court NOUN NN 4 nsubj
        3 will will AUX MD 4 aux
        4 hear hear VERB VB 0 root
        5 the the DET DT 6 det
        6 appeal appeal NOUN NN 4 obj
        7 on on ADP IN 9 case
        8 June June PROPN NNP 9 nmod:unmarked
        9 3 3 NUM CD 4 obl
        10 . . PUNCT . 4 punct";
    let text = "A court will hear the appeal on June 3.";
    let (found, ..) = read(text, rows, &[]);
    assert_eq!(scheduled(&found), [(true, "2025-06-03".to_string())]);
    let rows = rows.replace("appeal appeal", "speech speech");
    assert!(read("A court will hear the speech on June 3.", &rows, &[]).0.is_empty());
}

#[test]
fn a_vote_a_body_is_due_to_hold_is_scheduled_however_the_timetable_is_read() {
    // "to" taken as part of "due to", not the infinitive's marker.
    let rows = "
        1 Parliament parliament NOUN NN 3 nsubj
        2 is be AUX VBZ 3 cop
        3 due due ADJ JJ 0 root
        4 to to PART TO 3 fixed
        5 vote vote VERB VB 3 xcomp
        6 on on ADP IN 8 case
        7 the the DET DT 8 det
        8 budget budget NOUN NN 5 obl
        9 on on ADP IN 11 case
        10 June June PROPN NNP 11 nmod:unmarked
        11 18 18 NUM CD 5 obl
        12 . . PUNCT . 3 punct";
    let text = "Parliament is due to vote on the budget on June 18.";
    let (found, ..) = read(text, rows, &[]);
    assert_eq!(scheduled(&found), [(true, "2025-06-18".to_string())]);
    // Wanting to vote is no schedule.
    let rows = rows.replace("due due ADJ JJ", "keen keen ADJ JJ");
    assert!(read("Parliament is keen to vote on the budget on June 18.", &rows, &[]).0.is_empty());
}

#[test]
fn guilty_read_as_a_noun_is_the_verdict_and_its_compound_the_one_found_guilty() {
    let rows = "
        1 Jurors juror NOUN NNS 2 nsubj
        2 found find VERB VBD 0 root
        3 Pell Pell PROPN NNP 4 compound
        4 guilty guilty NOUN NN 2 obj
        5 on on ADP IN 7 case
        6 two two NUM CD 7 nummod
        7 counts count NOUN NNS 4 nmod
        8 on on ADP IN 9 case
        9 Monday Monday PROPN NNP 2 obl
        10 . . PUNCT . 2 punct";
    let text = "Jurors found Pell guilty on two counts on Monday.";
    let (found, _, targets) = read(text, rows, &["Pell"]);
    assert_eq!(found.iter().map(|r| r.family.as_str()).collect::<Vec<_>>(), ["conviction"]);
    assert_eq!(targets, [["Pell"]]);
}

#[test]
fn a_phase_verb_takes_the_occurrence_its_relative_pronoun_or_timetable_stands_for() {
    let rows = "
        1 A a DET DT 4 det
        2 general general ADJ JJ 4 amod
        3 rail rail NOUN NN 4 compound
        4 strike strike NOUN NN 12 nsubj
        5 , , PUNCT , 7 punct
        6 which which PRON WDT 7 nsubj
        7 began begin VERB VBD 4 acl:relcl
        8 on on ADP IN 9 case
        9 Monday Monday PROPN NNP 7 obl
        10 , , PUNCT , 7 punct
        11 has have AUX VBZ 12 aux
        12 spread spread VERB VBN 0 root
        13 . . PUNCT . 12 punct";
    let text = "A general rail strike, which began on Monday, has spread.";
    let (found, ..) = read(text, rows, &[]);
    let kinds: Vec<(&str, &str)> = found.iter().map(|r| (r.kind, r.family.as_str())).collect();
    assert_eq!(kinds, [("peaceful-protest", "labour-strike")]);
    assert_eq!(dates(&found), ["2025-03-03"]);
    assert_eq!(found[0].title, "General rail strike begins", "named once");
    // Told as a cause, the title leaves out the preposition the parse gave it.
    let caused = "
        1 Trains train NOUN NNS 2 nsubj
        2 stopped stop VERB VBD 0 root
        3 because because SCONJ IN 7 case
        4 a a DET DT 7 det
        5 general general ADJ JJ 7 amod
        6 rail rail NOUN NN 7 compound
        7 strike strike NOUN NN 2 obl
        8 , , PUNCT , 10 punct
        9 which which PRON WDT 10 nsubj
        10 began begin VERB VBD 7 acl:relcl
        11 on on ADP IN 12 case
        12 Monday Monday PROPN NNP 10 obl
        13 . . PUNCT . 2 punct";
    let (found, ..) = read("Trains stopped because a general rail strike, which began on Monday.", caused, &[]);
    assert_eq!(found.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), ["General rail strike begins"]);
    let rows = "
        1 Talks talk NOUN NNS 3 nsubj:pass
        2 are be AUX VBP 3 aux:pass
        3 scheduled schedule VERB VBN 0 root
        4 to to PART TO 5 mark
        5 resume resume VERB VB 3 xcomp
        6 on on ADP IN 8 case
        7 May May PROPN NNP 8 nmod:unmarked
        8 21 21 NUM CD 5 obl
        9 . . PUNCT . 3 punct";
    let (found, ..) = read("Talks are scheduled to resume on May 21.", rows, &[]);
    let got: Vec<(&str, bool, String)> =
        found.iter().map(|r| (r.kind, r.scheduled, r.when.unwrap().to_string())).collect();
    assert_eq!(got, [("meeting", true, "2025-05-21".to_string())]);
}

#[test]
fn workers_stopping_work_walk_out_a_firm_stopping_work_does_not() {
    let rows = "
        1 About about ADV RB 2 advmod
        2 900 900 NUM CD 3 nummod
        3 nurses nurse NOUN NNS 4 nsubj
        4 stopped stop VERB VBD 0 root
        5 work work NOUN NN 4 obj
        6 on on ADP IN 7 case
        7 Monday Monday PROPN NNP 4 obl
        8 . . PUNCT . 4 punct";
    let (found, ..) = read("About 900 nurses stopped work on Monday.", rows, &[]);
    assert_eq!(
        found.iter().map(|r| (r.kind, r.family.as_str())).collect::<Vec<_>>(),
        [("peaceful-protest", "labour-strike")]
    );
    let rows = rows.replace("nurses nurse NOUN NNS", "firms firm NOUN NNS");
    assert!(read("About 900 firms stopped work on Monday.", &rows, &[]).0.is_empty());
}

#[test]
fn a_day_before_a_nouns_preposition_dates_the_verb_and_what_it_came_after_is_an_occurrence_of_its_own() {
    // "3" hung on "talks" although "after" stands between them.
    let rows = "
        1 Dockers docker NOUN NNS 2 nsubj
        2 walked walk VERB VBD 0 root
        3 out out ADP RP 2 compound:prt
        4 on on ADP IN 6 case
        5 March March PROPN NNP 6 nmod:unmarked
        6 3 3 NUM CD 8 nmod
        7 after after ADP IN 8 case
        8 talks talk NOUN NNS 2 obl
        9 with with ADP IN 11 case
        10 the the DET DT 11 det
        11 port port NOUN NN 8 nmod
        12 failed fail VERB VBD 2 conj
        13 . . PUNCT . 2 punct";
    let text = "Dockers walked out on March 3 after talks with the port failed.";
    let (found, ..) = read(text, rows, &[]);
    let walkout = found.iter().find(|r| r.family == "labour-strike").unwrap();
    assert_eq!(walkout.when.unwrap().to_string(), "2025-03-03");
    assert_eq!(&text[walkout.passage.clone()], "Dockers walked out on March 3");
    // The talks, their subordinator read as a preposition, failed: an occurrence of their own.
    assert!(found.iter().any(|r| r.family == "talks" && r.kind == "meeting"), "{found:?}");
}

#[test]
fn a_name_set_off_after_a_noun_is_its_apposition_not_a_vocative() {
    let rows = "
        1 Police police NOUN NNS 2 nsubj
        2 detained detain VERB VBD 0 root
        3 the the DET DT 4 det
        4 driver driver NOUN NN 2 obj
        5 , , PUNCT , 7 punct
        6 Ana Ana PROPN NNP 7 compound
        7 Pell Pell PROPN NNP 2 vocative
        8 , , PUNCT , 10 punct
        9 on on ADP IN 10 case
        10 Monday Monday PROPN NNP 2 obl
        11 . . PUNCT . 2 punct";
    let text = "Police detained the driver, Ana Pell, on Monday.";
    let (_, _, targets) = read(text, rows, &["Ana Pell"]);
    assert_eq!(targets, [["Ana Pell"]]);
}
