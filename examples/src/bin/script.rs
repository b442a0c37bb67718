//! Runs a Rhai script with the `sockets` and `streams` modules:
//! `script FILE.rhai [ARGS...]` (the script sees them as `ARGS`). See
//! `examples/scripts/` for the original module's examples.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: script FILE.rhai [ARGS...]");
        return ExitCode::FAILURE;
    };
    let rest: Vec<String> = args.collect();
    match sockets_examples::script::run_file(path.as_ref(), &rest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("script: {e}");
            ExitCode::FAILURE
        }
    }
}
