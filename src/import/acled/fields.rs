//! ACLED's coded values and what they become in a store: dates at their precision, actor type
//! (inter) codes, the event-type vocabulary and entity aliases.
//!
//! The meanings come from ACLED's codebook (acleddata.com/knowledge-base/codebook, sections
//! "Time precision codes", "Actor Names, Types and Inter Codes" and "Definitions of ACLED Event
//! and Sub-Event Types"), and the list of sub-event types from the codebook table that ACLED's
//! own R package ships (acledR, `acled_codebook`). No ACLED data is reproduced here.

pub use crate::slug::slug;
use crate::store::date::{DateSpec, Day, PartialDate, month_from_name};

/// The event's day as ACLED writes it: `2024-01-16` (API and newer exports) or `16 January 2024`
/// (the export tool's spreadsheet form); month names may be abbreviated (`16 Jan 2024`).
pub fn parse_event_date(text: &str) -> Result<Day, String> {
    let text = text.trim();
    let bad = || format!("event_date `{text}` is not a date: use 2024-01-16, 16 January 2024 or 16-January-2024");
    let dashed: Vec<&str> = text.split('-').collect();
    // "16-January-2024", as some of ACLED's export tools write it: the spaced form with dashes.
    let spaced = if let [d, m, y] = dashed[..]
        && m.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
        && !m.is_empty()
    {
        Some(vec![d, m, y])
    } else {
        None
    };
    let (year, month, day) = if let (None, [y, m, d]) = (&spaced, &dashed[..]) {
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
        };
        (number(y, 4).ok_or_else(bad)?, number(m, 2).ok_or_else(bad)?, number(d, 2).ok_or_else(bad)?)
    } else if let [d, m, y] = spaced.unwrap_or_else(|| text.split_whitespace().collect())[..] {
        let day = d.parse::<u32>().map_err(|_| bad())?;
        let month = month_number(m).ok_or_else(bad)?;
        let year = (y.len() == 4).then(|| y.parse::<u32>().ok()).flatten().ok_or_else(bad)?;
        (year, month, day)
    } else {
        return Err(bad());
    };
    if !(1..=12).contains(&month) {
        return Err(format!("event_date `{text}`: month {month} is not 1–12"));
    }
    let year = year as i32;
    let month = month as u8;
    let last = PartialDate { year, month: Some(month), day: None }.last_day().day;
    if day == 0 || day > u32::from(last) {
        return Err(format!("event_date `{text}`: day {day} is not in {year:04}-{month:02} (1–{last})"));
    }
    Ok(Day { year, month, day: day as u8 })
}

fn month_number(name: &str) -> Option<u32> {
    month_from_name(name).map(u32::from)
}

/// ACLED's `time_precision`: how sure the coded date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimePrecision {
    /// 1: the sources give the day.
    Day,
    /// 2: the sources give the week (or weekend); the coded date is its middle.
    Week,
    /// 3: the sources give only the month; the coded date falls within it.
    Month,
}

impl TimePrecision {
    pub fn parse(text: &str) -> Result<TimePrecision, String> {
        match text.trim() {
            "1" => Ok(TimePrecision::Day),
            "2" => Ok(TimePrecision::Week),
            "3" => Ok(TimePrecision::Month),
            other => Err(format!("time_precision `{other}` is not 1 (day), 2 (week) or 3 (month)")),
        }
    }
}

/// The store date for an ACLED date at its precision: the day itself; for a week, the seven days
/// the coded date is the middle of (an interval); for a month, the month (`2024-01`).
pub fn store_date(day: Day, precision: TimePrecision) -> DateSpec {
    let exact = |d: Day| PartialDate { year: d.year, month: Some(d.month), day: Some(d.day) };
    match precision {
        TimePrecision::Day => DateSpec { from: exact(day), to: None },
        TimePrecision::Week => {
            let middle = day.ordinal();
            DateSpec { from: exact(Day::from_ordinal(middle - 3)), to: Some(exact(Day::from_ordinal(middle + 3))) }
        }
        TimePrecision::Month => {
            DateSpec { from: PartialDate { year: day.year, month: Some(day.month), day: None }, to: None }
        }
    }
}

/// ACLED's actor types, by inter code 1–8, in the codebook's words.
pub const INTER_TYPES: [&str; 8] = [
    "State forces",
    "Rebel groups",
    "Political militias",
    "Identity militias",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
];

/// An `inter1`/`inter2` value: a code (`1`…`8`, `0` or empty for no actor) in older exports, the
/// type's words (`State forces`, `Rebel group`…) in newer ones. Returns the code 1–8, if any.
pub fn parse_inter(text: &str) -> Result<Option<u8>, String> {
    let text = text.trim();
    if text.is_empty() || text == "0" {
        return Ok(None);
    }
    if let Ok(code @ 1..=8) = text.parse::<u8>() {
        return Ok(Some(code));
    }
    let words = |s: &str| s.to_lowercase().trim_end_matches('s').replace(' ', "");
    let wanted = words(text);
    INTER_TYPES
        .iter()
        .position(|t| words(t) == wanted || (wanted == "externalforce" && t.starts_with("External")))
        .map(|i| Some(i as u8 + 1))
        .ok_or_else(|| format!("`{text}` is not an actor type: use a code 1–8 or one of: {}", INTER_TYPES.join(", ")))
}

/// ACLED's sub-event types (the codebook's names) and the store type of each.
pub const SUB_EVENT_TYPES: [(&str, &str); 25] = [
    ("Armed clash", "armed-clash"),
    ("Government regains territory", "government-regains-territory"),
    ("Non-state actor overtakes territory", "non-state-actor-overtakes-territory"),
    ("Sexual violence", "sexual-violence"),
    ("Attack", "attack"),
    ("Abduction/forced disappearance", "abduction-forced-disappearance"),
    ("Chemical weapon", "chemical-weapon"),
    ("Air/drone strike", "air-drone-strike"),
    ("Suicide bomb", "suicide-bomb"),
    ("Shelling/artillery/missile attack", "shelling-artillery-missile-attack"),
    ("Remote explosive/landmine/IED", "remote-explosive-landmine-ied"),
    ("Grenade", "grenade"),
    ("Peaceful protest", "peaceful-protest"),
    ("Protest with intervention", "protest-with-intervention"),
    ("Excessive force against protesters", "excessive-force-against-protesters"),
    ("Violent demonstration", "violent-demonstration"),
    ("Mob violence", "mob-violence"),
    ("Agreement", "agreement"),
    ("Arrests", "arrests"),
    ("Change to group/activity", "change-to-group-activity"),
    ("Disrupted weapons use", "disrupted-weapons-use"),
    ("Headquarters or base established", "headquarters-or-base-established"),
    ("Looting/property destruction", "looting-property-destruction"),
    ("Non-violent transfer of territory", "non-violent-transfer-of-territory"),
    ("Other", "other"),
];

/// ACLED's event types and the store type of each, for exports without sub-event types.
pub const ACLED_EVENT_TYPES: [(&str, &str); 6] = [
    ("Battles", "battles"),
    ("Explosions/Remote violence", "explosions-remote-violence"),
    ("Violence against civilians", "violence-against-civilians"),
    ("Protests", "protests"),
    ("Riots", "riots"),
    ("Strategic developments", "strategic-developments"),
];

/// The store type for an ACLED sub-event or event type name. Case, punctuation and the two
/// spellings ACLED has used ("protestors", "protesters") do not matter; a name the codebook does
/// not list (ACLED adds types now and then) is `other`, and the title keeps ACLED's own words.
pub fn event_type(name: &str) -> &'static str {
    let wanted = slug(&name.to_lowercase().replace("protestors", "protesters"), usize::MAX);
    SUB_EVENT_TYPES.iter().chain(ACLED_EVENT_TYPES.iter()).find(|(_, s)| *s == wanted).map_or("other", |(_, s)| *s)
}

/// Other spellings under which an ACLED actor name can be found: the name without a
/// parenthesized suffix (`Military Forces of Iran (1989-)` → `Military Forces of Iran`), its parts
/// around an acronym prefix (`TTP: Tehrik-i-Taliban Pakistan` → `TTP`, `Tehrik-i-Taliban
/// Pakistan`, as the codebook writes acronyms), and each of those with punctuation read as
/// spaces (`Tehrik i Taliban Pakistan`). The name itself is never among them.
pub fn aliases(name: &str) -> Vec<String> {
    let name = name.trim();
    let mut forms: Vec<String> = Vec::new();
    let add = |form: &str, forms: &mut Vec<String>| {
        let form = form.trim();
        if !form.is_empty() && form != name && !forms.iter().any(|f| f == form) {
            forms.push(form.to_string());
        }
    };
    let mut bases = vec![name.to_string()];
    if let Some(open) = name.rfind(" (")
        && name.ends_with(')')
        && open > 0
    {
        bases.push(name[..open].to_string());
    }
    for base in bases.clone() {
        if let Some((acronym, full)) = base.split_once(": ")
            && !acronym.is_empty()
            && acronym.len() <= 12
            && !acronym.contains(' ')
        {
            bases.push(acronym.to_string());
            bases.push(full.to_string());
        }
    }
    for base in &bases {
        add(base, &mut forms);
        add(&without_punctuation(base), &mut forms);
    }
    forms
}

/// Punctuation read as a space, runs of spaces collapsed; letters of every script kept.
fn without_punctuation(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::EVENT_TYPES;

    fn day(y: i32, m: u8, d: u8) -> Day {
        Day { year: y, month: m, day: d }
    }

    #[test]
    fn both_date_forms_give_the_same_day() {
        assert_eq!(parse_event_date("2024-01-16").unwrap(), day(2024, 1, 16));
        assert_eq!(parse_event_date("16 January 2024").unwrap(), day(2024, 1, 16));
        assert_eq!(parse_event_date(" 6 jan 2024 ").unwrap(), day(2024, 1, 6));
        assert_eq!(parse_event_date("29 February 2024").unwrap(), day(2024, 2, 29));
        assert_eq!(parse_event_date("1 Sept 2023").unwrap(), day(2023, 9, 1));
        assert_eq!(parse_event_date("16-January-2024").unwrap(), day(2024, 1, 16));
        assert_eq!(parse_event_date("06-Jan-2024").unwrap(), day(2024, 1, 6));
    }

    #[test]
    fn impossible_or_unknown_dates_are_refused_with_the_value() {
        for bad in [
            "2023-02-29",
            "31 April 2024",
            "2024-13-01",
            "16/01/2024",
            "16 Janvier 2024",
            "",
            "2024-1-16",
            "31-April-2024",
            "16-Jan-24",
        ] {
            let error = parse_event_date(bad).unwrap_err();
            assert!(error.contains("event_date"), "{bad}: {error}");
        }
    }

    #[test]
    fn precision_maps_to_the_day_the_week_around_it_or_the_month() {
        let d = day(2024, 1, 16);
        assert_eq!(store_date(d, TimePrecision::Day).to_string(), "2024-01-16");
        assert_eq!(store_date(d, TimePrecision::Week).to_string(), "2024-01-13/2024-01-19");
        assert_eq!(store_date(d, TimePrecision::Month).to_string(), "2024-01");
        // Weeks cross months, leap days and years.
        assert_eq!(store_date(day(2024, 3, 1), TimePrecision::Week).to_string(), "2024-02-27/2024-03-04");
        assert_eq!(store_date(day(2023, 12, 30), TimePrecision::Week).to_string(), "2023-12-27/2024-01-02");
        for text in ["2024-01-13/2024-01-19", "2024-02-27/2024-03-04"] {
            let spec = DateSpec::parse(text).unwrap();
            assert_eq!(spec.span_days(), 7, "{text}");
        }
        assert_eq!(TimePrecision::parse("2").unwrap(), TimePrecision::Week);
        assert!(TimePrecision::parse("4").unwrap_err().contains("`4`"));
        assert!(TimePrecision::parse("").is_err());
    }

    #[test]
    fn inter_codes_and_words_both_read() {
        assert_eq!(parse_inter("1"), Ok(Some(1)));
        assert_eq!(parse_inter("State forces"), Ok(Some(1)));
        assert_eq!(parse_inter("Rebel group"), Ok(Some(2)));
        assert_eq!(parse_inter("political militia"), Ok(Some(3)));
        assert_eq!(parse_inter("Identity militias"), Ok(Some(4)));
        assert_eq!(parse_inter("Protesters"), Ok(Some(6)));
        assert_eq!(parse_inter("Civilians"), Ok(Some(7)));
        assert_eq!(parse_inter("External/Other forces"), Ok(Some(8)));
        assert_eq!(parse_inter("8"), Ok(Some(8)));
        assert_eq!(parse_inter(""), Ok(None));
        assert_eq!(parse_inter("0"), Ok(None));
        assert!(parse_inter("9").unwrap_err().contains("`9`"));
        assert!(parse_inter("Pirates").is_err());
    }

    #[test]
    fn every_acled_type_is_in_the_store_vocabulary() {
        for (name, slug) in SUB_EVENT_TYPES.iter().chain(ACLED_EVENT_TYPES.iter()) {
            assert!(EVENT_TYPES.contains(slug), "{name} → {slug}");
            assert_eq!(event_type(name), *slug);
        }
        assert_eq!(event_type("Excessive force against protestors"), "excessive-force-against-protesters");
        assert_eq!(event_type("shelling/artillery/missile attack"), "shelling-artillery-missile-attack");
        assert_eq!(event_type("Something new"), "other");
    }

    #[test]
    fn aliases_drop_suffixes_and_punctuation_and_split_acronyms() {
        assert_eq!(
            aliases("Military Forces of Iran (1989-)"),
            ["Military Forces of Iran 1989", "Military Forces of Iran"]
        );
        assert_eq!(
            aliases("TTP: Tehrik-i-Taliban Pakistan"),
            ["TTP Tehrik i Taliban Pakistan", "TTP", "Tehrik-i-Taliban Pakistan", "Tehrik i Taliban Pakistan"]
        );
        assert_eq!(aliases("Civilians (Pakistan)"), ["Civilians Pakistan", "Civilians"]);
        assert!(aliases("Hamas").is_empty());
        assert!(aliases("Protesters").is_empty());
        assert_eq!(aliases("Jaish al-Adl"), ["Jaish al Adl"]);
        assert_eq!(aliases("Sāravān"), Vec::<String>::new(), "letters of every script are kept");
    }
}
