//! `factline import`: its sources' arguments, and the line saying what was imported.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::import::{self, acled};
use crate::progress::{Progress, Unit};
use crate::store::LoadError;
use crate::store::Problem;

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// ACLED CSV exports (one or more, e.g. one per year) → OUT/store.json
    Acled(AcledArgs),
}

#[derive(Debug, Args)]
pub struct AcledArgs {
    /// ACLED CSV files, as the export tool or the API writes them; repeated event ids keep the
    /// row with the latest `timestamp`
    #[arg(required = true, value_name = "FILE.csv")]
    pub files: Vec<PathBuf>,
    /// The folder to write store.json into (created when missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Leave out rows that cannot be read (listed on stderr) instead of failing the import
    #[arg(long)]
    pub skip_bad: bool,
    /// Replace an existing DIR/store.json (the old one is kept as store.json.bak)
    #[arg(long)]
    pub force: bool,
}

/// Reads the files, writes `--out`/store.json, reports what it did.
pub fn acled(args: &AcledArgs, out: &mut dyn Write) -> Result<(), LoadError> {
    let fail = |problem: Problem| LoadError::new(vec![problem]);
    // Refuse before reading: a long import must not end in a refusal.
    import::target(&args.out, args.force).map_err(fail)?;
    let total: usize = args.files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len() as usize).sum();
    let mut bar = Progress::on_stderr("importing ACLED CSV", total, Unit::Bytes);
    let imported = acled::read(&args.files, args.skip_bad, &mut |done, _| bar.update(done));
    bar.finish();
    let mut import = imported?;
    for problem in &import.bad {
        eprintln!("factline: skipped {problem}");
    }
    if import.unlisted_bad > 0 {
        eprintln!("factline: skipped {} more bad rows", import.unlisted_bad);
    }
    let names: Vec<String> = args
        .files
        .iter()
        .map(|f| f.file_name().map_or(f.display().to_string(), |n| n.to_string_lossy().into_owned()))
        .collect();
    let title = format!("ACLED events imported from {}", names.join(", "));
    let mut written = None;
    let target = import::write_store(&args.out, args.force, |w| {
        written = Some(import.write_json(&title, w)?);
        Ok(())
    })
    .map_err(fail)?;
    let written = written.expect("the store was written");
    let skipped = import.bad.len() + import.unlisted_bad;
    let _ = writeln!(
        out,
        "{}: imported {} events and {} entities from {} rows in {} file{} ({} repeated ids resolved by timestamp, {} bad rows skipped)",
        target.display(),
        written.events,
        written.entities,
        import.rows,
        args.files.len(),
        if args.files.len() == 1 { "" } else { "s" },
        import.replaced,
        skipped
    );
    Ok(())
}
