//! The one rule that turns a name, a title or a claim's text into an id: what drafting, importing
//! and curating all make their ids from, so the same name gives the same id whichever made it.

/// What an id is when nothing of the text is left (only punctuation, or an empty name).
pub const EMPTY: &str = "item";

/// A lowercase ASCII slug of `text` (transliterated), words joined by `-`, cut at a word boundary
/// to at most `max` bytes (a single longer word is cut at `max`); `EMPTY` when nothing is left.
pub fn slug(text: &str, max: usize) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len().min(max));
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let extra = word.len() + usize::from(!out.is_empty());
        if out.len() + extra > max {
            if out.is_empty() {
                out.extend(word.chars().take(max).map(|c| c.to_ascii_lowercase()));
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    if out.is_empty() { EMPTY.to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_cut_at_words_and_never_empty() {
        assert_eq!(slug("Military Forces of Iran (1989-)", 64), "military-forces-of-iran-1989");
        assert_eq!(slug("Military Forces of Iran (1989-)", 20), "military-forces-of");
        assert_eq!(slug("Sīstān va Balūchestān", 64), "sistan-va-baluchestan");
        assert_eq!(slug("!!!", 64), EMPTY);
        assert_eq!(slug("", 64), EMPTY);
        assert_eq!(slug("Supercalifragilistic", 5), "super");
        assert_eq!(slug("Anwaar-ul-Haq  Kakar", 64), "anwaar-ul-haq-kakar", "runs of punctuation are one hyphen");
    }

    #[test]
    fn a_slug_is_a_fixed_point_and_fits_its_bound() {
        for text in ["Ministry of Foreign Affairs (Pakistan)", "Ḥamās", "a—b", "x y z", "Ölüdeniz 2024"] {
            for max in [1, 3, 8, 64] {
                let once = slug(text, max);
                assert!(once.len() <= max, "{text:?} at {max}: {once:?}");
                assert!(once.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{once:?}");
                assert_eq!(slug(&once, max), once, "{text:?} at {max}");
            }
        }
    }
}
