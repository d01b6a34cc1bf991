//! Writes a large CSV in the shape of an ACLED export (ACLED's columns, invented rows), to
//! measure `factline import acled` at scale without any ACLED data:
//!
//! ```sh
//! cargo run --release --example acled_csv -- 1000000 /tmp/acled-1m.csv
//! /usr/bin/time -v target/release/factline import acled /tmp/acled-1m.csv --out /tmp/acled-1m
//! cargo run --release --example acled_csv -- --read /tmp/acled-1m.csv   # baseline: parse only
//! ```
//!
//! Deterministic (the generator's own PRNG, seed 1). About 3 % of rows revise an earlier event
//! (same id, later timestamp), as ACLED's revisions do; notes hold commas, quotes and sometimes a
//! line break, so the CSV is quoted the way real exports are.

use std::fs::File;
use std::io::{BufWriter, Write};

use factline::generate::Rng;

const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,\
assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,\
admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

const SYLLABLES: [&str; 24] = [
    "ka", "bal", "mir", "za", "ra", "sha", "pur", "ta", "ne", "mo", "ham", "sa", "lim", "ya", "nu", "ri", "do", "zu",
    "ko", "vi", "tur", "gwa", "ān", "ül",
];

const TYPES: [(&str, &str, &str); 8] = [
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Demonstrations", "Riots", "Mob violence"),
    ("Strategic developments", "Strategic developments", "Arrests"),
    ("Political violence", "Violence against civilians", "Abduction/forced disappearance"),
];

const SOURCES: [&str; 6] = ["Dawn", "Reuters", "Local Monitor", "Radio Wire; Daily Ledger", "Gazette", "Frontier Post"];

fn word(rng: &mut Rng) -> String {
    let w: String = (0..2 + rng.below(2)).map(|_| *rng.pick(&SYLLABLES)).collect();
    let mut c = w.chars();
    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The baseline for the import's time: the csv crate reading every record of the file and
/// nothing else (`acled_csv --read FILE`).
fn read_only(path: &str) -> std::io::Result<()> {
    let started = std::time::Instant::now();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    while reader.read_byte_record(&mut record)? {
        rows += 1;
    }
    println!("rows={rows} ms={}", started.elapsed().as_millis());
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--read") {
        return read_only(args.get(2).map_or("acled.csv", String::as_str));
    }
    let rows: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let path = args.get(2).map_or("acled.csv", String::as_str);
    let mut rng = Rng::new(1);
    let countries: Vec<String> = (0..60).map(|_| format!("{}stan", word(&mut rng))).collect();
    let admin1: Vec<String> = (0..600).map(|_| word(&mut rng)).collect();
    let locations: Vec<String> = (0..40_000).map(|_| format!("{} {}", word(&mut rng), word(&mut rng))).collect();
    let actors: Vec<(String, u8)> = (0..8_000)
        .map(|i| {
            let inter = 1 + (i % 8) as u8;
            let name = match inter {
                1 => format!("Military Forces of {} ({}-)", countries[i % countries.len()], 1990 + i % 30),
                2 => format!("{}: {} Liberation Front", word(&mut rng).to_uppercase(), word(&mut rng)),
                5 => format!("Rioters ({})", countries[i % countries.len()]),
                6 => format!("Protesters ({})", countries[i % countries.len()]),
                7 => format!("Civilians ({})", countries[i % countries.len()]),
                _ => format!("{} {} Militia", word(&mut rng), word(&mut rng)),
            };
            (name, inter)
        })
        .collect();
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "{HEADER}")?;
    let mut issued = 0usize;
    for r in 0..rows {
        // Some rows revise an earlier event: its id again, a later timestamp.
        let id = if r > 100 && rng.chance(3) { rng.below(issued) } else { (issued, issued += 1).0 };
        let (disorder, event_type, sub) = *rng.pick(&TYPES);
        let (actor1, inter1) = &actors[rng.skewed(actors.len())];
        let (actor2, inter2) =
            if rng.chance(60) { actors[rng.skewed(actors.len())].clone() } else { (String::new(), 0) };
        let assoc1 = if rng.chance(20) {
            format!("{}; {}", actors[rng.below(actors.len())].0, actors[rng.below(actors.len())].0)
        } else {
            String::new()
        };
        let place = rng.skewed(locations.len());
        let country = &countries[place % countries.len()];
        let region = &admin1[place % admin1.len()];
        let location = &locations[place];
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let precision = match rng.below(100) {
            0..=89 => 1,
            90..=96 => 2,
            _ => 3,
        };
        let fatalities = if rng.chance(40) { rng.below(30) } else { 0 };
        let source = rng.pick(&SOURCES);
        let mut notes = format!(
            "On {day} {} 2024, {actor1} and {} were reported in {location}, {region}, {fatalities} fatalities, \
             sources said; \"{}\" (report {r}).",
            factline::store::date::MONTH_NAMES[month - 1],
            if actor2.is_empty() { "others" } else { &actor2 },
            word(&mut rng),
        );
        // Real notes run to a few hundred characters.
        notes.push_str(
            " Local officials gave no further details; residents said shops stayed closed and roads were blocked.",
        );
        if rng.chance(5) {
            notes.push_str("\nUpdate: figures revised.");
        }
        let fields = [
            format!("GEN{}", 10_000 + id),
            format!("2024-{month:02}-{day:02}"),
            "2024".to_string(),
            precision.to_string(),
            disorder.to_string(),
            event_type.to_string(),
            sub.to_string(),
            actor1.clone(),
            assoc1,
            inter1.to_string(),
            actor2,
            String::new(),
            inter2.to_string(),
            format!("{inter1}{inter2}"),
            String::new(),
            (100 + place % countries.len()).to_string(),
            "Southern Asia".to_string(),
            country.clone(),
            region.clone(),
            format!("{region} District"),
            String::new(),
            location.clone(),
            format!("{:.4}", (place % 170) as f64 - 85.0 + 0.1234),
            format!("{:.4}", (place % 350) as f64 - 175.0 + 0.5678),
            "1".to_string(),
            source.to_string(),
            "National".to_string(),
            notes,
            fatalities.to_string(),
            String::new(),
            (1_704_067_200 + r as u64 * 20).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    out.flush()
}
