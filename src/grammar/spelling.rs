//! English spelling rules for the base form of a regular `-ing`/`-ed` verb: the doubled final
//! consonant (`stopping` → `stop`, `cancelled` → `cancel`), the silent `e` dropped before the
//! ending (`exchanging` → `exchange`, `voting` → `vote`), `-ied` → `-y` and `dying` → `die`.
//!
//! The lemmatizer's rules are learnt from the treebank per word ending, so they generalise only
//! as far as its words go: `-lling` is mostly `calling`/`telling` there, which made `cancelling`
//! `cancell`. These rules decide only the cases spelling settles; anything else is left to the
//! learnt rule.

/// The base form of `form` (lower-case) when it is a regular `-ing` or `-ed` form whose spelling
/// settles it; `None` leaves the choice to the caller.
pub(super) fn regular_verb_base(form: &str) -> Option<String> {
    if !form.is_ascii() {
        return None;
    }
    if let Some(stem) = form.strip_suffix("ying") {
        // dying, lying, tying, vying: the only -ie verbs; staying and hurrying keep their y.
        return (stem.len() == 1 && !is_vowel(stem.as_bytes()[0])).then(|| format!("{stem}ie"));
    }
    if let Some(stem) = form.strip_suffix("ied") {
        return match stem.len() {
            0 => None,
            1 => Some(format!("{stem}ie")),
            _ => Some(format!("{stem}y")),
        };
    }
    let stem = form.strip_suffix("ing").or_else(|| form.strip_suffix("ed"))?;
    if stem.len() < 2 || vowel_groups(stem) == 0 {
        return None;
    }
    if stem.ends_with("ll") {
        return Some(without_doubled_l(stem));
    }
    if let Some(single) = undoubled(stem) {
        return Some(single);
    }
    if stem.ends_with("ick") && vowel_groups(stem) >= 2 {
        // panicking, trafficking, mimicked: a final c takes a k before the ending.
        return Some(stem[..stem.len() - 1].to_owned());
    }
    needs_silent_e(stem).then(|| format!("{stem}e"))
}

fn is_vowel(byte: u8) -> bool {
    matches!(byte, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Vowel letters as a reader counts syllables, roughly: `qu` is a consonant and `y` a vowel after
/// a consonant.
fn vowel_flags(word: &str) -> Vec<bool> {
    let bytes = word.as_bytes();
    let mut flags: Vec<bool> = Vec::with_capacity(bytes.len());
    for (at, &byte) in bytes.iter().enumerate() {
        let after_q = at > 0 && bytes[at - 1] == b'q' && byte == b'u';
        let vowel = (is_vowel(byte) && !after_q) || (byte == b'y' && at > 0 && !flags[at - 1]);
        flags.push(vowel);
    }
    flags
}

fn vowel_groups(word: &str) -> usize {
    let flags = vowel_flags(word);
    flags.iter().enumerate().filter(|&(at, &vowel)| vowel && (at == 0 || !flags[at - 1])).count()
}

/// The doubled consonant of `stopping`, `planned`, `admitted`; `None` when the stem does not end
/// in one, or ends in a pair the verb itself has (`adding`, `missing`, `buzzing`, `staffed`).
fn undoubled(stem: &str) -> Option<String> {
    let bytes = stem.as_bytes();
    let (last, before) = (bytes[bytes.len() - 1], bytes[bytes.len() - 2]);
    if last != before || is_vowel(last) || matches!(last, b's' | b'z' | b'f' | b'l' | b'w' | b'x' | b'y') {
        return None;
    }
    const OWN_PAIRS: [&str; 8] = ["add", "ebb", "err", "egg", "butt", "putt", "purr", "inn"];
    if OWN_PAIRS.iter().any(|own| stem == *own || (stem.ends_with(own) && vowel_groups(stem) > 1 && own.len() > 3)) {
        return None;
    }
    Some(stem[..stem.len() - 1].to_owned())
}

/// One-syllable `-ll` verbs: a stem ending in one of them, alone or after a prefix, keeps its
/// `ll` (`calling`, `installed`, `fulfilling`); any other longer stem doubled the l for the
/// ending (`cancelled`, `travelling`, `controlled`, `patrolling`).
const LL_VERBS: [&str; 33] = [
    "call", "fall", "stall", "pall", "thrall", "tell", "sell", "spell", "swell", "dwell", "yell", "smell", "shell",
    "quell", "fell", "fill", "kill", "till", "still", "spill", "drill", "grill", "thrill", "chill", "will", "bill",
    "mill", "roll", "poll", "toll", "troll", "pull", "stroll",
];
const PREFIXES: [&str; 13] = ["re", "un", "mis", "out", "over", "under", "up", "in", "ful", "dis", "fore", "en", "be"];

fn without_doubled_l(stem: &str) -> String {
    if vowel_groups(stem) <= 1 {
        return stem.to_owned();
    }
    let keeps_ll = LL_VERBS
        .iter()
        .any(|verb| stem.strip_suffix(verb).is_some_and(|prefix| prefix.is_empty() || PREFIXES.contains(&prefix)));
    if keeps_ll { stem.to_owned() } else { stem[..stem.len() - 1].to_owned() }
}

/// Whether the verb ended in a silent `e` that the ending replaced: spelling that an English
/// word cannot end in (`exchang`, `judg`, `forc`, `realiz`, `solv`), or a one-syllable
/// consonant-vowel-consonant stem that would have doubled its consonant had there been no `e`
/// (`vot`, `hop`, `rul`).
fn needs_silent_e(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    let flags = vowel_flags(stem);
    let len = bytes.len();
    let last = bytes[len - 1];
    let consonant_at = |at: usize| !flags[at];
    if flags[len - 1] {
        return false;
    }
    let ends = |suffix: &str| stem.ends_with(suffix);
    if last == b'v' || ends("dg") || ends("rg") || ends("lg") || ends("uir") || ends("iz") || ends("yz") {
        return true;
    }
    if last == b'c' {
        return true;
    }
    if ends("chang") || ends("rang") || ends("eng") || ends("lung") || ends("pung") || ends("iat") || ends("uat") {
        return true;
    }
    let syllables = vowel_groups(stem);
    // ...consonant, one vowel letter, one consonant at the end.
    let cvc = len >= 3 && consonant_at(len - 1) && flags[len - 2] && consonant_at(len - 3);
    if !cvc || matches!(last, b'w' | b'x' | b'y') {
        return false;
    }
    if syllables == 1 {
        return true;
    }
    // Longer stems: the endings whose unstressed forms English spells with an e (relate,
    // evaluate, compute, admire, secure, include, decide, invade, explode).
    let vowel = bytes[len - 2];
    matches!(
        (vowel, last),
        (b'a', b't') | (b'u', b't') | (b'i', b'r') | (b'u', b'r') | (b'u' | b'i' | b'a' | b'o', b'd')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_verbs_get_their_base_form() {
        let words = [
            ("stopping", "stop"),
            ("stopped", "stop"),
            ("cancelled", "cancel"),
            ("cancelling", "cancel"),
            ("travelling", "travel"),
            ("patrolling", "patrol"),
            ("controlled", "control"),
            ("signalled", "signal"),
            ("excelling", "excel"),
            ("calling", "call"),
            ("installed", "install"),
            ("recalling", "recall"),
            ("fulfilled", "fulfill"),
            ("shelled", "shell"),
            ("making", "make"),
            ("exchanging", "exchange"),
            ("changing", "change"),
            ("arranged", "arrange"),
            ("challenging", "challenge"),
            ("voting", "vote"),
            ("hoping", "hope"),
            ("hopping", "hop"),
            ("ruled", "rule"),
            ("quoted", "quote"),
            ("judging", "judge"),
            ("urging", "urge"),
            ("forcing", "force"),
            ("producing", "produce"),
            ("realizing", "realize"),
            ("solving", "solve"),
            ("requiring", "require"),
            ("relating", "relate"),
            ("negotiating", "negotiate"),
            ("evaluated", "evaluate"),
            ("computing", "compute"),
            ("securing", "secure"),
            ("including", "include"),
            ("deciding", "decide"),
            ("admitted", "admit"),
            ("occurring", "occur"),
            ("panicking", "panic"),
            ("trafficking", "traffic"),
            ("mimicked", "mimic"),
            ("dying", "die"),
            ("tying", "tie"),
            ("died", "die"),
            ("emptied", "empty"),
            ("denied", "deny"),
        ];
        for (form, base) in words {
            assert_eq!(regular_verb_base(form).as_deref(), Some(base), "{form}");
        }
    }

    #[test]
    fn what_spelling_does_not_settle_is_left_alone() {
        // seeing and agreed end in their own e; visiting, opening and staying never had one;
        // adding and missing keep their pairs; bring is no -ing form at all.
        for form in
            ["seeing", "agreed", "visiting", "opening", "offered", "staying", "fixing", "showed", "treating", "bring"]
        {
            assert_eq!(regular_verb_base(form), None, "{form}");
        }
        assert_eq!(regular_verb_base("adding"), None);
        assert_eq!(regular_verb_base("missing"), None);
        assert_eq!(regular_verb_base("buzzed"), None);
        assert_eq!(regular_verb_base("naïve"), None);
    }
}
