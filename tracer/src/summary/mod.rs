//! `-c`/`-C`: per-syscall counts and times, printed as strace 7.2's table (`-S` order,
//! `-U` columns, `-O` overhead, `-w` latency instead of system time). Fixed memory per
//! syscall (a log-linear histogram instead of every sample, for our p50/p99 columns), so
//! long traces do not grow the tracer.

mod options;
mod table;

use std::fmt::Write;

use crate::decode;
use crate::output::json::write_str;

pub use crate::output::CallTime;
pub use options::{parse_columns, parse_overhead, parse_sort, Column, DEFAULT_COLUMNS};

/// Sub-buckets per power of two: percentiles are exact to within 1/16 (6.25%).
const SUB_BITS: u32 = 4;
const SUB: usize = 1 << SUB_BITS;
const BUCKETS: usize = (64 - SUB_BITS as usize + 1) * SUB;

fn bucket_of(v: u64) -> usize {
    if v < SUB as u64 {
        return v as usize;
    }
    let exp = 63 - v.leading_zeros();
    let sub = ((v >> (exp - SUB_BITS)) as usize) & (SUB - 1);
    (exp - SUB_BITS + 1) as usize * SUB + sub
}

/// The middle of a bucket's range, the value reported for percentiles.
fn bucket_value(b: usize) -> u64 {
    if b < SUB {
        return b as u64;
    }
    let exp = (b / SUB) as u32 + SUB_BITS - 1;
    let sub = (b % SUB) as u64;
    let low = (1u64 << exp) | (sub << (exp - SUB_BITS));
    let width = 1u64 << (exp - SUB_BITS);
    low + width / 2
}

/// How the table is made: strace's `-S`, `-U`, `-O` and `-w`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryOptions {
    /// `-S`: the order, by a column (descending; names ascending), or `None` for
    /// syscall-number order (`-S nothing`).
    pub sort: Option<Column>,
    /// `-U`: the columns, in order.
    pub columns: Vec<Column>,
    /// `-O`: subtracted from each call's times (never below zero).
    pub overhead_ns: u64,
    /// `-w`: count latency instead of system time.
    pub wall_clock: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            sort: Some(Column::TimePercent),
            columns: DEFAULT_COLUMNS.to_vec(),
            overhead_ns: 0,
            wall_clock: false,
        }
    }
}

/// Totals, extremes and a histogram of one kind of time.
#[derive(Clone, Copy)]
struct Times {
    total_ns: u64,
    min_ns: u64,
    max_ns: u64,
}

impl Times {
    const EMPTY: Times = Times {
        total_ns: 0,
        min_ns: u64::MAX,
        max_ns: 0,
    };

    fn add(&mut self, ns: u64) {
        self.total_ns += ns;
        self.min_ns = self.min_ns.min(ns);
        self.max_ns = self.max_ns.max(ns);
    }
}

struct Stats {
    calls: u64,
    errors: u64,
    /// What the table counts: system time, or latency with `-w`.
    time: Times,
    /// Latency, for the `wall-*` columns.
    wall: Times,
    hist: Box<[u32; BUCKETS]>,
}

impl Stats {
    fn new() -> Self {
        Stats {
            calls: 0,
            errors: 0,
            time: Times::EMPTY,
            wall: Times::EMPTY,
            hist: Box::new([0; BUCKETS]),
        }
    }
}

/// The value at quantile `p` of a histogram holding `calls` values in `[min, max]`.
fn percentile(hist: &[u32; BUCKETS], calls: u64, p: f64, min: u64, max: u64) -> u64 {
    let rank = ((calls as f64) * p).ceil().max(1.0) as u64;
    let mut seen = 0u64;
    for (b, &n) in hist.iter().enumerate() {
        seen += u64::from(n);
        if seen >= rank {
            return bucket_value(b).clamp(min, max);
        }
    }
    max
}

#[derive(Default)]
pub struct Summary {
    by_nr: Vec<Option<Stats>>,
    options: SummaryOptions,
}

/// One row of the finished table (times in nanoseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub calls: u64,
    pub errors: u64,
    pub total_ns: u64,
    pub avg_ns: u64,
    pub min_ns: u64,
    pub max_ns: u64,
    pub wall_total_ns: u64,
    pub wall_avg_ns: u64,
    pub wall_min_ns: u64,
    pub wall_max_ns: u64,
    pub p50_ns: u64,
    pub p99_ns: u64,
}

impl Summary {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_options(options: SummaryOptions) -> Self {
        Summary {
            by_nr: Vec::new(),
            options,
        }
    }

    /// Counts a returned call (calls that never returned have no time and are not counted).
    #[inline]
    pub fn record(&mut self, nr: u64, time: CallTime, failed: bool) {
        let overhead = self.options.overhead_ns;
        let wall = time.wall_ns.saturating_sub(overhead);
        let counted = match (self.options.wall_clock, time.system_ns) {
            (false, Some(system)) => system.saturating_sub(overhead),
            _ => wall,
        };
        let i = nr.min(4096) as usize;
        if self.by_nr.len() <= i {
            self.by_nr.resize_with(i + 1, || None);
        }
        let s = self.by_nr[i].get_or_insert_with(Stats::new);
        s.calls += 1;
        s.errors += u64::from(failed);
        s.time.add(counted);
        s.wall.add(wall);
        s.hist[bucket_of(counted)] += 1;
    }

    /// Rows in the `-S` order; ties (and `-S nothing`) in syscall-number order.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = self
            .by_nr
            .iter()
            .enumerate()
            .filter_map(|(nr, s)| s.as_ref().map(|s| (nr, s)))
            .map(|(nr, s)| Row {
                name: decode::syscall_name(nr as u64)
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("syscall_{nr:#x}")),
                calls: s.calls,
                errors: s.errors,
                total_ns: s.time.total_ns,
                avg_ns: s.time.total_ns / s.calls.max(1),
                min_ns: s.time.min_ns,
                max_ns: s.time.max_ns,
                wall_total_ns: s.wall.total_ns,
                wall_avg_ns: s.wall.total_ns / s.calls.max(1),
                wall_min_ns: s.wall.min_ns,
                wall_max_ns: s.wall.max_ns,
                p50_ns: percentile(&s.hist, s.calls, 0.50, s.time.min_ns, s.time.max_ns),
                p99_ns: percentile(&s.hist, s.calls, 0.99, s.time.min_ns, s.time.max_ns),
            })
            .collect();
        if let Some(by) = self.options.sort {
            table::sort(&mut rows, by);
        }
        rows
    }

    /// The median and 99th percentile of every counted call, for the `total` row.
    fn overall_percentiles(&self) -> (u64, u64) {
        let mut hist = Box::new([0u32; BUCKETS]);
        let (mut calls, mut min, mut max) = (0, u64::MAX, 0);
        for s in self.by_nr.iter().flatten() {
            for (all, one) in hist.iter_mut().zip(s.hist.iter()) {
                *all = all.saturating_add(*one);
            }
            calls += s.calls;
            min = min.min(s.time.min_ns);
            max = max.max(s.time.max_ns);
        }
        (
            percentile(&hist, calls, 0.50, min, max),
            percentile(&hist, calls, 0.99, min, max),
        )
    }

    /// strace's table, byte for byte in its layout; nothing when no call was counted
    /// (as strace).
    pub fn write_text(&self, out: &mut String) {
        let rows = self.rows();
        if rows.is_empty() {
            return;
        }
        table::write(
            out,
            &rows,
            &self.options.columns,
            self.overall_percentiles(),
        );
    }

    /// One JSON object: `{"event":"summary","syscalls":[...],"total":{...}}`.
    pub fn write_json(&self, out: &mut String) {
        let rows = self.rows();
        out.push_str("{\"event\":\"summary\",\"syscalls\":[");
        for (i, r) in rows.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"syscall\":");
            write_str(out, &r.name);
            let _ = write!(
                out,
                ",\"calls\":{},\"errors\":{},\"error_rate\":{},\"total_ns\":{},\"avg_ns\":{},\"min_ns\":{},\"max_ns\":{},\"p50_ns\":{},\"p99_ns\":{}}}",
                r.calls,
                r.errors,
                r.errors as f64 / r.calls as f64,
                r.total_ns,
                r.avg_ns,
                r.min_ns,
                r.max_ns,
                r.p50_ns,
                r.p99_ns
            );
        }
        let total: u64 = rows.iter().map(|r| r.total_ns).sum();
        let calls: u64 = rows.iter().map(|r| r.calls).sum();
        let errors: u64 = rows.iter().map(|r| r.errors).sum();
        let _ = writeln!(
            out,
            "],\"total\":{{\"calls\":{calls},\"errors\":{errors},\"total_ns\":{total}}}}}"
        );
    }
}

/// The `-c`/`-C` sink: counts returned calls, and writes the table when the trace ends
/// (after the trace itself, in the same stream).
pub struct SummarySink {
    summary: Summary,
    out: crate::output::SharedOut,
    format: crate::output::Format,
}

impl SummarySink {
    pub fn new(out: crate::output::SharedOut, format: crate::output::Format) -> Self {
        SummarySink {
            summary: Summary::new(),
            out,
            format,
        }
    }

    /// The table made as `-S`, `-U`, `-O` and `-w` ask.
    pub fn with_options(mut self, options: SummaryOptions) -> Self {
        self.summary = Summary::with_options(options);
        self
    }
}

impl crate::output::Sink for SummarySink {
    #[inline]
    fn count(&mut self, nr: u64, time: CallTime, failed: bool) {
        self.summary.record(nr, time, failed);
    }

    fn finish(&mut self) {
        let mut s = String::new();
        match self.format {
            crate::output::Format::Text | crate::output::Format::Strace => {
                self.summary.write_text(&mut s)
            }
            crate::output::Format::Json => self.summary.write_json(&mut s),
        }
        self.out.write(s.as_bytes());
        self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_monotonic_and_close() {
        let mut last = 0;
        for v in [
            0u64,
            1,
            15,
            16,
            17,
            31,
            32,
            100,
            1000,
            12345,
            1 << 40,
            u64::MAX / 2,
        ] {
            let b = bucket_of(v);
            assert!(b >= last && b < BUCKETS);
            last = b;
            let mid = bucket_value(b);
            assert!(
                mid.abs_diff(v) as f64 <= v as f64 / 16.0 + 1.0,
                "{v} -> {mid}"
            );
        }
    }

    #[test]
    fn percentiles_and_sorting() {
        let mut s = Summary::new();
        let wall = |ns| CallTime {
            wall_ns: ns,
            system_ns: None,
        };
        for i in 1..=100u64 {
            s.record(0, wall(i * 1000), i % 10 == 0);
        }
        s.record(1, wall(1_000_000), false);
        let rows = s.rows();
        assert_eq!(rows[0].calls, 100);
        assert_eq!(rows[0].errors, 10);
        assert_eq!((rows[0].min_ns, rows[0].max_ns), (1000, 100_000));
        assert!(rows[0].p50_ns.abs_diff(50_000) <= 50_000 / 16);
        assert!(rows[0].p99_ns.abs_diff(99_000) <= 99_000 / 16);
        let mut t = String::new();
        s.write_text(&mut t);
        assert!(t.lines().last().unwrap().ends_with("total"));
        let mut j = String::new();
        s.write_json(&mut j);
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["total"]["calls"], 101);
    }
}
