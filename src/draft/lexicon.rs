//! The small word lists the drafter leans on instead of a parser: reporting verbs, titles and
//! roles, the head words of organizations and armed groups, and a gazetteer of countries and
//! places. Lists are lowercase; lookups fold case first.

/// A reporting verb as written, with its lemma and how strongly it marks a statement.
pub struct Verb {
    pub lemma: &'static str,
    /// Verbs such as `said` are nearly always speech; `accused` or `posted` less so.
    pub strength: f32,
}

/// Inflected forms → lemma. Forms the drafter meets in news copy; `put` only counts in
/// "as Name put it", which the attribution code checks.
#[rustfmt::skip]
const VERBS: &[(&str, &str, f32)] = &[
    ("said", "say", 1.0),
    ("says", "say", 1.0),
    ("saying", "say", 0.8),
    ("told", "tell", 0.95),
    ("tells", "tell", 0.95),
    ("telling", "tell", 0.8),
    ("added", "add", 0.9),
    ("adds", "add", 0.9),
    ("adding", "add", 0.8),
    ("warned", "warn", 0.9),
    ("warns", "warn", 0.9),
    ("warning", "warn", 0.75),
    ("denied", "deny", 0.85),
    ("denies", "deny", 0.85),
    ("urged", "urge", 0.85),
    ("urges", "urge", 0.85),
    ("tweeted", "tweet", 0.9),
    ("tweets", "tweet", 0.9),
    ("stated", "state", 0.95),
    ("states", "state", 0.9),
    ("claimed", "claim", 0.9),
    ("claims", "claim", 0.7),
    ("claiming", "claim", 0.7),
    ("noted", "note", 0.85),
    ("notes", "note", 0.85),
    ("announced", "announce", 0.9),
    ("announces", "announce", 0.9),
    ("confirmed", "confirm", 0.9),
    ("confirms", "confirm", 0.9),
    ("insisted", "insist", 0.9),
    ("insists", "insist", 0.9),
    ("accused", "accuse", 0.8),
    ("accuses", "accuse", 0.8),
    ("asserted", "assert", 0.9),
    ("asserts", "assert", 0.9),
    ("explained", "explain", 0.85),
    ("explains", "explain", 0.85),
    ("wrote", "write", 0.8),
    ("writes", "write", 0.8),
    ("posted", "post", 0.6),
    ("argued", "argue", 0.9),
    ("argues", "argue", 0.9),
    ("maintained", "maintain", 0.8),
    ("acknowledged", "acknowledge", 0.85),
    ("admitted", "admit", 0.85),
    ("alleged", "allege", 0.85),
    ("reported", "report", 0.7),
    ("declared", "declare", 0.9),
    ("emphasized", "emphasize", 0.8),
    ("emphasised", "emphasise", 0.8),
    ("stressed", "stress", 0.8),
    ("predicted", "predict", 0.8),
    ("promised", "promise", 0.8),
    ("pledged", "pledge", 0.8),
    ("vowed", "vow", 0.85),
    ("replied", "reply", 0.9),
    ("responded", "respond", 0.6),
    ("recalled", "recall", 0.6),
    ("revealed", "reveal", 0.8),
    ("estimated", "estimate", 0.75),
    ("suggested", "suggest", 0.8),
    ("complained", "complain", 0.85),
    ("conceded", "concede", 0.85),
    ("countered", "counter", 0.85),
    ("cautioned", "caution", 0.85),
    ("contended", "contend", 0.85),
    ("observed", "observe", 0.7),
    ("put", "put", 0.9),
    // Base forms, after plural subjects ("Officials say", "Western nations accuse").
    ("say", "say", 0.95),
    ("accuse", "accuse", 0.8),
    ("deny", "deny", 0.85),
    ("warn", "warn", 0.85),
    ("insist", "insist", 0.85),
    ("argue", "argue", 0.85),
    ("claim", "claim", 0.7),
    ("allege", "allege", 0.8),
    // Stances reported with a noun phrase ("emphasized the close relations …").
    ("emphasizing", "emphasize", 0.7),
    ("emphasising", "emphasise", 0.7),
    ("stressing", "stress", 0.7),
    ("underscored", "underscore", 0.75),
    ("highlighted", "highlight", 0.7),
    ("acknowledging", "acknowledge", 0.75),
    ("insisting", "insist", 0.75),
    ("arguing", "argue", 0.75),
    ("noting", "note", 0.75),
    ("stating", "state", 0.75),
    ("denying", "deny", 0.75),
    ("accusing", "accuse", 0.7),
    ("urging", "urge", 0.75),
    ("announcing", "announce", 0.75),
    ("confirming", "confirm", 0.75),
];

/// Verbs whose object may be a noun phrase rather than a clause and still say what was said.
pub fn takes_noun_phrase(lemma: &str) -> bool {
    matches!(lemma, "emphasize" | "emphasise" | "stress" | "underscore" | "highlight")
}

pub fn verb(word: &str) -> Option<Verb> {
    VERBS
        .iter()
        .find(|(form, _, _)| form.eq_ignore_ascii_case(word))
        .map(|&(_, lemma, strength)| Verb { lemma, strength })
        .or_else(|| super::cues::verb(word).map(|(lemma, strength)| Verb { lemma, strength }))
}

/// Words that stand before a name and say what the person is, never part of the name.
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "president", "vice", "prime", "minister", "foreign", "finance", "interior", "defence", "defense", "health",
    "economy", "trade", "education", "justice", "home", "deputy", "secretary", "general", "chancellor", "senator",
    "sen", "rep", "representative", "governor", "gov", "mayor", "chief", "executive", "spokesman", "spokeswoman",
    "spokesperson", "director", "ambassador", "commissioner", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord",
    "lady", "king", "queen", "prince", "princess", "judge", "justice", "professor", "prof", "gen", "col", "capt",
    "lt", "sgt", "officer", "inspector", "detective", "coach", "captain", "chairman", "chairwoman", "chair", "ceo",
    "acting", "caretaker", "interim", "former", "opposition", "leader", "councillor", "councilor", "councilman",
    "congressman", "congresswoman", "mp", "mep", "sheikh", "ayatollah", "pope", "bishop", "rev", "reverend",
    "cardinal", "colonel", "major", "lieutenant", "sergeant", "admiral", "marshal", "commander", "speaker",
    "attorney", "additional", "state", "h.e", "hon", "fm", "pm", "board", "party", "union", "labour", "health",
    "transport", "environment", "culture", "sports", "agriculture", "energy", "economic", "legal", "senior",
    "singer", "star", "pop", "veteran", "striker", "actor", "actress", "author", "analyst", "economist",
    "rabbi", "imam", "pastor", "assemblyman", "assemblywoman", "delegate", "alderman",
];

pub fn is_role(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    ROLES.iter().any(|role| role.eq_ignore_ascii_case(word))
}

/// A profession named by its suffix ("Seismologist", "Activist", "Analyst"), which no list can
/// hold in full; as the first word of a capitalized run it is a role, not a first name.
pub fn is_profession(word: &str) -> bool {
    let lower = word.to_lowercase();
    lower.chars().count() >= 6 && (lower.ends_with("ist") || lower.ends_with("yst")) && !is_not_name(word)
}

/// Nouns that name one person by what they do, so that "the singer said" or "the minister, 61,
/// said" speaks for a person named before. Spokespeople and officials are left out: "a spokesman
/// said" is rarely the person the article just named.
#[rustfmt::skip]
const PERSON_NOUNS: &[&str] = &[
    "president", "minister", "chancellor", "premier", "senator", "governor", "mayor", "ambassador", "envoy",
    "diplomat", "commissioner", "judge", "prosecutor", "lawyer", "professor", "coach", "manager", "captain",
    "striker", "forward", "midfielder", "defender", "goalkeeper", "player", "chairman", "chairwoman", "ceo",
    "founder", "leader", "lawmaker", "legislator", "singer", "star", "actor", "actress", "author", "analyst",
    "economist", "novelist", "director", "candidate",
];

pub fn is_person_noun(word: &str) -> bool {
    PERSON_NOUNS.iter().any(|noun| noun.eq_ignore_ascii_case(word))
}

/// Honorifics: a name after one of these is certainly a person.
#[rustfmt::skip]
const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev"];

pub fn is_honorific(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    HONORIFICS.iter().any(|h| h.eq_ignore_ascii_case(word))
}

/// Titles written short with a full stop before a name ("Sen. Crane", "Lt. Col. Hart").
const ABBREVIATED_TITLES: &[&str] = &[
    "sen", "rep", "gov", "gen", "col", "capt", "lt", "sgt", "maj", "adm", "cmdr", "atty", "supt", "insp", "det",
    "pres", "messrs", "mmes",
];

/// An honorific or a title abbreviated with a full stop: the stop does not end the name.
pub fn is_abbreviated_title(word: &str) -> bool {
    is_honorific(word) || ABBREVIATED_TITLES.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// The last word of an organization's name ("Ministry of…" is caught by its first word).
#[rustfmt::skip]
const ORG_HEADS: &[&str] = &[
    "ministry", "office", "committee", "council", "commission", "agency", "department", "embassy", "bank", "company",
    "corporation", "corp", "inc", "ltd", "llc", "plc", "gmbh", "university", "college", "party", "police", "court",
    "parliament", "assembly", "senate", "congress", "union", "association", "institute", "foundation", "authority",
    "organisation", "organization", "service", "services", "board", "government", "administration", "airlines",
    "airways", "records", "capital", "group", "holdings", "robotics", "motors", "industries", "partners", "news",
    "times", "post", "press", "wire", "network", "federation", "league", "club", "united", "fund", "programme",
    "program", "coalition", "alliance", "chamber", "trust", "society", "forces", "force", "navy", "guard",
    "cabinet", "secretariat", "mission", "observatory", "tribunal", "bureau", "directorate", "regulator",
    "center", "centre", "survey", "institution", "hospital", "school", "academy", "museum", "laboratory",
    "semiconductor", "semiconductors", "technologies", "technology", "systems", "software", "pharmaceuticals",
    "pharma", "therapeutics", "energy", "petroleum", "securities", "insurance", "logistics", "telecom", "media",
    "entertainment", "labs", "foods", "brands", "airline",
];

pub fn is_org_head(word: &str) -> bool {
    ORG_HEADS.iter().any(|head| head.eq_ignore_ascii_case(word))
}

/// Heads of a lowercase organization noun phrase ("the foreign ministry", "the airline").
#[rustfmt::skip]
const COMMON_ORG_HEADS: &[&str] = &[
    "ministry", "office", "government", "committee", "council", "commission", "agency", "department", "embassy",
    "company", "firm", "airline", "bank", "police", "army", "military", "regulator", "board", "court", "club",
    "union", "party", "authority", "administration", "cabinet", "parliament", "council", "group", "band", "charity",
    "campaign", "label", "team", "presidency", "palace", "kremlin", "pentagon", "secretariat",
];

pub fn is_common_org_head(word: &str) -> bool {
    COMMON_ORG_HEADS.iter().any(|head| head.eq_ignore_ascii_case(word))
}

/// Words that make a name an armed or militant group.
#[rustfmt::skip]
const GROUP_WORDS: &[&str] = &[
    "jaish", "hezbollah", "hamas", "taliban", "al-qaeda", "al-shabaab", "houthis", "militia", "brigade", "brigades",
    "liberation", "front", "insurgents", "rebels", "jihad", "mujahideen", "lashkar", "tehreek",
];

pub fn is_group_word(word: &str) -> bool {
    GROUP_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Last words that make a name a place.
#[rustfmt::skip]
const PLACE_HEADS: &[&str] = &[
    "province", "airbase", "airport", "street", "river", "valley", "region", "city", "county", "square", "mountains",
    "island", "islands", "district", "state", "village", "town", "port", "strait", "sea", "ocean", "gulf", "bay",
    "border", "camp", "base", "hospital", "station", "bridge", "road", "avenue", "park", "stadium", "hall",
];

pub fn is_place_head(word: &str) -> bool {
    PLACE_HEADS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

#[rustfmt::skip]
const COUNTRIES: &[&str] = &[
    "afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria", "azerbaijan", "bahrain",
    "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil", "britain", "bulgaria", "cambodia", "cameroon",
    "canada", "chad", "chile", "china", "colombia", "congo", "croatia", "cuba", "cyprus", "czechia", "denmark",
    "ecuador", "egypt", "eritrea", "estonia", "ethiopia", "finland", "france", "georgia", "germany", "ghana",
    "greece", "guatemala", "haiti", "honduras", "hungary", "iceland", "india", "indonesia", "iran", "iraq",
    "ireland", "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "kosovo", "kuwait", "kyrgyzstan",
    "laos", "latvia", "lebanon", "libya", "lithuania", "luxembourg", "malaysia", "mali", "malta", "mexico",
    "moldova", "mongolia", "montenegro", "morocco", "mozambique", "myanmar", "nepal", "netherlands", "new zealand",
    "nicaragua", "niger", "nigeria", "north korea", "norway", "oman", "pakistan", "palestine", "panama", "paraguay",
    "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia", "rwanda", "saudi arabia", "senegal",
    "serbia", "singapore", "slovakia", "slovenia", "somalia", "south africa", "south korea", "south sudan", "spain",
    "sri lanka", "sudan", "sweden", "switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand",
    "tunisia", "turkey", "türkiye", "turkmenistan", "uganda", "ukraine", "united arab emirates", "united kingdom",
    "united states", "uruguay", "uzbekistan", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "uk", "us",
    "usa", "uae", "islamic republic of iran", "islamic republic of pakistan", "european union", "eu",
];

/// Cities, regions and other places common in international news.
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "tehran", "islamabad", "karachi", "lahore", "kabul", "baghdad", "damascus", "beirut", "jerusalem", "gaza",
    "west bank", "cairo", "riyadh", "dubai", "doha", "ankara", "istanbul", "moscow", "kyiv", "kiev", "minsk",
    "warsaw", "berlin", "paris", "london", "madrid", "rome", "brussels", "frankfurt", "geneva", "vienna", "athens",
    "lisbon", "dublin", "amsterdam", "stockholm", "oslo", "helsinki", "copenhagen", "prague", "budapest",
    "washington", "new york", "los angeles", "chicago", "ottawa", "toronto", "mexico city", "brasilia",
    "buenos aires", "santiago", "lima", "bogota", "caracas", "beijing", "shanghai", "hong kong", "tokyo", "seoul",
    "pyongyang", "new delhi", "delhi", "mumbai", "dhaka", "bangkok", "jakarta", "manila", "sydney", "canberra",
    "nairobi", "lagos", "abuja", "addis ababa", "johannesburg", "khartoum", "tripoli", "tunis", "algiers",
    "balochistan", "sistan-baluchestan", "sistan baluchestan", "sistan-balochistan", "kashmir", "crimea", "donbas",
    "middle east", "west asia", "south asia", "central asia", "europe", "asia", "africa", "latin america", "leeds", "manchester", "birmingham", "glasgow",
    "edinburgh", "cardiff", "belfast", "liverpool", "bristol", "ashford", "kent", "scotland", "wales", "england",
    "gulf", "red sea", "persian gulf", "strait of hormuz", "sahel", "darfur", "kharkiv", "odesa", "rafah",
    "khan younis", "aleppo", "idlib", "mosul", "basra", "kandahar", "peshawar", "quetta", "zahedan",
];

pub fn is_country(folded: &str) -> bool {
    COUNTRIES.contains(&folded)
}

pub fn is_place(folded: &str) -> bool {
    PLACES.contains(&folded)
}

/// Adjectives of nationality → their country, so "the Pakistani foreign ministry" keeps its country.
pub fn demonym(word: &str) -> Option<&'static str> {
    #[rustfmt::skip]
    const DEMONYMS: &[(&str, &str)] = &[
        ("iranian", "Iran"), ("pakistani", "Pakistan"), ("israeli", "Israel"), ("american", "United States"),
        ("british", "United Kingdom"), ("french", "France"), ("german", "Germany"), ("italian", "Italy"),
        ("spanish", "Spain"), ("russian", "Russia"), ("ukrainian", "Ukraine"), ("chinese", "China"),
        ("indian", "India"), ("afghan", "Afghanistan"), ("iraqi", "Iraq"), ("syrian", "Syria"),
        ("turkish", "Turkey"), ("saudi", "Saudi Arabia"), ("egyptian", "Egypt"), ("japanese", "Japan"),
        ("chilean", "Chile"), ("mexican", "Mexico"), ("canadian", "Canada"), ("polish", "Poland"),
        ("european", "European Union"), ("palestinian", "Palestine"), ("lebanese", "Lebanon"),
    ];
    DEMONYMS.iter().find(|(adj, _)| adj.eq_ignore_ascii_case(word)).map(|&(_, country)| country)
}

/// Capitalized words that start sentences or headings without naming anything.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "of", "for", "to", "from", "by", "with", "and", "but", "or", "as", "if",
    "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my", "your", "this", "that",
    "these", "those", "there", "here", "after", "before", "during", "while", "when", "where", "why", "how", "what",
    "who", "which", "both", "all", "some", "many", "most", "more", "no", "not", "nor", "yet", "so", "then", "also",
    "despite", "although", "though", "because", "since", "until", "under", "over", "about", "against", "between",
    "among", "into", "upon", "following", "according", "meanwhile", "however", "additionally", "conversely",
    "earlier", "later", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "published", "updated", "posted", "edited", "source", "copyright", "loading", "advertisement",
    "read", "share", "tweet", "transcript", "one", "two", "three", "four", "five", "nobody", "everyone", "people",
    "minister", "president", "analysts", "officials", "councillors", "shop", "opposition", "under", "every",
    "such", "each", "other", "another", "tonight", "will", "would", "can", "could", "should", "we're", "i'm",
    "it's", "let", "do", "does", "did", "is", "are", "was", "were", "be", "been", "has", "have", "had", "said",
    "says", "upon", "amid", "in-depth", "tit-for-tat", "reciprocal", "terrorist", "tit", "consumer", "city",
    "singer", "band", "pop", "star", "finance", "foreign", "health", "economy", "opposition", "chief", "veteran",
    "council", "councillor", "company", "leader", "mayor",
    // Prepositions, conjunctions and adverbs that open a sentence before a name ("Unlike Hillary
    // Clinton, …", "Neither Cruz nor …", "Asked Sunday whether …").
    "unlike", "like", "without", "within", "including", "except", "beyond", "behind", "toward", "towards",
    "across", "through", "throughout", "via", "per", "neither", "either", "whether", "unless", "once", "even",
    "just", "only", "perhaps", "maybe", "instead", "thus", "still", "yes", "now", "asked", "well", "plus",
];

pub fn is_not_name(word: &str) -> bool {
    NOT_NAMES.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Small words allowed inside a multi-word name ("Ministry of Foreign Affairs", "Jaish al Adl").
pub fn is_name_connector(word: &str) -> bool {
    [
        "of", "al", "el", "ul", "bin", "ibn", "de", "del", "della", "di", "da", "van", "von", "der", "den", "la", "le",
        "du", "dos", "das", "y",
    ]
    .contains(&word)
}

pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Month names and abbreviations → month number.
pub use crate::store::date::month_from_name as month;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_map_to_lemmas() {
        assert_eq!(verb("Said").unwrap().lemma, "say");
        assert_eq!(verb("tweeted").unwrap().lemma, "tweet");
        assert!(verb("walked").is_none());
    }

    #[test]
    fn months_read_in_full_and_abbreviated() {
        assert_eq!(month("Jan"), Some(1));
        assert_eq!(month("Sept."), Some(9));
        assert_eq!(month("March"), Some(3));
        assert_eq!(month("Mayor"), None);
    }
}
