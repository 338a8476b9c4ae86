//! `folio completions SHELL`: the shell's completion script for folio, on
//! standard output.

use std::process::ExitCode;

#[derive(clap::Args)]
#[command(
    after_help = "Install it, e.g.:\n  bash: folio completions bash > ~/.local/share/bash-completion/completions/folio\n  zsh:  folio completions zsh > ~/.zfunc/_folio   (with fpath+=~/.zfunc in ~/.zshrc)\n  fish: folio completions fish > ~/.config/fish/completions/folio.fish"
)]
pub struct Args {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    shell: clap_complete::Shell,
}

/// Writes the script for `cli`, the whole command line of folio.
pub fn run(args: Args, mut cli: clap::Command) -> ExitCode {
    clap_complete::generate(args.shell, &mut cli, "folio", &mut std::io::stdout());
    ExitCode::SUCCESS
}
