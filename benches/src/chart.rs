//! docs/benchmarks.svg: every ratio against its target line.

use std::io;
use std::path::Path;

use plotters::prelude::*;

use crate::report::{Goal, Report};

/// One horizontal bar per row: the ratio ours/peer (or, for an absolute
/// goal, ours/limit), a marker at the target, green when met.
pub fn write(report: &Report, path: &Path) -> io::Result<()> {
    let rows = &report.rows;
    let height = 80 + 34 * rows.len() as u32;
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(io::Error::other)?;
    let values: Vec<(f64, f64)> = rows
        .iter()
        .map(|row| match row.goal {
            Goal::AtLeast(t) | Goal::AtMost(t) => (row.ratio(), t),
            Goal::OursAtMost(limit) => (row.ours_median / limit, 1.0),
        })
        .collect();
    let max = values.iter().map(|(v, t)| v.max(*t)).fold(1.0, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "sockets: ours / peer (bars) against targets (black marks)",
            ("sans-serif", 20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(470)
        .build_cartesian_2d(0.0..max, (0..rows.len()).into_segmented())
        .map_err(io::Error::other)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .y_labels(rows.len())
        .y_label_formatter(&|value| match value {
            SegmentValue::CenterOf(i) => rows
                .get(*i)
                .map(|r| format!("{}: {} vs {}", r.scenario, r.ours, r.peer))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("ours / peer: throughput rows must reach the mark, time rows (µs) stay at or below it; memory: ours / limit")
        .draw()
        .map_err(io::Error::other)?;
    for (i, (row, (value, target))) in rows.iter().zip(&values).enumerate() {
        let color = if row.met() {
            GREEN.mix(0.7)
        } else {
            RED.mix(0.7)
        };
        let (low, high) = (SegmentValue::Exact(i), SegmentValue::Exact(i + 1));
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, low), (*value, high)],
                color.filled(),
            )))
            .map_err(io::Error::other)?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![
                    (*target, SegmentValue::Exact(i)),
                    (*target, SegmentValue::Exact(i + 1)),
                ],
                BLACK.stroke_width(3),
            )))
            .map_err(io::Error::other)?;
    }
    root.present().map_err(io::Error::other)
}
