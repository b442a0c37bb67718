//! Collects scenario results: medians, ratios and targets.

use std::time::Duration;

use crate::Mode;

/// Which way a ratio must go to meet its target.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// ours/peer must be at least the target (throughput).
    AtLeast(f64),
    /// ours/peer must be at most the target (time).
    AtMost(f64),
    /// ours itself must be at most this value (memory).
    OursAtMost(f64),
}

/// One measured comparison.
#[derive(Debug)]
pub struct Row {
    pub scenario: String,
    pub ours: String,
    pub peer: String,
    pub unit: &'static str,
    pub ours_median: f64,
    pub peer_median: f64,
    pub goal: Goal,
}

impl Row {
    pub fn new(
        scenario: &str,
        ours: &str,
        peer: &str,
        unit: &'static str,
        ours_median: f64,
        peer_median: f64,
        goal: Goal,
    ) -> Row {
        Row {
            scenario: scenario.to_string(),
            ours: ours.to_string(),
            peer: peer.to_string(),
            unit,
            ours_median,
            peer_median,
            goal,
        }
    }

    pub fn ratio(&self) -> f64 {
        self.ours_median / self.peer_median
    }

    pub fn met(&self) -> bool {
        match self.goal {
            Goal::AtLeast(t) => self.ratio() >= t,
            Goal::AtMost(t) => self.ratio() <= t,
            Goal::OursAtMost(limit) => self.ours_median <= limit,
        }
    }
}

/// All rows of one run.
#[derive(Debug)]
pub struct Report {
    pub mode: Mode,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn new(mode: Mode) -> Report {
        Report {
            mode,
            rows: Vec::new(),
        }
    }

    /// Runs `ours` and `peer` alternately (see [`alternate`]) and adds the
    /// row comparing them.
    pub fn compare(
        &mut self,
        scenario: &str,
        (ours_name, ours): (&str, impl FnMut() -> std::io::Result<f64>),
        (peer_name, peer): (&str, impl FnMut() -> std::io::Result<f64>),
        unit: &'static str,
        goal: Goal,
    ) -> std::io::Result<()> {
        let (a, b) = alternate(self.mode.rounds(), ours, peer)?;
        self.add(Row::new(scenario, ours_name, peer_name, unit, a, b, goal));
        Ok(())
    }

    pub fn add(&mut self, row: Row) {
        eprintln!(
            "  {} | {} {:.3} vs {} {:.3} {} -> ratio {:.3}",
            row.scenario,
            row.ours,
            row.ours_median,
            row.peer,
            row.peer_median,
            row.unit,
            row.ratio()
        );
        self.rows.push(row);
    }

    pub fn markdown(&self) -> String {
        let mut out = format!(
            "Mode: {:?}, {} round(s) per pair, medians.\n\n",
            self.mode,
            self.mode.rounds()
        );
        out.push_str(
            "| scenario | ours | peer | ours (median) | peer (median) | ratio | target | met |\n",
        );
        out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for row in &self.rows {
            let target = match row.goal {
                Goal::AtLeast(t) => format!(">= {t}"),
                Goal::AtMost(t) => format!("<= {t}"),
                Goal::OursAtMost(limit) => format!("ours <= {limit} {}", row.unit),
            };
            out.push_str(&format!(
                "| {} | {} | {} | {:.3} {} | {:.3} {} | {:.3} | {} | {} |\n",
                row.scenario,
                row.ours,
                row.peer,
                row.ours_median,
                row.unit,
                row.peer_median,
                row.unit,
                row.ratio(),
                target,
                if row.met() { "yes" } else { "no" }
            ));
        }
        out
    }

    /// docs/benchmarks.md: how it was run, the table, the chart.
    pub fn document(&self) -> String {
        let pinned = crate::pinning::is_pinned();
        let missed: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.met())
            .map(|r| {
                format!(
                    "- {}: {} vs {}: {:.3}",
                    r.scenario,
                    r.ours,
                    r.peer,
                    r.ratio()
                )
            })
            .collect();
        format!(
            "# Benchmarks\n\n\
             Written by `cargo run --release -p sockets-bench{}`{} on the 2-core \
             development VM: loopback, each scenario alternating ours and the peer \
             (A B, B A, A B ...: each side first in every other round), medians. \
             These machines are shared and noisy: compare the ratios, not the \
             absolute figures. Each scenario checks its own result \
             (bytes, lines, checksums, counts).\n\n{}\n![ratios against targets](benchmarks.svg)\n\n\
             ## Targets missed in this run\n\n{}\n",
            if self.mode == crate::Mode::Full { " -- --full" } else { "" },
            if pinned { ", pinned with `taskset -c 0`" } else { ", unpinned" },
            self.markdown(),
            if missed.is_empty() { "None.".to_string() } else { missed.join("\n") },
        )
    }

    pub fn print(&self) {
        println!("{}", self.markdown());
    }
}

/// The median of `samples`.
pub fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    }
}

/// Microseconds per item.
pub fn micros_per(elapsed: Duration, items: usize) -> f64 {
    elapsed.as_secs_f64() * 1e6 / items as f64
}

/// Runs `ours` and `peer` alternately for `rounds` rounds, each going first
/// in every other round (so in half of them when `rounds` is even); returns
/// medians.
///
/// `SOCKETS_BENCH_SIDE=ours` (or `peer`) runs one side only, for profiling;
/// the other side's median is then reported as 1.
pub fn alternate(
    rounds: usize,
    mut ours: impl FnMut() -> std::io::Result<f64>,
    mut peer: impl FnMut() -> std::io::Result<f64>,
) -> std::io::Result<(f64, f64)> {
    let side = std::env::var("SOCKETS_BENCH_SIDE").unwrap_or_default();
    let (mut a, mut b) = (vec![1.0], vec![1.0]);
    // Each side goes first in every other round, so neither gains from
    // the order (warm caches, the other side's lingering TIME_WAIT sockets).
    for round in 0..rounds {
        for ours_now in [round % 2 == 0, round % 2 == 1] {
            if ours_now && side != "peer" {
                a.push(ours()?);
            } else if !ours_now && side != "ours" {
                b.push(peer()?);
            }
        }
    }
    // Drop the placeholder unless that side never ran.
    for samples in [&mut a, &mut b] {
        if samples.len() > 1 {
            samples.remove(0);
        }
    }
    Ok((median(&mut a), median(&mut b)))
}
