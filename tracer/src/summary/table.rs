//! The table as strace 7.2 prints it (its `call_summary_pers`): each column as wide as
//! its header or its widest value, one space between columns, names left-aligned and
//! unpadded when last, errors blank when zero, dashes above and below the rows, then
//! the `total` row.

use std::fmt::Write;

use super::{Column, Row};

const NS_PER_SEC: u64 = 1_000_000_000;

/// Seconds as strace's `ts_float` makes them from a timespec.
fn secs(ns: u64) -> f64 {
    (ns / NS_PER_SEC) as f64 + (ns % NS_PER_SEC) as f64 / 1e9
}

/// Whole microseconds as strace prints `usecs/call`: the float, truncated.
fn usecs(ns: u64) -> u64 {
    (secs(ns) * 1e6) as u64
}

/// Sorts by one column: times and counts descending, names ascending; the sort is
/// stable, so ties keep syscall-number order.
pub fn sort(rows: &mut [Row], by: Column) {
    use Column::*;
    let key = |r: &Row| -> u64 {
        match by {
            TimePercent | TotalTime => r.total_ns,
            MinTime => r.min_ns,
            MaxTime => r.max_ns,
            AvgTime => r.avg_ns,
            Calls => r.calls,
            Errors => r.errors,
            WallTotal => r.wall_total_ns,
            WallMin => r.wall_min_ns,
            WallMax => r.wall_max_ns,
            WallAvg => r.wall_avg_ns,
            P50 => r.p50_ns,
            P99 => r.p99_ns,
            Name => 0,
        }
    };
    if by == Name {
        rows.sort_by(|a, b| a.name.as_bytes().cmp(b.name.as_bytes()));
    } else {
        rows.sort_by_key(|r| std::cmp::Reverse(key(r)));
    }
}

/// The header of a column and its least width.
fn header(c: Column) -> (&'static str, usize) {
    use Column::*;
    match c {
        TimePercent => ("% time", 6),
        TotalTime => ("seconds", 11),
        MinTime => ("shortest", 8),
        MaxTime => ("longest", 7),
        AvgTime => ("usecs/call", 11),
        Calls => ("calls", 9),
        Errors => ("errors", 9),
        Name => ("syscall", 16),
        WallTotal => ("wall-total", 11),
        WallMin => ("wall-min", 8),
        WallMax => ("wall-max", 8),
        WallAvg => ("wall-avg", 11),
        P50 => ("p50 usecs", 11),
        P99 => ("p99 usecs", 11),
    }
}

/// The values of the `total` row, which also size the columns.
struct Totals {
    time_ns: u64,
    min_ns: u64,
    max_ns: u64,
    /// The largest per-row shortest call and average: they size those columns.
    min_max_ns: u64,
    avg_max_ns: u64,
    wall_ns: u64,
    wall_min_ns: u64,
    wall_max_ns: u64,
    wall_min_max_ns: u64,
    wall_avg_max_ns: u64,
    calls: u64,
    errors: u64,
    name_max: usize,
    p50_ns: u64,
    p99_ns: u64,
    p_max_ns: u64,
}

impl Totals {
    fn of(rows: &[Row], (p50_ns, p99_ns): (u64, u64)) -> Totals {
        let max = |f: fn(&Row) -> u64| rows.iter().map(f).max().unwrap_or(0);
        let min = |f: fn(&Row) -> u64| rows.iter().map(f).min().unwrap_or(0);
        let sum = |f: fn(&Row) -> u64| rows.iter().map(f).sum::<u64>();
        Totals {
            time_ns: sum(|r| r.total_ns),
            min_ns: min(|r| r.min_ns),
            max_ns: max(|r| r.max_ns),
            min_max_ns: max(|r| r.min_ns),
            avg_max_ns: max(|r| r.avg_ns),
            wall_ns: sum(|r| r.wall_total_ns),
            wall_min_ns: min(|r| r.wall_min_ns),
            wall_max_ns: max(|r| r.wall_max_ns),
            wall_min_max_ns: max(|r| r.wall_min_ns),
            wall_avg_max_ns: max(|r| r.wall_avg_ns),
            calls: sum(|r| r.calls),
            errors: sum(|r| r.errors),
            name_max: rows.iter().map(|r| r.name.len()).max().unwrap_or(0),
            p50_ns,
            p99_ns,
            p_max_ns: max(|r| r.p99_ns.max(r.p50_ns)).max(p99_ns),
        }
    }

    /// A column's width: its header's, or its widest value's (as strace sizes it).
    fn width(&self, c: Column) -> usize {
        use Column::*;
        let whole_secs = |ns: u64| format!("{}.000000", ns / NS_PER_SEC).len();
        let value = match c {
            TimePercent => 6,
            TotalTime => format!("{:.6}", secs(self.time_ns)).len(),
            MinTime => whole_secs(self.min_max_ns),
            MaxTime => whole_secs(self.max_ns),
            AvgTime => usecs(self.avg_max_ns).to_string().len(),
            Calls => self.calls.to_string().len(),
            Errors => self.errors.to_string().len(),
            Name => self.name_max + 1,
            WallTotal => format!("{:.6}", secs(self.wall_ns)).len(),
            WallMin => whole_secs(self.wall_min_max_ns),
            WallMax => whole_secs(self.wall_max_ns),
            WallAvg => usecs(self.wall_avg_max_ns).to_string().len(),
            P50 | P99 => usecs(self.p_max_ns).to_string().len(),
        };
        header(c).1.max(value)
    }
}

/// One cell, `width` wide (the last name column unpadded).
fn cell(out: &mut String, c: Column, text: &str, width: usize, last: bool) {
    let _ = match (c, last) {
        (Column::Name, true) => write!(out, "{text}"),
        (Column::Name, false) => write!(out, "{text:<width$}"),
        _ => write!(out, "{text:>width$}"),
    };
}

/// A row's cells: what strace prints in each column.
fn cells(c: Column, r: &Row, percent: f64) -> String {
    use Column::*;
    match c {
        TimePercent => format!("{percent:.2}"),
        TotalTime => format!("{:.6}", secs(r.total_ns)),
        MinTime => format!("{:.6}", secs(r.min_ns)),
        MaxTime => format!("{:.6}", secs(r.max_ns)),
        AvgTime => usecs(r.avg_ns).to_string(),
        Calls => r.calls.to_string(),
        // strace's `%.0lu`: zero prints as nothing.
        Errors if r.errors == 0 => String::new(),
        Errors => r.errors.to_string(),
        Name => r.name.clone(),
        WallTotal => format!("{:.6}", secs(r.wall_total_ns)),
        WallMin => format!("{:.6}", secs(r.wall_min_ns)),
        WallMax => format!("{:.6}", secs(r.wall_max_ns)),
        WallAvg => usecs(r.wall_avg_ns).to_string(),
        P50 => usecs(r.p50_ns).to_string(),
        P99 => usecs(r.p99_ns).to_string(),
    }
}

fn dashes(out: &mut String, columns: &[Column], widths: &[usize]) {
    for (i, _) in columns.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(std::iter::repeat_n('-', widths[i]));
    }
    out.push('\n');
}

/// The whole table for `rows` (already in order); `overall` is the p50 and p99 of all
/// calls, for the `total` row.
pub fn write(out: &mut String, rows: &[Row], columns: &[Column], overall: (u64, u64)) {
    let t = Totals::of(rows, overall);
    let widths: Vec<usize> = columns.iter().map(|&c| t.width(c)).collect();
    let last = columns.len() - 1;
    let line = |out: &mut String, text: &dyn Fn(Column) -> String| {
        for (i, &c) in columns.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            cell(out, c, &text(c), widths[i], i == last);
        }
        out.push('\n');
    };
    line(out, &|c| header(c).0.to_string());
    dashes(out, columns, &widths);
    let cum = secs(t.time_ns);
    for r in rows {
        let mut percent = 100.0 * secs(r.total_ns);
        // strace divides only a non-zero share: 0/0 would be NaN.
        if percent != 0.0 {
            percent /= cum;
        }
        line(out, &|c| cells(c, r, percent));
    }
    dashes(out, columns, &widths);
    let avg = |total_ns: u64| ((secs(total_ns) / t.calls as f64) * 1e6) as u64;
    line(out, &|c| {
        use Column::*;
        match c {
            TimePercent => format!("{:.2}", 100.0),
            TotalTime => format!("{:.6}", cum),
            MinTime => format!("{:.6}", secs(t.min_ns)),
            MaxTime => format!("{:.6}", secs(t.max_ns)),
            AvgTime => avg(t.time_ns).to_string(),
            Calls => t.calls.to_string(),
            Errors if t.errors == 0 => String::new(),
            Errors => t.errors.to_string(),
            Name => "total".to_string(),
            WallTotal => format!("{:.6}", secs(t.wall_ns)),
            WallMin => format!("{:.6}", secs(t.wall_min_ns)),
            WallMax => format!("{:.6}", secs(t.wall_max_ns)),
            WallAvg => avg(t.wall_ns).to_string(),
            P50 => usecs(t.p50_ns).to_string(),
            P99 => usecs(t.p99_ns).to_string(),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, calls: u64, errors: u64, total_ns: u64) -> Row {
        Row {
            name: name.into(),
            calls,
            errors,
            total_ns,
            avg_ns: total_ns / calls,
            min_ns: total_ns / calls,
            max_ns: total_ns / calls,
            wall_total_ns: total_ns,
            wall_avg_ns: total_ns / calls,
            wall_min_ns: total_ns / calls,
            wall_max_ns: total_ns / calls,
            p50_ns: total_ns / calls,
            p99_ns: total_ns / calls,
        }
    }

    /// strace 7.2's `-c` output for the same figures, byte for byte.
    #[test]
    fn default_layout_is_straces() {
        let rows = [
            row("mmap", 30, 0, 1_047_000),
            row("openat", 34, 13, 586_000),
        ];
        let mut out = String::new();
        write(&mut out, &rows, super::super::DEFAULT_COLUMNS, (0, 0));
        assert_eq!(
            out,
            "\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 64.12    0.001047          34        30           mmap
 35.88    0.000586          17        34        13 openat
------ ----------- ----------- --------- --------- ----------------
100.00    0.001633          25        64        13 total
"
        );
    }

    #[test]
    fn name_first_is_padded_and_order_follows_columns() {
        let rows = [row("set_tid_address", 1, 0, 14_000)];
        let mut out = String::new();
        use Column::*;
        write(&mut out, &rows, &[Name, Calls, MinTime], (0, 0));
        assert_eq!(
            out,
            "\
syscall              calls shortest
---------------- --------- --------
set_tid_address          1 0.000014
---------------- --------- --------
total                    1 0.000014
"
        );
    }
}
