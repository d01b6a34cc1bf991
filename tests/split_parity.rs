//! A store file is read in chunks and cut into records (`load_path`), or parsed whole from memory
//! (`load_bytes`): both must give the same store, or the same problems, for any file.

use std::path::{Path, PathBuf};

use factline::generate::{Spec, generate};
use factline::store::load::FolderReader;
use factline::store::{LoadError, LoadOptions, Store, load_bytes, load_path};

fn both(dir: &Path) -> (Result<Store, LoadError>, Result<Store, LoadError>) {
    let file = dir.join("store.json");
    let bytes = std::fs::read(&file).unwrap();
    let whole = load_bytes(&file, &bytes, &FolderReader::new(file.clone(), dir.to_path_buf()), LoadOptions::default());
    (load_path(dir), whole)
}

fn assert_same(dir: &Path) {
    match both(dir) {
        (Ok(chunked), Ok(whole)) => {
            assert_eq!(chunked.sources, whole.sources);
            assert_eq!(chunked.entities, whole.entities);
            assert_eq!(chunked.events, whole.events);
            assert_eq!(chunked.claims, whole.claims);
            assert_eq!(chunked.discrepancies, whole.discrepancies);
            assert_eq!(chunked.title, whole.title);
        }
        (Err(chunked), Err(whole)) => assert_eq!(chunked, whole),
        (chunked, whole) => panic!("chunked {:?} but whole {:?}", chunked.err(), whole.err()),
    }
}

/// The valid fixture with its store.json rewritten by `edit`.
fn fixture_with(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let valid = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::copy(valid.join("sources/article.txt"), dir.path().join("sources/article.txt")).unwrap();
    let json = std::fs::read_to_string(valid.join("store.json")).unwrap();
    std::fs::write(dir.path().join("store.json"), edit(json)).unwrap();
    dir
}

#[test]
fn a_generated_store_loads_the_same_in_chunks_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    generate(&Spec { events: 3000, entities: 200, sources: 40, seed: 9 }, dir.path()).unwrap();
    assert!(std::fs::metadata(dir.path().join("store.json")).unwrap().len() > 1 << 20, "more than one chunk");
    assert_same(dir.path());
    assert!(both(dir.path()).0.is_ok());
}

#[test]
fn escapes_in_keys_and_strings_load_the_same() {
    let dir =
        fixture_with(|json| json.replacen("\"id\"", "\"\\u0069d\"", 3).replacen("\"title\"", "\"t\\u0069tle\"", 1));
    assert_same(dir.path());
    assert!(both(dir.path()).0.is_ok());
}

#[test]
fn deep_nesting_under_the_parser_limit_still_loads() {
    // 110 levels: past the chunked reader's caution, within the parser's limit of 128.
    let deep = format!("{}1{}", "[".repeat(110), "]".repeat(110));
    let dir = fixture_with(|json| json.replacen("\"sources\": [", &format!("\"extra\": {deep},\n  \"sources\": ["), 1));
    assert_same(dir.path());
    assert!(both(dir.path()).0.is_ok());
}

#[test]
fn broken_files_report_the_same_problems() {
    let edits: [fn(String) -> String; 6] = [
        |json| json.replacen("\"date\"", "\"date\" ", 1).replacen(",\n      \"type\"", "\n      \"type\"", 1),
        |json| json.replacen("[", "[,", 2),
        |json| json[..json.len() / 2].to_string(),
        |json| format!("{json} trailing"),
        |json| json.replacen("\"events\"", "\"entities\"", 1),
        |json| json.replacen("\"exact\": \"", "\"exact\": \"\u{1}", 1),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let dir = fixture_with(edit);
        let (chunked, whole) = both(dir.path());
        assert!(chunked.is_err(), "edit {i} is broken");
        assert_eq!(chunked.err(), whole.err(), "edit {i}");
    }
}

#[test]
fn a_store_path_naming_a_folder_without_store_json_is_refused_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let error = load_path(dir.path()).unwrap_err();
    assert!(error.to_string().contains("cannot read the store"), "{error}");
    let folder_named_like_the_file: PathBuf = dir.path().join("store.json");
    std::fs::create_dir(&folder_named_like_the_file).unwrap();
    let error = load_path(&folder_named_like_the_file).unwrap_err();
    assert!(error.to_string().contains("cannot read the store"), "{error}");
}
