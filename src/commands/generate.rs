//! `factline gen`: its arguments, and the line saying what it wrote.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use crate::generate::{Spec, generate};

#[derive(Debug, Args)]
pub struct GenArgs {
    /// How many events (claims are a quarter of this, discrepancies a fiftieth)
    #[arg(long)]
    pub events: usize,
    /// How many entities (people, groups, places…)
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub entities: u64,
    /// How many source articles the passages are spread over
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub sources: u64,
    /// The same seed always writes the same bytes
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created when missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Writes the store and reports what it wrote.
pub fn run(args: &GenArgs, out: &mut dyn Write) -> io::Result<()> {
    let spec = Spec {
        events: args.events,
        entities: usize::try_from(args.entities).map_err(io::Error::other)?,
        sources: usize::try_from(args.sources).map_err(io::Error::other)?,
        seed: args.seed,
    };
    let s = generate(&spec, &args.out)?;
    writeln!(
        out,
        "{}: wrote {} sources, {} entities, {} events, {} claims, {} discrepancies, {} passages ({} bytes of JSON)",
        args.out.join("store.json").display(),
        s.sources,
        s.entities,
        s.events,
        s.claims,
        s.discrepancies,
        s.passages,
        s.json_bytes
    )
}
