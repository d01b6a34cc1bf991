//! Which pronoun a person takes, when the text says so: an honorific before a mention ("Mr.",
//! "Mrs.", "Ms.") or a common given name. Unknown is compatible with both, so a pronoun then
//! falls back to nearness alone.
//!
//! Given names come from a short hand-made list of names in the news, then from lists derived from
//! the US Social Security Administration's baby-name counts (public domain; see
//! `assets/given-names/README.md`), which hold a name only when nearly all who bear it are of one sex.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Female,
    Male,
}

/// Given names common in English-language news, each sorted (binary search).
#[rustfmt::skip]
const FEMALE: &[&str] = &[
    "abigail", "alice", "alicia", "amanda", "amy", "andrea", "angela", "ann", "anna", "anne", "barbara", "betsy",
    "betty", "brenda", "carly", "carol", "caroline", "catherine", "chelsea", "christine", "claire", "cynthia",
    "debbie", "deborah", "diane", "donna", "dorothy", "elizabeth", "ellen", "emily", "emma", "fatima", "gloria",
    "hannah", "heather", "heidi", "helen", "hillary", "hope", "huma", "ivanka", "jane", "janet", "jennifer",
    "jessica", "jill", "joan", "joni", "joyce", "judith", "judy", "julia", "julie", "karen", "katherine",
    "kathleen", "kathy", "katie", "kelly", "kellyanne", "kimberly", "kirsten", "laura", "lauren", "linda", "lisa",
    "loretta", "lucia", "lucy", "margaret", "maria", "marie", "marsha", "martha", "mary", "maureen", "megan",
    "megyn", "melania", "melissa", "michelle", "nadia", "nancy", "nicole", "nikki", "olivia", "pamela", "patricia",
    "patty", "rachel", "rebecca", "rosa", "ruth", "samantha", "sandra", "sarah", "sharon", "shirley", "sophie",
    "stephanie", "susan", "susana", "suzanne", "tammy", "teresa", "theresa", "tulsi", "valerie", "victoria",
    "virginia", "wendy",
];

#[rustfmt::skip]
const MALE: &[&str] = &[
    "adam", "alan", "albert", "alex", "andrew", "anthony", "barack", "ben", "benjamin", "bernie", "bill", "bob",
    "bobby", "brian", "bruce", "carl", "charles", "chris", "christopher", "chuck", "corey", "craig", "dan",
    "daniel", "david", "dennis", "dick", "donald", "doug", "douglas", "ed", "edward", "eric", "frank", "gary",
    "george", "greg", "harry", "henry", "howard", "ian", "jack", "jacob", "james", "jason", "jeb", "jeff",
    "jeffrey", "jerry", "jim", "joe", "john", "jon", "jonathan", "joseph", "josh", "joshua", "juan", "justin",
    "keith", "ken", "kenneth", "kevin", "larry", "lindsey", "marco", "mark", "martin", "matt", "matthew", "michael",
    "mike", "mitch", "mitt", "newt", "nick", "omar", "pat", "patrick", "paul", "peter", "phil", "philip", "rand",
    "raymond", "reince", "richard", "rick", "rob", "robert", "roger", "ron", "ronald", "rudy", "russell", "ryan",
    "sam", "samuel", "scott", "sean", "stephen", "steve", "steven", "ted", "thomas", "tim", "timothy", "tom",
    "tony", "vladimir", "walter", "william",
];

/// The given names of `assets/given-names/`, one a line, sorted.
fn counted(list: &'static OnceLock<Vec<&'static str>>, text: &'static str) -> &'static [&'static str] {
    list.get_or_init(|| text.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

fn counted_female() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    counted(&LIST, include_str!("../../assets/given-names/female.txt"))
}

fn counted_male() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    counted(&LIST, include_str!("../../assets/given-names/male.txt"))
}

/// The gender a given name suggests, if it is a common one.
pub fn of_given_name(name: &str) -> Option<Gender> {
    let lower = name.to_lowercase();
    let listed = |list: &[&str]| list.binary_search(&lower.as_str()).is_ok();
    if listed(FEMALE) {
        Some(Gender::Female)
    } else if listed(MALE) {
        Some(Gender::Male)
    } else if listed(counted_female()) {
        Some(Gender::Female)
    } else if listed(counted_male()) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The gender an honorific right before a name says ("Mr.", "Mrs", "Ms.", "Miss").
pub fn of_honorific(word: &str) -> Option<Gender> {
    match word.trim_end_matches('.').to_lowercase().as_str() {
        "mr" | "sir" | "lord" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "dame" | "lady" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a personal pronoun refers to.
pub fn of_pronoun(word: &str) -> Option<Gender> {
    match word.to_lowercase().as_str() {
        "he" | "him" | "his" => Some(Gender::Male),
        "she" | "her" | "hers" => Some(Gender::Female),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_are_sorted_for_binary_search() {
        assert!(FEMALE.windows(2).all(|w| w[0] < w[1]));
        assert!(MALE.windows(2).all(|w| w[0] < w[1]));
        assert!(counted_female().windows(2).all(|w| w[0] < w[1]));
        assert!(counted_male().windows(2).all(|w| w[0] < w[1]));
        assert!(counted_female().len() > 1000 && counted_male().len() > 1000);
    }

    #[test]
    fn names_the_hand_list_lacks_come_from_the_counted_lists() {
        assert_eq!(of_given_name("Brenda"), Some(Gender::Female));
        assert_eq!(of_given_name("Luther"), Some(Gender::Male));
        // Given to both sexes: says nothing.
        assert_eq!(of_given_name("Jordan"), None);
        // The hand list wins over the counts.
        assert_eq!(of_given_name("Lindsey"), Some(Gender::Male));
    }

    #[test]
    fn names_honorifics_and_pronouns() {
        assert_eq!(of_given_name("Hillary"), Some(Gender::Female));
        assert_eq!(of_given_name("Bernie"), Some(Gender::Male));
        assert_eq!(of_given_name("Adaeze"), None);
        assert_eq!(of_honorific("Mrs."), Some(Gender::Female));
        assert_eq!(of_honorific("Mr"), Some(Gender::Male));
        assert_eq!(of_pronoun("She"), Some(Gender::Female));
    }
}
