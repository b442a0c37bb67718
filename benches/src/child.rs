//! Scenarios measured in a process of their own: pinned to one core
//! (`taskset -c 0`), or fresh, without the threads earlier scenarios left
//! behind (async-std's executor threads would otherwise drive async-io's
//! reactor in a process that is meant to be a tokio program).
//!
//! `sockets-bench --child NAME MODE` runs scenario `NAME` and prints its
//! rows, tab-separated; the parent reads them back into its report.

use std::io;
use std::process::Command;

use crate::report::{Goal, Report, Row};
use crate::{echo, tokio_serve, Mode, Scenario};

/// The scenarios that can run as a child, by name.
const CHILDREN: &[(&str, Scenario)] = &[("echo", echo::measure), ("tokio", tokio_serve::measure)];

/// Units a child's rows may carry.
const UNITS: &[&str] = &["µs", "conn/s"];

/// `--child NAME MODE`: measures `name` and prints its rows.
pub fn main(name: &str, mode: &str) -> io::Result<()> {
    let mode = match mode {
        "Full" => Mode::Full,
        "Smoke" => Mode::Smoke,
        _ => Mode::Quick,
    };
    let (_, measure) = CHILDREN
        .iter()
        .find(|(known, _)| *known == name)
        .ok_or_else(|| io::Error::other(format!("no child scenario named {name}")))?;
    let mut report = Report::new(mode);
    measure(mode, &mut report)?;
    for row in &report.rows {
        let (goal, target) = match row.goal {
            Goal::AtLeast(t) => ("at-least", t),
            Goal::AtMost(t) => ("at-most", t),
            Goal::OursAtMost(t) => ("ours-at-most", t),
        };
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{goal}\t{target}",
            row.scenario, row.ours, row.peer, row.unit, row.ours_median, row.peer_median
        );
    }
    Ok(())
}

/// Runs scenario `name` in a child process, started through `launcher`
/// (for example `["taskset", "-c", "0"]`; empty for none), and returns its
/// rows; `None` if the launcher is not installed.
pub fn rows(launcher: &[&str], name: &str, mode: Mode) -> io::Result<Option<Vec<Row>>> {
    let exe = std::env::current_exe()?;
    let mut command = match launcher.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(exe);
            command
        }
        None => Command::new(exe),
    };
    let out = match command
        .args(["--child", name, &format!("{mode:?}")])
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "the {name} child run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .map(|line| {
            parse_row(line).ok_or_else(|| io::Error::other(format!("unreadable child row: {line}")))
        })
        .collect::<io::Result<_>>()
        .map(Some)
}

/// One tab-separated row, as [`main`] prints it.
fn parse_row(line: &str) -> Option<Row> {
    let f: Vec<&str> = line.split('\t').collect();
    let num = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok());
    let unit = UNITS
        .iter()
        .find(|unit| Some(**unit) == f.get(3).copied())?;
    let goal = match *f.get(6)? {
        "at-least" => Goal::AtLeast(num(7)?),
        "at-most" => Goal::AtMost(num(7)?),
        "ours-at-most" => Goal::OursAtMost(num(7)?),
        _ => return None,
    };
    Some(Row::new(
        f.first()?,
        f.get(1)?,
        f.get(2)?,
        unit,
        num(4)?,
        num(5)?,
        goal,
    ))
}
