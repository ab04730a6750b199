//! The report: medians, ratios and geometric means, the acceptance criteria computed
//! from them, and the markdown that is printed and spliced into docs/BENCHMARKS.md.
use super::configs::{self, Config, Mode, AGAINST, CONFIGS, FLOOR, MODES, OURS, STRACE, UNTRACED};
use super::machine::Machine;
use super::workloads::{Kind, Workload};
use anyhow::{bail, Result};
use std::collections::HashMap;
use std::fmt::Write;

pub struct Sample {
    pub secs: f64,
    pub rss_kib: Option<u64>,
}

pub struct Results {
    /// The workloads that ran, in order.
    pub workloads: Vec<&'static Workload>,
    /// Names of the configurations that could run (the others are "n/a").
    pub available: Vec<&'static str>,
    /// Keyed by (workload name, configuration name).
    pub samples: HashMap<(&'static str, &'static str), Vec<Sample>>,
    pub quick: bool,
    pub runs: usize,
}

/// What one table cell holds.
#[derive(Debug, PartialEq)]
enum Cell {
    /// No configuration for this column in this mode, or none run on this workload.
    Absent,
    /// The configuration needs a flag this build of syscall-tracer lacks.
    Unsupported,
    Secs(f64),
}

impl Results {
    fn median_of(&self, w: &Workload, c: &Config) -> Cell {
        if !self.available.contains(&c.name) {
            return Cell::Unsupported;
        }
        match self.samples.get(&(w.name, c.name)) {
            Some(s) if !s.is_empty() => {
                Cell::Secs(median(&s.iter().map(|s| s.secs).collect::<Vec<_>>()))
            }
            _ => Cell::Absent,
        }
    }

    fn cell(&self, w: &Workload, column: &str, mode: Mode) -> Cell {
        configs::find(column, mode).map_or(Cell::Absent, |c| self.median_of(w, c))
    }

    fn secs(&self, w: &Workload, column: &str, mode: Mode) -> Option<f64> {
        match self.cell(w, column, mode) {
            Cell::Secs(s) => Some(s),
            _ => None,
        }
    }

    /// ours / `column` in `mode` on one workload.
    fn ratio(&self, w: &Workload, column: &str, mode: Mode) -> Option<f64> {
        Some(self.secs(w, OURS, mode)? / self.secs(w, column, mode)?)
    }

    fn timed(&self) -> impl Iterator<Item = &'static Workload> + '_ {
        self.workloads
            .iter()
            .copied()
            .filter(|w| w.kind == Kind::Timed)
    }

    /// Geometric mean of ours / `column` over the timed workloads that have both.
    fn geo_ratio(&self, column: &str, mode: Mode) -> Option<f64> {
        let v: Vec<f64> = self
            .timed()
            .filter_map(|w| self.ratio(w, column, mode))
            .collect();
        geo_mean(&v)
    }

    fn rss_samples(&self, c: &Config) -> Vec<(f64, u64)> {
        self.workloads
            .iter()
            .filter(|w| w.kind == Kind::Rss)
            .filter_map(|w| self.samples.get(&(w.name, c.name)))
            .flatten()
            .filter_map(|s| Some((s.secs, s.rss_kib?)))
            .collect()
    }
}

pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

pub fn geo_mean(v: &[f64]) -> Option<f64> {
    if v.is_empty() || v.iter().any(|x| *x <= 0.0) {
        return None;
    }
    Some((v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp())
}

pub fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{r:.2}x"))
}

fn fmt_cell(c: &Cell) -> String {
    match c {
        Cell::Absent => "—".into(),
        Cell::Unsupported => "n/a".into(),
        Cell::Secs(s) => format!("{:.1}", s * 1000.0),
    }
}

/// A markdown table. `align` has one letter per column, `l` or `r`; columns past its
/// end are right-aligned (they hold numbers).
fn table(header: &[String], rows: &[Vec<String>], align: &str) -> String {
    let mut out = format!("| {} |\n|", header.join(" | "));
    for i in 0..header.len() {
        out.push_str(if align.as_bytes().get(i) == Some(&b'l') {
            "---|"
        } else {
            "---:|"
        });
    }
    out.push('\n');
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out
}

fn mode_label(mode: Mode, w: &Workload) -> String {
    match mode {
        Mode::Filtered => format!("filtered `{}`", w.filter),
        m => m.label().into(),
    }
}

/// ours / each of these. `floor@cpu0` is informational: the floor with the same CPU
/// placement advantage co-location gives ours, so ours/floor@cpu0 is what ours adds to
/// bare ptrace stops, placement aside.
const RATIO_COLUMNS: [&str; 4] = [UNTRACED, STRACE, FLOOR, "floor@cpu0"];

fn main_table(r: &Results) -> String {
    let primary = configs::columns(false);
    // Another build's column and ratio only when `--against` named one.
    let against = r.available.contains(&AGAINST);
    let mut info = configs::columns(true);
    info.retain(|c| *c != AGAINST || against);
    let mut ratio_columns = RATIO_COLUMNS.to_vec();
    if against {
        ratio_columns.push(AGAINST);
    }
    let mut header = vec!["mode".to_string(), "workload".to_string()];
    header.extend(primary.iter().map(|c| format!("{c} ms")));
    header.extend(ratio_columns.iter().map(|c| format!("ours/{c}")));
    header.extend(info.iter().map(|c| format!("{c} ms")));
    let mut rows = Vec::new();
    for mode in MODES {
        let shown = r.workloads.iter().filter(|w| match w.kind {
            Kind::Rss => false,
            Kind::Long => mode == Mode::Filtered,
            Kind::Timed | Kind::Info => true,
        });
        for w in shown {
            let name = match w.kind {
                Kind::Info => format!("{} (info)", w.name),
                Kind::Long => format!("{} (long)", w.name),
                _ => w.name.to_string(),
            };
            let mut row = vec![mode_label(mode, w), name];
            row.extend(primary.iter().map(|c| fmt_cell(&r.cell(w, c, mode))));
            row.extend(ratio_columns.iter().map(|c| fmt_ratio(r.ratio(w, c, mode))));
            row.extend(info.iter().map(|c| fmt_cell(&r.cell(w, c, mode))));
            rows.push(row);
        }
        let mut row = vec![mode.label().to_string(), "**geometric mean**".to_string()];
        row.extend(primary.iter().map(|_| String::new()));
        row.extend(
            ratio_columns
                .iter()
                .map(|c| format!("**{}**", fmt_ratio(r.geo_ratio(c, mode)))),
        );
        row.extend(info.iter().map(|_| String::new()));
        rows.push(row);
    }
    table(&header, &rows, "ll")
}

pub struct Criterion {
    pub what: String,
    pub target: f64,
    pub unit: &'static str,
    pub measured: Option<f64>,
}

impl Criterion {
    pub fn verdict(&self) -> &'static str {
        match self.measured {
            None => "not measured",
            Some(m) if m <= self.target => "PASS",
            Some(_) => "FAIL",
        }
    }
}

/// The acceptance criteria, each computed from this run's medians.
pub fn criteria(r: &Results) -> Vec<Criterion> {
    let ratio = |what: String, target, measured| Criterion {
        what,
        target,
        unit: "x",
        measured,
    };
    // Each timed workload counts through its long variant when it has one (the normal
    // size measures mostly start-up in this mode).
    let filtered_subjects = r.timed().map(|w| {
        r.workloads
            .iter()
            .copied()
            .find(|l| l.kind == Kind::Long && l.lengthens == Some(w.name))
            .unwrap_or(w)
    });
    let worst_filtered = filtered_subjects
        .filter_map(|w| Some((w.name, r.ratio(w, UNTRACED, Mode::Filtered)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let paced = r.timed().find(|w| w.name == "paced");
    let ours = configs::find(OURS, Mode::Full).expect("ours has a full-trace configuration");
    let rss = r.rss_samples(ours);
    let rss_mib = (!rss.is_empty())
        .then(|| median(&rss.iter().map(|s| s.1 as f64 / 1024.0).collect::<Vec<_>>()));
    vec![
        ratio(
            "full trace: ours/strace, geometric mean".into(),
            0.8,
            r.geo_ratio(STRACE, Mode::Full),
        ),
        ratio(
            "full trace: ours/floor, geometric mean".into(),
            1.15,
            r.geo_ratio(FLOOR, Mode::Full),
        ),
        ratio(
            "summary: ours -c / strace -c, geometric mean".into(),
            0.8,
            r.geo_ratio(STRACE, Mode::Summary),
        ),
        ratio(
            format!(
                "filtered: ours/untraced on every workload, long loops (worst: {})",
                worst_filtered.map_or("—", |w| w.0)
            ),
            1.2,
            worst_filtered.map(|w| w.1),
        ),
        ratio(
            "paced (~5,000 syscalls/s), full trace: ours/untraced".into(),
            1.1,
            paced.and_then(|w| r.ratio(w, UNTRACED, Mode::Full)),
        ),
        Criterion {
            what: "tracer peak RSS, 200-thread program, full trace".into(),
            target: 32.0,
            unit: " MiB",
            measured: rss_mib,
        },
    ]
}

fn criteria_table(r: &Results) -> String {
    let header = ["criterion", "target", "measured", "result"].map(String::from);
    let rows: Vec<Vec<String>> = criteria(r)
        .iter()
        .map(|c| {
            let (target, measured) = if c.unit == "x" {
                // Three decimals: a value shown as the target itself must not read as
                // a pass when it is a hair above.
                (
                    format!("≤ {:.2}x", c.target),
                    c.measured.map_or("—".into(), |m| format!("{m:.3}x")),
                )
            } else {
                (
                    format!("≤ {}{}", c.target, c.unit),
                    c.measured
                        .map_or("—".into(), |m| format!("{m:.1}{}", c.unit)),
                )
            };
            vec![
                c.what.clone(),
                target,
                measured,
                format!("**{}**", c.verdict()),
            ]
        })
        .collect();
    table(&header, &rows, "l")
}

/// µs per traced syscall: (traced - untraced) / calls, for every full-trace run.
fn per_syscall_table(r: &Results) -> String {
    let cols: Vec<&Config> = CONFIGS
        .iter()
        .filter(|c| c.column != UNTRACED && c.mode.is_none_or(|m| m == Mode::Full))
        .collect();
    let mut header = vec!["workload".to_string(), "syscalls".to_string()];
    header.extend(cols.iter().map(|c| format!("{} µs", c.name)));
    let untraced = configs::find(UNTRACED, Mode::Full).expect("an untraced configuration");
    let mut rows = Vec::new();
    for w in r.timed() {
        let Some(calls) = w.calls(r.quick) else {
            continue;
        };
        let Cell::Secs(base) = r.median_of(w, untraced) else {
            continue;
        };
        let mut row = vec![w.name.to_string(), calls.to_string()];
        row.extend(cols.iter().map(|c| match r.median_of(w, c) {
            Cell::Secs(s) => format!("{:.1}", (s - base) * 1e6 / calls as f64),
            other => fmt_cell(&other),
        }));
        rows.push(row);
    }
    table(&header, &rows, "l")
}

fn rss_table(r: &Results) -> String {
    let header = [
        "tracer",
        "peak RSS MiB (median)",
        "largest MiB",
        "time ms (median)",
    ]
    .map(String::from);
    let rows: Vec<Vec<String>> = CONFIGS
        .iter()
        .filter(|c| c.rss && r.available.contains(&c.name))
        .filter_map(|c| {
            let s = r.rss_samples(c);
            if s.is_empty() {
                return None;
            }
            let mib: Vec<f64> = s.iter().map(|s| s.1 as f64 / 1024.0).collect();
            let secs: Vec<f64> = s.iter().map(|s| s.0).collect();
            Some(vec![
                c.name.to_string(),
                format!("{:.1}", median(&mib)),
                format!("{:.1}", mib.iter().copied().fold(0.0, f64::max)),
                format!("{:.1}", median(&secs) * 1000.0),
            ])
        })
        .collect();
    table(&header, &rows, "l")
}

fn workloads_table(r: &Results) -> String {
    let header = ["workload", "size", "filtered to", "what it does"].map(String::from);
    let rows: Vec<Vec<String>> = r
        .workloads
        .iter()
        .map(|w| {
            vec![
                w.name.to_string(),
                w.size(r.quick).to_string(),
                format!("`{}`", w.filter),
                w.about.to_string(),
            ]
        })
        .collect();
    table(&header, &rows, "lrll")
}

/// The whole generated section.
pub fn render(r: &Results, machine: &Machine, command: &str) -> String {
    let mut out = String::new();
    if r.quick || r.runs < 3 {
        let _ = writeln!(
            out,
            "> **Provisional**: a sanity pass ({} run(s) per configuration{}); not figures to quote.\n",
            r.runs,
            if r.quick { ", reduced sizes" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "Produced by `{command}` (medians of {} run(s)).\n",
        r.runs
    );
    for (k, v) in machine {
        let _ = writeln!(out, "- {k}: {v}");
    }
    out.push_str("\n#### Workloads\n\n");
    out.push_str(&workloads_table(r));
    out.push_str("\n#### Times (median wall ms) and ratios\n\n");
    out.push_str(&main_table(r));
    out.push_str("\n#### Acceptance criteria\n\n");
    let all_timed = super::workloads::WORKLOADS
        .iter()
        .filter(|w| w.kind == Kind::Timed)
        .count();
    if r.timed().count() < all_timed {
        out.push_str("Only some workloads ran (`--only`): the criteria cover those alone.\n\n");
    }
    out.push_str(&criteria_table(r));
    out.push_str(
        "\n#### Cost per traced syscall (µs, (traced − untraced) / syscalls, full trace)\n\n",
    );
    out.push_str(&per_syscall_table(r));
    out.push_str(
        "\n#### Tracer peak RSS (VmHWM of the tracer process), 200 threads, full trace\n\n",
    );
    out.push_str(&rss_table(r));
    out
}

pub const BEGIN: &str =
    "<!-- bench:begin: generated by `cargo xtask bench --save`, do not edit by hand -->";
pub const END: &str = "<!-- bench:end -->";

/// Replaces what lies between the markers in `doc` with `block`, leaving everything
/// else as it was; with no markers, appends them with the block at the end.
pub fn splice(doc: &str, block: &str) -> Result<String> {
    let begin_key = "<!-- bench:begin";
    match (doc.find(begin_key), doc.find(END)) {
        (None, None) => {
            let sep = if doc.is_empty() || doc.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Ok(format!(
                "{doc}{sep}\n{BEGIN}\n{}\n{END}\n",
                block.trim_end()
            ))
        }
        (Some(b), Some(e)) if b < e => {
            let after_begin = b + doc[b..].find('\n').map_or(doc.len() - b, |i| i + 1);
            if after_begin > e {
                bail!("the begin and end markers share a line");
            }
            Ok(format!(
                "{}{}\n{}",
                &doc[..after_begin],
                block.trim_end(),
                &doc[e..]
            ))
        }
        _ => bail!(
            "the bench markers are incomplete or out of order: expected `{BEGIN}` then `{END}`"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::workloads::WORKLOADS;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[7.0]), 7.0);
    }

    #[test]
    fn geometric_mean() {
        assert!((geo_mean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
        assert!((geo_mean(&[0.5, 2.0, 1.0]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(geo_mean(&[]), None);
        assert_eq!(geo_mean(&[1.0, 0.0]), None);
    }

    #[test]
    fn ratio_formatting() {
        assert_eq!(fmt_ratio(Some(0.8049)), "0.80x");
        assert_eq!(fmt_ratio(Some(12.345)), "12.35x");
        assert_eq!(fmt_ratio(None), "—");
        assert_eq!(fmt_cell(&Cell::Secs(1.23456)), "1234.6");
        assert_eq!(fmt_cell(&Cell::Unsupported), "n/a");
    }

    #[test]
    fn splice_keeps_the_prose() {
        let doc = format!("# T\n\nintro\n\n{BEGIN}\nold\ntable\n{END}\n\nafter\n");
        let out = splice(&doc, "new\n").unwrap();
        assert_eq!(
            out,
            format!("# T\n\nintro\n\n{BEGIN}\nnew\n{END}\n\nafter\n")
        );
        assert_eq!(splice(&out, "new").unwrap(), out, "splicing is idempotent");
    }

    #[test]
    fn splice_appends_markers_when_missing() {
        let out = splice("# T\nprose", "x").unwrap();
        assert_eq!(out, format!("# T\nprose\n\n{BEGIN}\nx\n{END}\n"));
        assert!(splice(&format!("{END}\n{BEGIN}\n"), "x").is_err());
        assert!(splice(&format!("{BEGIN}\n"), "x").is_err());
    }

    fn sample(secs: f64) -> Vec<Sample> {
        vec![Sample {
            secs,
            rss_kib: None,
        }]
    }

    /// Two workloads with made-up medians: the criteria come out of the ratios.
    #[test]
    fn criteria_from_medians() {
        let raw = &WORKLOADS[0];
        let paced = WORKLOADS.iter().find(|w| w.name == "paced").unwrap();
        let mut samples = HashMap::new();
        for (w, untraced, floor, strace, ours, ours_e) in [
            (raw, 0.01, 1.0, 1.0, 0.5, 0.011),
            (paced, 1.0, 1.4, 1.4, 1.05, 1.3),
        ] {
            samples.insert((w.name, "untraced"), sample(untraced));
            samples.insert((w.name, "floor"), sample(floor));
            samples.insert((w.name, "strace"), sample(strace));
            samples.insert((w.name, "ours"), sample(ours));
            samples.insert((w.name, "ours -e"), sample(ours_e));
        }
        let r = Results {
            workloads: vec![raw, paced],
            available: CONFIGS.iter().map(|c| c.name).collect(),
            samples,
            quick: false,
            runs: 1,
        };
        let c = criteria(&r);
        // ours/strace: 0.5 and 0.75 -> sqrt(0.375)
        assert!((c[0].measured.unwrap() - 0.375f64.sqrt()).abs() < 1e-12);
        assert_eq!(c[0].verdict(), "PASS");
        assert_eq!(c[2].verdict(), "not measured");
        // filtered: raw 1.1x, paced 1.3x -> worst is paced, above 1.2
        assert!(c[3].what.contains("paced"));
        assert_eq!(c[3].verdict(), "FAIL");
        assert!((c[4].measured.unwrap() - 1.05).abs() < 1e-12);
        assert_eq!(c[4].verdict(), "PASS");
        assert_eq!(c[5].verdict(), "not measured");
        let text = main_table(&r);
        assert!(
            text.contains(
                "| full | raw_loop | 10.0 | 1000.0 | 1000.0 | 500.0 | 50.00x | 0.50x | 0.50x |"
            ),
            "{text}"
        );
    }
}
