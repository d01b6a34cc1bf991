//! Properties of `factline draft` on generated articles: the store it writes always loads (the
//! same validation `factline check` runs), every passage is the article's text at its code-point
//! offsets, and drafting twice gives the same bytes.

use std::collections::HashMap;
use std::path::Path;

use factline::draft::{Article, draft, writer};
use factline::store::load::SourceReader;
use factline::store::{LoadOptions, Problem, load_bytes};
use proptest::prelude::*;

struct Files(HashMap<String, String>);

impl SourceReader for Files {
    fn read(&self, relative: &str) -> Result<String, Problem> {
        self.0.get(relative).cloned().ok_or_else(|| Problem::in_file(Path::new(relative), "missing"))
    }
}

/// Pieces news copy is made of, hostile ones included: every quote mark, unbalanced marks,
/// datelines, bylines, non-ASCII names, emoji and CJK (code points differ from bytes).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("“We will not back down,” Maria Keller said on Monday. ".to_string()),
        Just("«Les chiffres ne tiennent pas», said Pieter de Groot. ".to_string()),
        Just("\"It is over,\" she said. ".to_string()),
        Just("The Foreign Ministry said in a statement that talks would resume. ".to_string()),
        Just("According to the Environment Agency, 1,200 homes are at risk. ".to_string()),
        Just("Ms Öztürk-Šimić told Reuters that 💥 prices had risen 20%. ".to_string()),
        Just("Sánchez: “北京 is ready for talks,” ".to_string()),
        Just("“Unclosed quote that runs on ".to_string()),
        Just("\n\n“Second paragraph of it,” Keller said.\n".to_string()),
        Just("It was said that the said contract was void. ".to_string()),
        Just("As Öztürk put it, ‘the door is open.’ ".to_string()),
        Just("\nBy Jane Doe, Staff Reporter\n".to_string()),
        Just("\nPublished On: Jan 22, 2024\n".to_string()),
        Just("BRUSSELS, 18 November (AFP) – ".to_string()),
        Just("Jaish al Adl (JAA) said it was behind the attack. JAA denied it later. ".to_string()),
        Just("@JalilJilani tweeted that relations were good. ".to_string()),
        "[a-zA-Z ,.“”\"'«»:\n–-]{0,40}",
        "\\PC{0,12}",
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..14).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_draft_loads_its_passages_are_verbatim_and_bytes_repeat(texts in prop::collection::vec(article(), 1..4)) {
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| Article { file_name: format!("a{i}.txt"), text: text.clone() })
            .collect();
        let drafted = draft(&articles, None, |_| {});
        let json = writer::to_json(&drafted);
        let files = Files(articles.iter().map(|a| (format!("sources/{}", a.file_name), a.text.clone())).collect());
        let store = load_bytes(Path::new("store.json"), &json, &files, LoadOptions::default());
        prop_assert!(store.is_ok(), "{}", store.err().map(|e| e.to_string()).unwrap_or_default());
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        for claim in value["claims"].as_array().unwrap() {
            prop_assert_eq!(&claim["status"], "draft");
            for passage in claim["evidence"].as_array().unwrap() {
                let source = passage["source"].as_str().unwrap();
                let index: usize = drafted.sources.iter().position(|s| s.id == source).unwrap();
                let text = &articles[index].text;
                let start = passage["start"].as_u64().unwrap() as usize;
                let end = passage["end"].as_u64().unwrap() as usize;
                let at: String = text.chars().skip(start).take(end - start).collect();
                prop_assert_eq!(at.as_str(), passage["exact"].as_str().unwrap());
                prop_assert!(!at.trim().is_empty());
            }
        }
        let again = writer::to_json(&draft(&articles, None, |_| {}));
        prop_assert!(again == json, "drafting twice gave different bytes");
    }
}
