//! Benchmarks of the sockets workspace against the peers users would pick
//! instead (raw async-std, futures-rustls, std::net, tokio, tokio-rustls),
//! as ratios measured side by side in one run (A B, B A, A B ...: each side
//! first in every other round), medians.
//!
//! ```text
//! cargo run --release -p sockets-bench               # quick, about 2 minutes
//! cargo run --release -p sockets-bench -- --full     # the figures in docs/
//! cargo run --release -p sockets-bench -- --smoke    # seconds; CI
//! cargo run --release -p sockets-bench -- echo lines # only these scenarios
//! cargo run --release -p sockets-bench -- --soak     # load: 10k / 2k TLS / 500 threads
//! cargo run --release -p sockets-bench -- --churn --full # 200k / 20k TLS connect-close cycles
//! ```
//! Run it pinned too: `taskset -c 0 cargo run --release -p sockets-bench`.
//! A full or quick run of every scenario writes `docs/benchmarks.md` and
//! `docs/benchmarks.svg` (`SOCKETS_BENCH_DOCS=DIR` writes them there instead,
//! in any mode). `SOCKETS_BENCH_SIDE=ours|peer` runs one side only, for
//! profiling.

mod accept;
mod bulk;
mod chart;
mod child;
mod churn;
mod copy;
mod echo;
mod lines;
mod measure;
mod memory;
mod peers;
mod pinning;
mod report;
mod soak;
mod tls;
mod tls_peer;
mod tokio_serve;

use std::path::PathBuf;

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
            Mode::Smoke => (full / 100).max(2),
            Mode::Quick => (full / 5).max(2),
            Mode::Full => full,
        }
    }

    /// Rounds of each A/B pair.
    pub fn rounds(self) -> usize {
        match self {
            Mode::Smoke => 1,
            // Even, so that each side goes first equally often.
            Mode::Quick => 6,
            Mode::Full => 8,
        }
    }
}

/// A single-threaded tokio runtime, the fair peer of a `block_on`.
pub fn tokio_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("tokio runtime")
}

pub(crate) type Scenario = fn(Mode, &mut Report) -> std::io::Result<()>;

const SCENARIOS: [(&str, Scenario); 8] = [
    ("echo", echo::run),
    ("bulk", bulk::run),
    ("tls", tls::run),
    ("lines", lines::run),
    ("accept", accept::run),
    ("tokio", tokio_serve::run),
    ("memory", memory::run),
    ("copy", copy::run),
];

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, name, mode] = args.as_slice() {
        if flag == "--child" {
            return child::main(name, mode);
        }
    }
    if args.first().map(String::as_str) == Some("--soak-clients") {
        let port = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(0);
        let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(0);
        return soak::clients_child(port, n, args.get(3).is_some_and(|t| t == "tls"));
    }
    if let [flag, side, n] = args.as_slice() {
        if flag == "--memory-child" {
            let n = n.parse().map_err(std::io::Error::other)?;
            return memory::child(side, memory::connections_that_fit(n));
        }
    }
    let mode = if args.iter().any(|a| a == "--full") {
        Mode::Full
    } else if args.iter().any(|a| a == "--smoke") {
        Mode::Smoke
    } else {
        Mode::Quick
    };
    if args.iter().any(|a| a == "--soak") {
        return soak::run(mode);
    }
    if args.iter().any(|a| a == "--churn") {
        return churn::run(mode);
    }
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let mut report = Report::new(mode);
    for (name, scenario) in SCENARIOS {
        if only.is_empty() || only.iter().any(|o| o.as_str() == name) {
            eprintln!("{name}:");
            scenario(mode, &mut report)?;
        }
    }
    report.print();
    // Full and quick runs of everything update docs/; SOCKETS_BENCH_DOCS
    // writes elsewhere instead, in any mode (CI checks the writers so).
    let docs = match std::env::var_os("SOCKETS_BENCH_DOCS") {
        Some(dir) => Some(PathBuf::from(dir)),
        None if mode != Mode::Smoke && only.is_empty() => {
            Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs"))
        }
        None => None,
    };
    if let Some(docs) = docs {
        std::fs::write(docs.join("benchmarks.md"), report.document())?;
        chart::write(&report, &docs.join("benchmarks.svg"))?;
        eprintln!(
            "wrote {0}/benchmarks.md and {0}/benchmarks.svg",
            docs.display()
        );
    }
    Ok(())
}
