//! `-c`/`-C`: per-syscall counts and latencies. Fixed memory per syscall (a log-linear
//! histogram instead of every sample), so long traces do not grow the tracer.

use std::fmt::Write;

use crate::decode;
use crate::output::json::write_str;

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

struct Stats {
    calls: u64,
    errors: u64,
    total_ns: u64,
    min_ns: u64,
    max_ns: u64,
    hist: Box<[u32; BUCKETS]>,
}

impl Stats {
    fn new() -> Self {
        Stats {
            calls: 0,
            errors: 0,
            total_ns: 0,
            min_ns: u64::MAX,
            max_ns: 0,
            hist: Box::new([0; BUCKETS]),
        }
    }

    fn percentile(&self, p: f64) -> u64 {
        let rank = ((self.calls as f64) * p).ceil().max(1.0) as u64;
        let mut seen = 0u64;
        for (b, &n) in self.hist.iter().enumerate() {
            seen += u64::from(n);
            if seen >= rank {
                return bucket_value(b).clamp(self.min_ns, self.max_ns);
            }
        }
        self.max_ns
    }
}

#[derive(Default)]
pub struct Summary {
    by_nr: Vec<Option<Stats>>,
}

/// One row of the finished table.
pub struct Row {
    pub name: String,
    pub calls: u64,
    pub errors: u64,
    pub total_ns: u64,
    pub avg_ns: u64,
    pub min_ns: u64,
    pub max_ns: u64,
    pub p50_ns: u64,
    pub p99_ns: u64,
}

impl Summary {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a returned call (calls that never returned have no latency and are not counted).
    #[inline]
    pub fn record(&mut self, nr: u64, latency_ns: u64, failed: bool) {
        let i = nr.min(4096) as usize;
        if self.by_nr.len() <= i {
            self.by_nr.resize_with(i + 1, || None);
        }
        let s = self.by_nr[i].get_or_insert_with(Stats::new);
        s.calls += 1;
        s.errors += u64::from(failed);
        s.total_ns += latency_ns;
        s.min_ns = s.min_ns.min(latency_ns);
        s.max_ns = s.max_ns.max(latency_ns);
        s.hist[bucket_of(latency_ns)] += 1;
    }

    /// Rows sorted by total time (then calls, then name, so ties print the same every run).
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
                total_ns: s.total_ns,
                avg_ns: s.total_ns / s.calls.max(1),
                min_ns: s.min_ns,
                max_ns: s.max_ns,
                p50_ns: s.percentile(0.50),
                p99_ns: s.percentile(0.99),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.total_ns
                .cmp(&a.total_ns)
                .then(b.calls.cmp(&a.calls))
                .then(a.name.cmp(&b.name))
        });
        rows
    }

    /// A table in the spirit of `strace -c`, with latencies in microseconds.
    pub fn write_text(&self, out: &mut String) {
        let rows = self.rows();
        let total: u64 = rows.iter().map(|r| r.total_ns).sum();
        let calls: u64 = rows.iter().map(|r| r.calls).sum();
        let errors: u64 = rows.iter().map(|r| r.errors).sum();
        let _ = writeln!(
            out,
            "{:>6} {:>11} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6} syscall",
            "% time",
            "seconds",
            "avg us",
            "min us",
            "max us",
            "p50 us",
            "p99 us",
            "calls",
            "errors",
            "err%",
        );
        let rule = "------ ----------- --------- --------- --------- --------- --------- --------- --------- ------ ----------------";
        let _ = writeln!(out, "{rule}");
        let us = |ns: u64| ns as f64 / 1000.0;
        for r in &rows {
            let pct = if total == 0 {
                0.0
            } else {
                r.total_ns as f64 * 100.0 / total as f64
            };
            let _ =
                writeln!(
                out,
                "{:>6.2} {:>11.6} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9} {:>9} {:>6.1} {}",
                pct,
                r.total_ns as f64 / 1e9,
                us(r.avg_ns),
                us(r.min_ns),
                us(r.max_ns),
                us(r.p50_ns),
                us(r.p99_ns),
                r.calls,
                if r.errors == 0 { String::new() } else { r.errors.to_string() },
                r.errors as f64 * 100.0 / r.calls as f64,
                r.name
            );
        }
        let _ = writeln!(out, "{rule}");
        let avg = total.checked_div(calls).unwrap_or(0);
        let _ = writeln!(
            out,
            "{:>6.2} {:>11.6} {:>9.1} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6.1} total",
            100.0,
            total as f64 / 1e9,
            us(avg),
            "",
            "",
            "",
            "",
            calls,
            if errors == 0 {
                String::new()
            } else {
                errors.to_string()
            },
            if calls == 0 {
                0.0
            } else {
                errors as f64 * 100.0 / calls as f64
            },
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
}

impl crate::output::Sink for SummarySink {
    #[inline]
    fn count(&mut self, nr: u64, latency_ns: u64, failed: bool) {
        self.summary.record(nr, latency_ns, failed);
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
        for i in 1..=100u64 {
            s.record(0, i * 1000, i % 10 == 0);
        }
        s.record(1, 1_000_000, false);
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
