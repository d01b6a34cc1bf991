//! `factline draft`: its arguments, and the line saying what was drafted.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Failure;
use crate::draft::{self, output};
use crate::progress::{Progress, Unit};
use crate::store::{LoadError, Problem};
use crate::text::count;

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Article files, or folders of .txt articles (UTF-8 plain text)
    #[arg(required = true, value_name = "ARTICLES")]
    pub articles: Vec<PathBuf>,
    /// The folder to write: OUT/store.json and copies of the articles in OUT/sources/
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The store's title [default: "Draft from N articles"]
    #[arg(long)]
    pub title: Option<String>,
    /// Replace an existing OUT/store.json (kept as store.json.bak) and differing copies
    #[arg(long)]
    pub force: bool,
}

/// Reads every article (reporting every bad one), refuses to overwrite unless --force, drafts,
/// writes, and says what was written.
pub fn run(args: &DraftArgs, out: &mut dyn Write) -> Result<(), Failure> {
    let articles = output::collect(&args.articles, &args.out)?;
    if !args.force
        && let Some(refusal) = output::refuse_overwrite(&args.out, &articles)
    {
        return Err(Failure::Invalid(refusal));
    }
    // A journal left beside the store it replaces is folded into it first, so that the backup
    // kept holds every saved change and no journal is left on the new store.
    let store_file = args.out.join("store.json");
    crate::curation::fold_left_journal(&store_file)
        .map_err(|why| Failure::Invalid(LoadError::new(vec![Problem::in_file(&store_file, why)])))?;
    // Before drafting, which can take long: a run that cannot write says so at once.
    let _lock = output::lock(&args.out)?;
    let inputs: Vec<draft::Article> = articles.into_iter().map(|(_, article)| article).collect();
    let mut progress = Progress::on_stderr("drafting", inputs.len(), Unit::Items("articles"));
    let drafted = draft::draft(&inputs, args.title.as_deref(), |done| progress.update(done));
    progress.finish();
    let json = draft::writer::to_json(&drafted);
    output::write(&args.out, &drafted, &json)?;
    let counts = [
        count(drafted.sources.len(), "source"),
        count(drafted.entities.len(), "entity"),
        count(drafted.claims.len(), "claim"),
        count(drafted.timeline.events.len(), "event"),
        count(drafted.timeline.discrepancies.len(), "discrepancy"),
    ];
    writeln!(
        out,
        "{}: drafted {} (status \"draft\": review them before relying on them)",
        args.out.join("store.json").display(),
        counts.join(", ")
    )?;
    Ok(())
}
