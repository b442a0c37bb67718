//! Runs a Rhai script with the `sockets` and `streams` modules of
//! `sockets-rhai`: `script FILE.rhai [ARGS...]` (the script sees them as
//! `ARGS`). See `examples/scripts/` for the original module's examples.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Runs a Rhai script with the `sockets` and `streams` modules.
#[derive(Parser)]
#[command(
    name = "script",
    after_help = "The script sees ARGS as an array of strings. Modules, functions and \
                  the handler threads: crates/sockets-rhai/README.md.\n\n\
                  Examples:\n  \
                  script examples/scripts/server.rhai\n  \
                  script examples/scripts/lines.rhai input.txt\n  \
                  script examples/scripts/client.rhai 127.0.0.1 8080"
)]
struct Args {
    /// The Rhai script to run.
    file: PathBuf,
    /// Arguments for the script, its ARGS array (may start with '-').
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    args: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    sockets_examples::cli::init_logging();
    match sockets_rhai::Runtime::new().run_file(&args.file, &args.args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("script: {}: {e}", args.file.display());
            ExitCode::FAILURE
        }
    }
}
