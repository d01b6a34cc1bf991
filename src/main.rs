//! Thin entry point: parse the command line, run one command, map the outcome to an exit code
//! (0 success, 1 invalid input, 2 usage — clap's own code for usage errors).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use factline::cli::{Cli, Command, DataArg, ExportFormat, ImportSource};
use factline::find::TextIndex;
use factline::find_report::FindReport;
use factline::progress::{Progress, Unit};
use factline::search::SearchIndex;
use factline::search_report::SearchReport;
use factline::store::{self, LoadError, Store};
use factline::text::sanitize_line;
use factline::{curate, export};

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

enum Failure {
    Invalid(LoadError),
    Curate(curate::CurateError),
    /// Exit 1 with what there was to say already printed.
    Silent,
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Invalid(e)
    }
}

fn load(data: &DataArg) -> Result<Store, LoadError> {
    match &data.data {
        Some(path) => store::load_path(path),
        None => store::bundled::load(),
    }
}

/// `factline draft`: read every article (reporting every bad one), refuse to overwrite unless
/// --force, draft, write, and say what was written.
fn draft(args: &factline::cli::DraftArgs, out: &mut impl Write) -> Result<(), Failure> {
    use factline::draft::{self, output};
    let articles = output::collect(&args.articles, &args.out)?;
    if !args.force
        && let Some(refusal) = output::refuse_overwrite(&args.out, &articles)
    {
        return Err(Failure::Invalid(refusal));
    }
    // Before drafting, which can take long: a run that cannot write says so at once.
    let _lock = output::lock(&args.out)?;
    let inputs: Vec<draft::Article> = articles.into_iter().map(|(_, article)| article).collect();
    let mut progress = Progress::on_stderr("drafting", inputs.len(), Unit::Items("articles"));
    let drafted = draft::draft(&inputs, args.title.as_deref(), |done| progress.update(done));
    progress.finish();
    let json = draft::writer::to_json(&drafted);
    output::write(&args.out, &drafted, &json)?;
    writeln!(
        out,
        "{}: drafted {} sources, {} entities, {} claims, {} events, {} discrepancies (status \"draft\": review them before relying on them)",
        args.out.join("store.json").display(),
        drafted.sources.len(),
        drafted.entities.len(),
        drafted.claims.len(),
        drafted.timeline.events.len(),
        drafted.timeline.discrepancies.len()
    )?;
    Ok(())
}

/// For the browser and the kiosk: a store whose articles were edited since its passages were
/// cited still opens, each such passage marked moved, fuzzy or orphan (`check` stays strict).
fn load_lenient(data: &DataArg) -> Result<Store, LoadError> {
    match &data.data {
        Some(path) => store::load_path_lenient(path),
        None => store::bundled::load(),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match cli.command {
        None => {
            // The local browser may edit (review and curate); `serve` never gets an editor.
            let (store, curation) = factline::curation::Curation::open(cli.data.data.as_deref())?;
            let notice = curation.read_only().map(str::to_string);
            drop(out);
            factline::tui::run_with(Arc::new(store), Some(Box::new(curation)), notice)?;
            return Ok(());
        }
        Some(Command::Check { max_problems }) => {
            let store = match &cli.data.data {
                Some(path) => store::load_path_listing(path, max_problems)?,
                None => store::bundled::load()?,
            };
            let name = cli.data.data.as_ref().map_or(store::bundled::NAME.to_string(), |p| p.display().to_string());
            writeln!(
                out,
                "{name}: ok — {} sources, {} entities, {} events, {} claims, {} discrepancies, {} passages",
                store.sources.len(),
                store.entities.len(),
                store.events.len(),
                store.claims.len(),
                store.discrepancies.len(),
                store.passage_count()
            )?;
        }
        Some(Command::Export { format }) => {
            let store = load(&cli.data)?;
            match format {
                ExportFormat::Json => export::json(&store, &mut out)?,
                ExportFormat::Csv => export::csv(&store, &mut out)?,
                ExportFormat::Timelinejs => export::timelinejs(&store, &mut out)?,
            }
        }
        Some(Command::Gen(args)) => factline::generate::run(&args, &mut out)?,
        Some(Command::Import { source: ImportSource::Acled(args) }) => factline::import::acled::run(&args, &mut out)?,
        Some(Command::Draft(args)) => draft(&args, &mut out)?,
        Some(Command::Search { query, json, limit }) => {
            let store = load(&cli.data)?;
            let index = SearchIndex::new(&store);
            let report = SearchReport::new(&store, &index, &query, usize::from(limit));
            if json {
                report.write_json(&mut out)?;
            } else if report.is_empty() {
                eprintln!("factline: no person, group or place matches `{}`", sanitize_line(&query));
            } else {
                report.write_text(&mut out)?;
            }
        }
        Some(Command::Find { query, json, limit }) => {
            let store = load(&cli.data)?;
            let index = TextIndex::new(&store);
            let report = FindReport::new(&store, &index, &query, usize::from(limit));
            if report.is_empty() {
                eprintln!("factline: no passage in these articles matches `{}`", sanitize_line(&query));
            } else if !report.is_complete() {
                eprintln!("factline: these words are in most articles; only the likeliest articles were read");
            }
            if json {
                report.write_json(&mut out)?;
            } else {
                report.write_text(&mut out)?;
            }
        }
        Some(Command::Serve(args)) => factline::serve::run(Arc::new(load_lenient(&cli.data)?), args)?,
        Some(Command::Fmt { check }) => {
            let formatted = curate::fmt(cli.data.data.as_deref(), check, &mut out).map_err(Failure::Curate)?;
            if formatted == curate::Formatted::WouldRewrite {
                out.flush()?;
                return Err(Failure::Silent);
            }
        }
        Some(Command::Init { dir, force }) => curate::init(&dir, force, &mut out).map_err(Failure::Curate)?,
    }
    out.flush()?;
    Ok(())
}
