//! Benchmarks of the sockets workspace against raw peers, as ratios measured
//! side by side in one run (A B A B ...), medians of several rounds.
//!
//! `cargo run --release -p sockets-bench` (quick), `-- --full`, `-- --smoke`.

mod bulk;
mod copy;
mod echo;
mod lines;
mod peers;
mod report;

use report::Report;

/// How long a run takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A few seconds: CI checks that every scenario runs and verifies.
    Smoke,
    /// About two minutes.
    Quick,
    /// The figures for docs/benchmarks.md.
    Full,
}

impl Mode {
    /// Scales a full-mode count down for the other modes.
    pub fn scale(self, full: usize) -> usize {
        match self {
            Mode::Smoke => (full / 100).max(1),
            Mode::Quick => (full / 5).max(1),
            Mode::Full => full,
        }
    }

    /// Rounds of each A/B pair.
    pub fn rounds(self) -> usize {
        match self {
            Mode::Smoke => 1,
            Mode::Quick => 5,
            Mode::Full => 7,
        }
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = if args.iter().any(|a| a == "--full") {
        Mode::Full
    } else if args.iter().any(|a| a == "--smoke") {
        Mode::Smoke
    } else {
        Mode::Quick
    };
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| name.contains(o.as_str()));
    let mut report = Report::new(mode);
    if wanted("echo") {
        echo::run(mode, &mut report)?;
    }
    if wanted("bulk") {
        bulk::run(mode, &mut report)?;
    }
    if wanted("lines") {
        lines::run(mode, &mut report)?;
    }
    if wanted("copy") {
        copy::run(mode, &mut report)?;
    }
    report.print();
    Ok(())
}
