//! Thin entry point: parse the command line, run one command, map the outcome to an exit code
//! (0 success, 1 invalid input, 2 usage — clap's own code for usage errors).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use factline::cli::{Cli, Command, ExportFormat};
use factline::commands::import::ImportSource;
use factline::commands::{self, Failure, curate};
use factline::export;
use factline::store::{LoadOptions, Locator};

const INVALID_INPUT: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(error)) => {
            eprint!("{error}");
            ExitCode::from(INVALID_INPUT)
        }
        Err(Failure::Curate(error)) => {
            eprint!("{error}");
            ExitCode::from(INVALID_INPUT)
        }
        Err(Failure::Silent) => ExitCode::from(INVALID_INPUT),
        // A reader that went away (`factline export … | head`) is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("factline: {e}");
            ExitCode::from(INVALID_INPUT)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let store = Locator::from_arg(cli.data.data.as_deref());
    match cli.command {
        None => {
            // The local browser may edit (review and curate); `serve` never gets an editor.
            // Why changes cannot be saved, when they cannot, is the editor's opening notice.
            let (store, curation) = factline::curation::Curation::open(cli.data.data.as_deref())?;
            drop(out);
            factline::tui::run_with(store, Some(Box::new(curation)), None)?;
            return Ok(());
        }
        Some(Command::Check { max_problems }) => commands::check::run(&store, max_problems, &mut out)?,
        Some(Command::Export { format }) => {
            let store = store.load(LoadOptions::default())?;
            match format {
                ExportFormat::Json => export::json(&store, &mut out)?,
                ExportFormat::Csv => export::csv(&store, &mut out)?,
                ExportFormat::ClaimsCsv => export::claims_csv(&store, &mut out)?,
                ExportFormat::Timelinejs => export::timelinejs(&store, &mut out)?,
            }
        }
        Some(Command::Gen(args)) => commands::generate::run(&args, &mut out)?,
        Some(Command::Import { source: ImportSource::Acled(args) }) => commands::import::acled(&args, &mut out)?,
        Some(Command::Draft(args)) => commands::draft::run(&args, &mut out)?,
        Some(Command::Search { query, json, limit }) => {
            let store = store.load(LoadOptions::default())?;
            commands::search::run(&store, &query, json, usize::from(limit), &mut out)?;
        }
        Some(Command::Find { query, json, limit }) => {
            let store = store.load(LoadOptions::default())?;
            commands::find::run(&store, &query, json, usize::from(limit), &mut out)?;
        }
        // A store whose articles were edited since its passages were cited still opens, each such
        // passage marked moved, fuzzy or orphan (`check` stays strict).
        Some(Command::Serve(args)) => factline::serve::run(Arc::new(store.load(LoadOptions::lenient())?), args)?,
        Some(Command::Fmt { check }) => {
            let formatted = curate::fmt(cli.data.data.as_deref(), check, &mut out).map_err(Failure::from)?;
            if formatted == curate::Formatted::WouldRewrite {
                out.flush()?;
                return Err(Failure::Silent);
            }
        }
        Some(Command::Init { dir, force }) => curate::init(&dir, force, &mut out).map_err(Failure::from)?,
    }
    out.flush()?;
    Ok(())
}
