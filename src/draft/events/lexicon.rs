//! The words that report an occurrence, by lemma, and the store's event type each gives. A verb
//! names the occurrence itself ("Police arrested two pickets"); a noun needs a verb that makes it
//! happen ("held talks", "went on strike", "filed a lawsuit") or one that reports it happening
//! ("talks collapsed", "the summit opened"). Types are the format's vocabulary
//! (docs/store-format.md, events).

/// What a trigger word means before its context is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// A type fixed by the word.
    Fixed(&'static str),
    /// `strike`, `hit`, `shake`: a military strike, unless a disaster or workers do it.
    Strike,
    /// `kill`, `die`, `injure`: casualties, or the toll of the occurrence it is attached to.
    Toll,
    /// `visit`, `fly`, `travel`, `arrive`: a diplomatic visit when officials travel.
    Travel,
    /// `open`, `begin`, `end`, `collapse`: the type of the event noun that is its subject.
    Phase,
    /// `hold`, `stage`, `launch`, `file`, `issue`, `reach`, `go`, `return`: the type of its object
    /// (`return` and `recall` need an envoy to be about ambassadors); `go`, `retaliate` and
    /// `respond` take it from a phrase (`went on strike`, `retaliated with strikes`).
    Support,
}

/// Verbs that report an occurrence, by lemma.
pub fn verb(lemma: &str) -> Option<Sense> {
    use Sense::*;
    Some(match lemma {
        "strike" | "hit" | "shake" | "pound" => Strike,
        // The lemmatizer leaves "shelled" as "shel".
        "bomb" | "shell" | "shel" | "raid" | "invade" | "target" | "airstrike" => Fixed("strike"),
        "attack" | "ambush" | "assault" | "storm" | "shoot" | "stab" | "massacre" => Fixed("attack"),
        "kill" | "die" | "injure" | "wound" | "behead" => Toll,
        "arrest" | "detain" | "apprehend" | "jail" | "imprison" => Fixed("arrests"),
        "meet" => Fixed("meeting"),
        "visit" | "fly" | "travel" | "arrive" => Travel,
        "phone" | "telephone" | "speak" | "talk" => Fixed("phone-call"),
        "sign" | "agree" | "ratify" => Fixed("agreement"),
        "announce" | "declare" | "unveil" | "proclaim" => Fixed("announcement"),
        "recall" | "expel" => Fixed("ambassador-recall"),
        "protest" | "march" | "rally" | "demonstrate" | "picket" | "boycott" => Fixed("peaceful-protest"),
        // The lemmatizer leaves a British doubled consonant: "cancelling" → "cancell".
        "find" | "convict" | "sentence" | "acquit" | "indict" | "charge" | "sue" | "fine" | "ban" | "cancel"
        | "cancell" | "suspend" | "postpone" | "resign" | "elect" | "appoint" | "dismiss" | "fire" | "sack"
        | "vote" | "approve" | "reject" | "veto" | "evacuate" | "rescue" | "seize" | "capture" | "reopen" | "halt"
        | "erupt" | "explode" | "crash" | "burst" | "sink" | "capsize" | "derail" | "destroy" | "withdraw"
        | "deploy" | "impose" | "summon" | "nominate" | "name" | "hear" => Fixed("other"),
        "open" | "begin" | "start" | "end" | "conclude" | "resume" | "stall" | "fail" | "break" | "close"
        | "collapse" => Phase,
        "hold" | "stage" | "file" | "issue" | "reach" | "go" | "carry" | "conduct" | "make" | "pay" | "call"
        | "mount" | "launch" | "bring" | "return" | "retaliate" | "respond" | "exchange" => Support,
        _ => return None,
    })
}

/// Nouns that name an occurrence, by lemma, with the type they give.
pub fn noun(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "talk" | "meeting" | "summit" | "conference" | "negotiation" | "session" => "meeting",
        "strike" | "walkout" | "stoppage" => "strike",
        "airstrike" | "bombardment" | "shelling" | "raid" | "missile" | "rocket" => "strike",
        "attack" | "ambush" | "assault" | "offensive" | "bombing" | "shooting" => "attack",
        "protest" | "demonstration" | "rally" | "march" | "sit-in" | "vigil" => "peaceful-protest",
        "agreement" | "deal" | "accord" | "treaty" | "ceasefire" | "truce" | "pact" => "agreement",
        "statement" | "communique" | "communiqué" => "statement",
        "visit" | "trip" | "tour" => "diplomatic-visit",
        "call" => "phone-call",
        "lawsuit" | "suit" | "complaint" | "case" | "appeal" | "verdict" | "election" | "referendum" | "vote"
        | "inquiry" | "investigation" | "report" | "emergency" | "evacuation" => "other",
        _ => return None,
    })
}

/// What is fired in an attack ("fired shells"), not who is dismissed ("fired its chief").
pub fn is_weapon(lemma: &str) -> bool {
    matches!(
        lemma,
        "shell"
            | "missile"
            | "rocket"
            | "shot"
            | "round"
            | "mortar"
            | "artillery"
            | "bullet"
            | "salvo"
            | "volley"
            | "gun"
            | "weapon"
            | "drone"
            | "grenade"
            | "projectile"
            | "tear"
            | "gas"
            | "fire"
    )
}

/// Arms and armed forces: a state named by their adjective ("Veldran shells", "Iranian troops")
/// is the one acting.
pub fn is_force(lemma: &str) -> bool {
    is_weapon(lemma)
        || matches!(
            lemma,
            "troop"
                | "troops"
                | "force"
                | "forces"
                | "army"
                | "military"
                | "soldier"
                | "jet"
                | "warplane"
                | "aircraft"
                | "navy"
                | "warship"
                | "gunboat"
                | "tank"
                | "battery"
                | "gunner"
                | "unit"
        )
}

/// Subjects that make `strike`, `hit` or `kill` a natural disaster, not an attack.
pub fn is_disaster(lemma: &str) -> bool {
    matches!(
        lemma,
        "earthquake"
            | "quake"
            | "tremor"
            | "aftershock"
            | "flood"
            | "flooding"
            | "storm"
            | "hurricane"
            | "typhoon"
            | "cyclone"
            | "tornado"
            | "wildfire"
            | "fire"
            | "blaze"
            | "landslide"
            | "mudslide"
            | "tsunami"
            | "eruption"
            | "avalanche"
            | "drought"
            | "heatwave"
            | "blizzard"
            | "monsoon"
            | "rain"
            | "rains"
            | "wave"
            | "explosion"
            | "blast"
            | "outbreak"
            | "epidemic"
    )
}

/// People who stop work: with them `strike` and `walk out` are a labour protest.
pub fn is_worker(lemma: &str) -> bool {
    matches!(
        lemma,
        "worker"
            | "employee"
            | "staff"
            | "docker"
            | "driver"
            | "nurse"
            | "doctor"
            | "teacher"
            | "miner"
            | "union"
            | "member"
            | "pilot"
            | "crew"
            | "labourer"
            | "laborer"
            | "picket"
            | "workforce"
            | "union member"
    )
}

/// Verbs and auxiliaries that make a clause a possibility, a plan or a demand, not a report of
/// something that happened.
pub fn is_modal(lemma: &str) -> bool {
    matches!(lemma, "could" | "would" | "may" | "might" | "should" | "can" | "must" | "shall" | "will" | "ought")
}

/// Verbs whose infinitive complement has not happened: "plans to strike", "threatened to walk out".
pub fn is_irrealis(lemma: &str) -> bool {
    matches!(
        lemma,
        "plan"
            | "want"
            | "threaten"
            | "propose"
            | "demand"
            | "seek"
            | "hope"
            | "expect"
            | "intend"
            | "aim"
            | "try"
            | "attempt"
            | "vow"
            | "pledge"
            | "promise"
            | "urge"
            | "ask"
            | "call"
            | "refuse"
            | "decline"
            | "consider"
            | "prepare"
            | "wish"
            | "need"
            | "offer"
            | "fail"
            | "agree"
            | "decide"
            | "schedule"
            | "due"
            | "set"
            | "likely"
            | "able"
            | "ready"
            | "going"
            | "about"
    )
}

/// Verbs whose object was made to do what their infinitive says, so that it happened: "prompting
/// Pakistan to retaliate", "forced the company to close". Verbs that only press for it ("urged",
/// "asked") are irrealis instead.
pub fn is_causative(lemma: &str) -> bool {
    matches!(lemma, "prompt" | "force" | "lead" | "cause" | "compel" | "spur" | "provoke" | "drive" | "oblige")
}

/// The dictionary form of a lemma the lemmatizer left short ("cancell" of "cancelling",
/// "exchang" of "exchanging"), for a title.
pub fn spelled(lemma: &str) -> &str {
    match lemma {
        "cancell" => "cancel",
        "shel" => "shell",
        "exchang" => "exchange",
        other => other,
    }
}

/// Verbs of believing or alleging: what hangs on them is what someone holds, not a report.
pub fn is_attitude(lemma: &str) -> bool {
    matches!(
        lemma,
        "allege"
            | "believe"
            | "think"
            | "suspect"
            | "fear"
            | "deny"
            | "know"
            | "feel"
            | "suggest"
            | "assume"
            | "accuse"
    )
}

/// Verbs that state, on the record, what is to happen: with a scheduled occurrence they are an
/// announcement.
pub fn is_statement(lemma: &str) -> bool {
    matches!(lemma, "say" | "announce" | "confirm" | "state" | "declare")
}

/// The noun for what a verb reports, for a title: "meet" → "meeting", "travel" → "visit".
pub fn noun_of_verb(lemma: &str) -> &str {
    match lemma {
        "meet" => "meeting",
        "visit" | "travel" | "fly" | "arrive" => "visit",
        "sign" | "agree" | "ratify" => "agreement",
        "phone" | "telephone" => "call",
        "recall" => "recall",
        "strike" | "bomb" | "shell" | "raid" => "strikes",
        "protest" | "march" | "rally" | "demonstrate" => "protest",
        "resign" => "resignation",
        "open" | "begin" | "start" | "resume" => "opening",
        other => other,
    }
}

/// Verbs that report what someone said, through which a clause can hang on the occurrence.
pub fn is_speech(lemma: &str) -> bool {
    matches!(lemma, "say" | "tell" | "report" | "add" | "announce" | "state" | "confirm" | "claim")
}

/// Third-person present of a verb lemma, for a headline-style title: "convict" → "convicts".
pub fn third_person(lemma: &str) -> String {
    match lemma {
        "be" => return "is".into(),
        "have" => return "has".into(),
        "do" => return "does".into(),
        "go" => return "goes".into(),
        _ => {}
    }
    let bytes = lemma.as_bytes();
    let last = bytes.last().copied().unwrap_or(b'x');
    let before = bytes.len().checked_sub(2).map(|i| bytes[i]);
    if lemma.ends_with("ss") || lemma.ends_with("sh") || lemma.ends_with("ch") || matches!(last, b'x' | b'z' | b'o') {
        format!("{lemma}es")
    } else if last == b'y' && before.is_some_and(|b| !b"aeiou".contains(&b)) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{EVENT_TYPES, NEWS_EVENT_TYPES};

    #[test]
    fn headline_verbs_agree_with_a_singular_subject() {
        assert_eq!(third_person("convict"), "convicts");
        assert_eq!(third_person("fly"), "flies");
        assert_eq!(third_person("reach"), "reaches");
        assert_eq!(third_person("play"), "plays");
        assert_eq!(third_person("go"), "goes");
    }

    #[test]
    fn every_type_given_is_in_the_format_vocabulary() {
        // The news types, and the two ACLED sub-event types the drafter gives (a walkout, arrests).
        let acled_used = ["arrests", "peaceful-protest"];
        assert!(acled_used.iter().all(|kind| EVENT_TYPES.contains(kind)));
        let vocabulary: Vec<&str> = EVENT_TYPES[..NEWS_EVENT_TYPES].iter().copied().chain(acled_used).collect();
        let words =
            ["strike", "bomb", "attack", "arrest", "meet", "phone", "sign", "announce", "recall", "protest", "sue"];
        for word in words {
            if let Some(Sense::Fixed(kind)) = verb(word) {
                assert!(vocabulary.contains(&kind), "{word} gives {kind}");
            }
        }
        for word in ["talk", "strike", "raid", "attack", "protest", "deal", "statement", "visit", "call", "lawsuit"] {
            let kind = noun(word).unwrap();
            assert!(vocabulary.contains(&kind), "{word} gives {kind}");
        }
    }
}
