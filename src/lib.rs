//! factline: load an event store and browse who said what, when, and where it is written.

pub mod cli;
pub mod commands;
pub mod curation;
pub mod draft;
pub mod export;
pub mod find;
pub mod generate;
pub mod grammar;
pub mod import;
pub mod progress;
pub mod search;
pub mod serve;
pub mod slug;
pub mod store;
pub mod text;
pub mod tui;
pub mod user_file;
