//! Cue words: the verbs and nouns of saying, writing and stating, by lemma, so every inflected form
//! a story uses ("insisted", "insists", "insisting") is a cue without being listed. Forms the
//! lexicon's own table weighs differently ("claims", "posted", "put") are looked up there first.

/// A verb of saying: its lemma, how surely it reports speech, and whether its base and `-s` forms
/// are more often nouns ("a report", "the state", "posts") and so are not cues.
struct SayVerb {
    lemma: &'static str,
    strength: f32,
    noun_too: bool,
}

const fn v(lemma: &'static str, strength: f32) -> SayVerb {
    SayVerb { lemma, strength, noun_too: false }
}

const fn n(lemma: &'static str, strength: f32) -> SayVerb {
    SayVerb { lemma, strength, noun_too: true }
}

/// Sorted by lemma (binary search). Strength below 0.65 means: speech only with a `that` clause or
/// a quotation ("recalled the ambassador", "observed the birds" are not statements).
#[rustfmt::skip]
const SAY_VERBS: &[SayVerb] = &[
    v("accuse", 0.8), v("acknowledge", 0.85), v("add", 0.9), v("admit", 0.85), v("advise", 0.7), v("affirm", 0.85),
    v("agree", 0.6), v("allege", 0.85), v("announce", 0.9), v("answer", 0.6), v("apologize", 0.6), v("argue", 0.9),
    v("assert", 0.9), v("assure", 0.8), v("attest", 0.85), v("bemoan", 0.8), v("blast", 0.6), v("blurt", 0.85),
    v("boast", 0.85), v("brag", 0.85), v("caution", 0.85), n("chant", 0.7), v("charge", 0.6), v("cite", 0.6),
    n("claim", 0.7), v("clarify", 0.8), v("comment", 0.6), v("complain", 0.85), v("concede", 0.85),
    v("conclude", 0.7), v("concur", 0.7), v("confess", 0.85), v("confide", 0.85), v("confirm", 0.9),
    v("contend", 0.85), v("continue", 0.6), v("counter", 0.85), v("cry", 0.6), v("declare", 0.9), v("decry", 0.6),
    v("demand", 0.6), v("deny", 0.85), v("describe", 0.6), v("disclose", 0.8), v("dismiss", 0.6), v("dispute", 0.7),
    v("divulge", 0.8), v("elaborate", 0.7), v("email", 0.8), v("emphasise", 0.8), v("emphasize", 0.8),
    v("estimate", 0.6), v("exclaim", 0.9), v("explain", 0.85), v("express", 0.6), v("forecast", 0.7),
    v("fume", 0.85), v("grumble", 0.85), v("guarantee", 0.7), v("gush", 0.85), v("highlight", 0.7), v("hint", 0.7),
    v("inform", 0.7),
    v("insinuate", 0.8), v("insist", 0.9), v("instruct", 0.6), v("interject", 0.85), v("joke", 0.85),
    v("lament", 0.85), v("maintain", 0.8), v("mention", 0.7), v("mock", 0.6), v("mourn", 0.6), v("murmur", 0.85),
    v("mutter", 0.85), v("note", 0.85), v("object", 0.6), v("observe", 0.6), v("opine", 0.85), v("plead", 0.6),
    n("pledge", 0.8), v("posit", 0.8), n("post", 0.6), v("praise", 0.6), v("predict", 0.8), v("proclaim", 0.9),
    n("promise", 0.8), v("pronounce", 0.7), v("propose", 0.6), v("protest", 0.6), v("quip", 0.9), v("quote", 0.6),
    v("reaffirm", 0.85), v("reassure", 0.75), v("recall", 0.6), v("recommend", 0.6), v("recount", 0.8),
    v("reiterate", 0.85), v("rejoin", 0.8), v("remark", 0.85), v("remind", 0.7), v("repeat", 0.7), v("reply", 0.9),
    n("report", 0.7), v("respond", 0.6), v("retort", 0.9), v("retweet", 0.7), v("reveal", 0.8), v("say", 1.0),
    v("scoff", 0.85), v("scream", 0.8), v("shout", 0.85), v("sigh", 0.8), v("signal", 0.6), v("snap", 0.6),
    v("speak", 0.6), v("speculate", 0.8), n("state", 0.95), v("stipulate", 0.8), v("stress", 0.8),
    v("suggest", 0.8), v("swear", 0.7), v("tell", 0.95), v("testify", 0.85), v("theorize", 0.8), v("thunder", 0.85),
    v("tweet", 0.9), v("underline", 0.75), v("underscore", 0.75), v("urge", 0.85), v("vow", 0.85), v("warn", 0.9),
    v("whisper", 0.85), v("write", 0.8), v("yell", 0.85),
];

/// Irregular forms → lemma.
#[rustfmt::skip]
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"), ("says", "say"), ("told", "tell"), ("wrote", "write"), ("written", "write"),
    ("spoke", "speak"), ("spoken", "speak"), ("swore", "swear"), ("sworn", "swear"), ("cried", "cry"),
    ("cries", "cry"), ("replied", "reply"), ("replies", "reply"), ("denied", "deny"), ("denies", "deny"),
    ("testified", "testify"), ("testifies", "testify"), ("clarified", "clarify"), ("clarifies", "clarify"),
];

fn entry(lemma: &str) -> Option<&'static SayVerb> {
    SAY_VERBS.binary_search_by(|e| e.lemma.cmp(lemma)).ok().map(|i| &SAY_VERBS[i])
}

/// How many cue lemmas the lexicon holds (verbs here and nouns in [`CUE_NOUNS`]).
pub fn size() -> usize {
    SAY_VERBS.len() + CUE_NOUNS.len()
}

/// The lemma and strength of a verb of saying in any form, or `None`.
pub fn verb(word: &str) -> Option<(&'static str, f32)> {
    let lower = word.to_lowercase();
    let w = lower.as_str();
    if let Some(&(_, lemma)) = IRREGULAR.iter().find(|(form, _)| *form == w) {
        return entry(lemma).map(|e| (e.lemma, e.strength));
    }
    let base = |lemma: &str, inflected_as_noun: bool| {
        entry(lemma).filter(|e| !(e.noun_too && inflected_as_noun)).map(|e| (e.lemma, e.strength))
    };
    if let Some(found) = base(w, true) {
        return Some(found);
    }
    inflections(w).into_iter().find_map(|(lemma, as_noun)| base(&lemma, as_noun))
}

/// The lemmas an inflected form may come from, each with whether the form would be a noun's
/// plural ("reports") rather than a verb's third person.
fn inflections(w: &str) -> Vec<(String, bool)> {
    let mut candidates: Vec<(String, bool)> = Vec::new();
    // "decried", "decries": a final y turned into ie.
    if let Some(stem) = w.strip_suffix("ied") {
        candidates.push((format!("{stem}y"), false));
    }
    if let Some(stem) = w.strip_suffix("ies") {
        candidates.push((format!("{stem}y"), true));
    }
    if let Some(stem) = w.strip_suffix("ing") {
        candidates.push((stem.to_string(), false));
        candidates.push((format!("{stem}e"), false));
        if let Some(single) = undouble(stem) {
            candidates.push((single, false));
        }
    }
    if let Some(stem) = w.strip_suffix("ed") {
        candidates.push((stem.to_string(), false));
        candidates.push((format!("{stem}e"), false));
        if let Some(single) = undouble(stem) {
            candidates.push((single, false));
        }
    }
    if let Some(stem) = w.strip_suffix("es") {
        candidates.push((stem.to_string(), true));
    }
    if let Some(stem) = w.strip_suffix('s') {
        candidates.push((stem.to_string(), true));
    }
    candidates
}

/// Verbs that report a retort only with `back` after them: "Trump shot back", "she fired back".
const RETORTS: &[&str] = &["fire", "fires", "fired", "firing", "hit", "hits", "hitting", "shoot", "shoots", "shot"];

/// A retort written as a verb and `back` ("shot back", "fired back"): the lemma and strength of a
/// verb of saying, or `None`.
pub fn retort(word: &str, next: &str) -> Option<(&'static str, f32)> {
    (next.eq_ignore_ascii_case("back") && RETORTS.iter().any(|r| r.eq_ignore_ascii_case(word)))
        .then_some(("retort", 0.85))
}

/// Verbs that pass judgement on someone or something in words of the speaker's, which the writer
/// quotes inside the verb phrase: "called the plan “a disaster”", "mocked him for “hiding”",
/// "blamed the law on “reckless politicians”". Sorted (binary search).
#[rustfmt::skip]
const CHARACTERIZING: &[&str] = &[
    "applaud", "attack", "blame", "blast", "brand", "call", "cast", "characterize", "chide", "commend",
    "condemn", "credit", "criticize", "decry", "defend", "denounce", "deride", "describe", "dismiss", "dub",
    "fault", "hail", "label", "lambaste", "laud", "mock", "portray", "praise", "rail", "rebuke", "refer",
    "reject", "ridicule", "scold", "slam", "sum", "term",
];

/// The lemma of a verb of judgement in any form ("calls", "called", "calling"), or `None`.
pub fn characterizing(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let find = |lemma: &str| CHARACTERIZING.binary_search(&lemma).ok().map(|i| CHARACTERIZING[i]);
    let irregular = match lower.as_str() {
        "summed" | "summing" => Some("sum"),
        "referred" | "referring" => Some("refer"),
        _ => None,
    };
    irregular.or_else(|| find(&lower)).or_else(|| {
        // Only verb forms: "calls" is also a noun, but only the verb takes an object and a quote.
        inflections(&lower).into_iter().find_map(|(lemma, _)| find(&lemma))
    })
}

/// The lemma and strength of a verb of saying from its lemma, when the tagger has already said the
/// word is a verb (so "reports" and "states" count here, unlike in [`verb`]).
pub fn by_lemma(lemma: &str) -> Option<(&'static str, f32)> {
    match entry(lemma) {
        Some(e) => Some((e.lemma, e.strength)),
        None if lemma.chars().any(char::is_uppercase) => entry(&lemma.to_lowercase()).map(|e| (e.lemma, e.strength)),
        None => None,
    }
}

/// "admitt" → "admit", "quipp" → "quip".
fn undouble(stem: &str) -> Option<String> {
    let mut chars = stem.chars().rev();
    let (last, before) = (chars.next()?, chars.next()?);
    (last == before && !"aeiouls".contains(last)).then(|| stem[..stem.len() - last.len_utf8()].to_string())
}

/// Nouns of saying and writing that make a cue with a verb such as "issued", "released" or
/// "in": "issued a statement saying", "in a letter to supporters".
#[rustfmt::skip]
pub const CUE_NOUNS: &[&str] = &[
    "admission", "allegation", "announcement", "argument", "assertion", "blog", "claim", "comment",
    "comments", "declaration", "denial", "editorial", "email", "explanation", "interview", "letter",
    "memo", "message", "note", "op-ed", "podcast", "post", "release", "remarks", "response", "speech",
    "statement", "testimony", "tweet", "video", "warning",
];

pub fn is_cue_noun(word: &str) -> bool {
    let lower = word.to_lowercase();
    CUE_NOUNS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_is_sorted_and_holds_at_least_150_cues() {
        assert!(SAY_VERBS.windows(2).all(|w| w[0].lemma < w[1].lemma), "SAY_VERBS must stay sorted");
        assert!(size() >= 150, "{} cues", size());
    }

    #[test]
    fn every_form_finds_its_lemma() {
        for (form, lemma) in [
            ("insisted", "insist"),
            ("insists", "insist"),
            ("insisting", "insist"),
            ("noting", "note"),
            ("argued", "argue"),
            ("admitted", "admit"),
            ("quipped", "quip"),
            ("told", "tell"),
            ("replied", "reply"),
            ("Says", "say"),
            ("continued", "continue"),
            ("stated", "state"),
        ] {
            assert_eq!(verb(form).map(|(l, _)| l), Some(lemma), "{form}");
        }
    }

    #[test]
    fn verbs_of_judgement_in_every_form() {
        assert!(CHARACTERIZING.windows(2).all(|w| w[0] < w[1]), "CHARACTERIZING must stay sorted");
        for (form, lemma) in [
            ("called", "call"),
            ("calling", "call"),
            ("calls", "call"),
            ("mocked", "mock"),
            ("decried", "decry"),
            ("referred", "refer"),
            ("summed", "sum"),
            ("blames", "blame"),
            ("described", "describe"),
        ] {
            assert_eq!(characterizing(form), Some(lemma), "{form}");
        }
        for word in ["said", "walked", "calm", "falling"] {
            assert_eq!(characterizing(word), None, "{word}");
        }
    }

    #[test]
    fn a_retort_needs_back_after_its_verb() {
        assert_eq!(retort("shot", "back").map(|(l, _)| l), Some("retort"));
        assert_eq!(retort("Fired", "back").map(|(l, _)| l), Some("retort"));
        assert_eq!(retort("shot", "the"), None);
        assert_eq!(retort("walked", "back"), None);
        assert_eq!(verb("fumed").map(|(l, _)| l), Some("fume"));
    }

    #[test]
    fn nouns_that_are_also_verbs_count_only_inflected() {
        for word in ["report", "reports", "state", "states", "post", "posts", "promise", "table", "tables"] {
            assert_eq!(verb(word), None, "{word}");
        }
        assert!(verb("reported").is_some() && verb("posted").is_some());
    }
}
