//! The README's key table is the keymap: a key documented is a key that works, and a binding
//! added to the keymap fails this test until the table shows it.

use factline::tui::keymap::help_entries;

fn key_table() -> String {
    let mut table = String::from("| keys | where | what it does |\n|---|---|---|\n");
    for (group, keys, description) in help_entries() {
        let keys: Vec<String> = keys.split(' ').map(|k| format!("`{k}`")).collect();
        table.push_str(&format!("| {} | {} | {} |\n", keys.join(" "), group.title(), description));
    }
    table
}

#[test]
fn the_documented_key_table_matches_the_keymap() {
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let table = key_table();
    assert!(doc.contains(&table), "the key table is out of date; it should read:\n\n{table}");
}
