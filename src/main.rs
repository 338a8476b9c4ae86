//! The `folio` command. Each subcommand is one args struct and one `run()`
//! in `cmd/`; this file only parses and dispatches. Exit status: 0 success,
//! 1 content or configuration errors, 2 usage errors. Only the binary prints.

mod cmd;

use std::process::ExitCode;

// glibc's malloc serialises the build's threads on its arena locks and
// fragments under the many short-lived strings of rendering; mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "folio",
    version,
    about = "A static-site generator for think-tank publishing"
)]
struct Cli {
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = clap::ColorChoice::Auto
    )]
    color: clap::ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (public/ by default)
    Build(cmd::build::Args),
    /// Preview the site locally; pages reload on every save
    Serve(cmd::serve::Args),
    /// Check every article: links, repeated passages, metadata, accessibility
    Check(cmd::check::Args),
    /// Start a new article (folio new SECTION "Title") or author profile (folio new author SLUG "Name")
    New(cmd::new::Args),
    /// Create a new site in a folder (or, with --theme, a copy of the default theme)
    Init(cmd::init::Args),
    /// Import a WordPress export or a folder of Jekyll/Eleventy posts into the site
    Import(cmd::import::Args),
    /// Build the site and upload what changed to S3-compatible storage ([deploy] in site.toml)
    Deploy(cmd::deploy::Args),
    /// Write the Crossref deposit (XML) for the publications that have a DOI ([crossref] in site.toml)
    Crossref(cmd::crossref::Args),
    /// Print the shell completion script for folio (bash, zsh, fish, elvish, powershell)
    Completions(cmd::completions::Args),
    /// Remove previous outputs moved aside by a build (run by `folio build` itself)
    #[command(hide = true)]
    RemoveOldOutput(cmd::cleanup::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cmd::term::set_color(cli.color);
    match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Deploy(args) => cmd::deploy::run(args),
        Command::Crossref(args) => cmd::crossref::run(args),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
        Command::RemoveOldOutput(args) => cmd::cleanup::run(args),
    }
}
