//! `-c`/`-C` and the table's options (`-S`, `-U`, `-O`, `-w`), compared with strace 7.2
//! (`cargo xtask oracle`) on the same programs: the same layout (header, dashes,
//! widths, `total` row), the same rows with the same calls and errors (times differ by
//! nature), the same order rules.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// A table as printed: its header and dash lines, rows and total row, each split into
/// cells (the name last, as the layout has it unless `-U` moves it).
#[derive(Debug)]
struct Table {
    header: String,
    dashes: String,
    rows: Vec<Vec<String>>,
    total: Vec<String>,
    /// Every line, for layout comparisons.
    lines: Vec<String>,
}

fn parse_table(text: &str) -> Table {
    let lines: Vec<String> = text
        .lines()
        .skip_while(|l| {
            !l.starts_with("% time") && !l.starts_with("syscall") && !l.contains(" syscall")
        })
        .map(str::to_owned)
        .collect();
    assert!(lines.len() >= 5, "no table in:\n{text}");
    let cells = |l: &str| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let n = lines.len();
    Table {
        header: lines[0].clone(),
        dashes: lines[1].clone(),
        rows: lines[2..n - 2].iter().map(|l| cells(l)).collect(),
        total: cells(&lines[n - 1]),
        lines,
    }
}

/// Always true: a missing oracle fails the test (see `common::strace72`).
/// strace 7.2's table for `args` (its options, then the command).
fn strace_table(args: &[&str]) -> Table {
    let out = temp_path("strace72-c");
    // Standard streams as `trace` gives ours: the program sees the same descriptors.
    let status = Command::new(strace72())
        .arg("-o")
        .arg(&out)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    parse_table(&text)
}

fn our_table(args: &[&str]) -> Table {
    let t = trace(args);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    parse_table(&t.trace)
}

/// The cells at `columns` of each row (calls and errors, names: what does not depend on
/// time), sorted so that order does not matter.
fn counts(t: &Table, columns: &[usize]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|&i| r.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    v.sort();
    v
}

/// The rows of the default table as (name, calls, errors): errors are blank when zero,
/// so the row has 4 or 5 cells.
fn name_calls_errors(t: &Table) -> Vec<(String, u64, u64)> {
    let mut v: Vec<_> = t
        .rows
        .iter()
        .map(|r| {
            let name = r.last().unwrap().clone();
            let calls = r[3].parse().unwrap();
            let errors = if r.len() == 6 {
                r[4].parse().unwrap()
            } else {
                0
            };
            (name, calls, errors)
        })
        .collect();
    v.sort();
    v
}

fn hello() -> String {
    program("hello").to_string_lossy().into_owned()
}

#[test]
fn default_table_has_straces_layout_rows_and_counts() {
    for cmd in [vec![hello()], vec!["ls".into(), "/".into()]] {
        let mut args = vec!["-c"];
        args.extend(cmd.iter().map(String::as_str));
        let ours = our_table(&args);
        let theirs = strace_table(&args);
        assert_eq!(ours.header, theirs.header);
        assert_eq!(
            ours.header,
            "% time     seconds  usecs/call     calls    errors syscall"
        );
        assert_eq!(ours.dashes, theirs.dashes);
        assert_eq!(ours.lines[ours.lines.len() - 2], theirs.dashes);
        assert_eq!(
            name_calls_errors(&ours),
            name_calls_errors(&theirs),
            "{cmd:?}"
        );
        // The total row: 100.00, then calls and errors as strace counts them.
        assert_eq!(ours.total[0], "100.00");
        assert_eq!(ours.total[3..], theirs.total[3..], "{cmd:?}");
        // Sorted by time, longest first.
        let secs: Vec<f64> = ours.rows.iter().map(|r| r[1].parse().unwrap()).collect();
        assert!(secs.windows(2).all(|w| w[0] >= w[1]), "{secs:?}");
        // Every line of ours has the same width as strace's line for the same row would:
        // the columns are as wide as strace's (names are the last, unpadded column).
        for (l, r) in ours.lines[2..].iter().zip(&ours.rows) {
            let name = r.last().unwrap();
            assert_eq!(
                l.len() - name.len(),
                theirs.header.len() - "syscall".len(),
                "{l}"
            );
        }
    }
}

#[test]
fn sort_orders_match_strace() {
    let h = hello();
    // Orders that do not depend on time are strace's exactly.
    for sort in ["name", "syscall", "nothing", "none"] {
        let ours = our_table(&["-c", "-S", sort, &h]);
        let theirs = strace_table(&["-c", "-S", sort, &h]);
        let names = |t: &Table| {
            t.rows
                .iter()
                .map(|r| r.last().unwrap().clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&ours), names(&theirs), "-S {sort}");
    }
    // By calls and by errors: the same sequence of counts (ties may list names in any
    // order, in strace too).
    for sort in ["calls", "count", "errors"] {
        let ours = our_table(&["-c", "-U", "calls,errors,name", "-S", sort, &h]);
        let theirs = strace_table(&["-c", "-U", "calls,errors,name", "-S", sort, &h]);
        let key = |t: &Table| {
            t.rows
                .iter()
                .map(|r| {
                    let errors = if r.len() == 3 {
                        r[1].clone()
                    } else {
                        "0".into()
                    };
                    if sort == "errors" {
                        errors
                    } else {
                        r[0].clone()
                    }
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&ours), key(&theirs), "-S {sort}");
    }
    // By time, min, max and average: ours in descending order of that column.
    for (sort, col) in [
        ("min-time", 0),
        ("max-time", 1),
        ("avg-time", 2),
        ("total-time", 3),
    ] {
        let ours = our_table(&[
            "-c",
            "-U",
            "min-time,max-time,avg-time,total-time,name",
            "-S",
            sort,
            &h,
        ]);
        let v: Vec<f64> = ours.rows.iter().map(|r| r[col].parse().unwrap()).collect();
        assert!(v.windows(2).all(|w| w[0] >= w[1]), "-S {sort}: {v:?}");
    }
}

#[test]
fn columns_and_their_aliases_are_straces() {
    let h = hello();
    for columns in [
        "time-percent,total-time,min-time,max-time,avg-time,calls,errors,name",
        "name,calls,errors",
        "count,error,syscall_name,shortest,longest,time_avg,time_total,time",
        "calls",
        "wall-total,wall-min,wall-max,wall-avg,name",
    ] {
        let ours = our_table(&["-c", "-U", columns, &h]);
        let theirs = strace_table(&["-c", "-U", columns, &h]);
        assert_eq!(ours.header, theirs.header, "-U {columns}");
        assert_eq!(ours.dashes, theirs.dashes, "-U {columns}");
        let last = ours.lines.len() - 1;
        assert_eq!(ours.lines[last - 1], theirs.lines[theirs.lines.len() - 2]);
        // Where the calls column is, it agrees.
        if let Some(i) = columns
            .split(',')
            .position(|c| c == "calls" || c == "count")
        {
            assert_eq!(counts(&ours, &[i]), counts(&theirs, &[i]), "-U {columns}");
        }
    }
    // Ours, on request only: the median and 99th percentile.
    let ours = our_table(&["-c", "-U", "name,calls,p50,p99", &h]);
    assert_eq!(
        ours.header,
        "syscall              calls   p50 usecs   p99 usecs"
    );
    let plain = our_table(&["-c", &h]);
    assert!(!plain.header.contains("p50"));
}

/// Without `-w` a call's time is the CPU time it used in the kernel; a sleep uses
/// almost none of its latency. With `-w` the table counts the latency.
#[test]
fn wall_clock_counts_latency_and_default_counts_system_time() {
    let sleep = ["-e", "trace=clock_nanosleep", "sleep", "0.2"];
    let row = |extra: &[&str]| {
        let mut args = vec!["-c", "-U", "name,total-time,wall-total"];
        args.extend(extra);
        args.extend(sleep);
        let t = our_table(&args);
        assert_eq!(t.rows.len(), 1, "{:?}", t.lines);
        let r = &t.rows[0];
        assert_eq!(r[0], "clock_nanosleep");
        (r[1].parse::<f64>().unwrap(), r[2].parse::<f64>().unwrap())
    };
    let (system, wall) = row(&[]);
    assert!(wall >= 0.2, "the sleep's latency: {wall}");
    assert!(
        system < wall / 2.0,
        "system time {system} of a {wall}s sleep"
    );
    let (counted, wall) = row(&["-w"]);
    assert!(wall >= 0.2);
    assert_eq!(counted, wall, "-w counts latency");
}

#[test]
fn overhead_is_subtracted_never_below_zero() {
    let h = hello();
    let t = our_table(&["-c", "-w", "-O", "1s", &h]);
    for r in t.rows.iter().chain([&t.total]) {
        assert_eq!(r[1], "0.000000", "{r:?}");
    }
    let t = our_table(&["-c", "-w", "--summary-syscall-overhead=0ns", &h]);
    assert_ne!(t.total[1], "0.000000");
}

#[test]
fn summary_and_trace_and_nothing_counted() {
    let h = hello();
    // -C: the trace, then the table.
    let t = trace(&["-C", &h]);
    assert!(t.trace.contains("openat("), "{}", t.trace);
    assert!(t.trace.find("openat(").unwrap() < t.trace.find("% time").unwrap());
    // Nothing counted: no table, as strace.
    let t = trace(&["-c", "-e", "trace=none", &h]);
    assert_eq!(t.code(), Some(0));
    assert_eq!(t.trace, "");
    let out = Command::new(strace72())
        .args(["-c", "-e", "trace=none", &h])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(out.stderr.is_empty());
}

#[test]
fn bad_values_are_refused_as_strace_refuses_them() {
    let h = hello();
    for (args, line) in [
        (vec!["-c", "-S", "bogus"], "invalid sortby: 'bogus'"),
        (vec!["-c", "-U", "bogus"], "unknown column name: 'bogus'"),
        (
            vec!["-c", "-U", "name,calls,name"],
            "call summary column has been provided more than once: 'name' (-U option residual: 'name')",
        ),
        (vec!["-c", "-O", "bogus"], "invalid -O argument: 'bogus'"),
        (
            vec!["-c", "-C"],
            "-c/--summary-only and -C/--summary are mutually exclusive",
        ),
        (
            vec!["-U", "calls"],
            "-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)",
        ),
        (
            vec!["-w"],
            "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)",
        ),
    ] {
        let mut all = args.clone();
        all.push(&h);
        let t = trace(&all);
        assert_eq!(t.code(), Some(2), "{args:?}");
        assert!(t.stderr().contains(line), "{args:?}: {}", t.stderr());
        assert_eq!(t.stderr().lines().count(), 1, "{}", t.stderr());
    }
    // -S without a table only warns, as strace.
    let t = trace(&["-S", "calls", &h]);
    assert_eq!(t.code(), Some(0));
    assert!(t.stderr().contains("-S/--summary-sort-by has no effect"));
}

/// The CPU times read for the table are recorded: a replay prints the same table.
#[test]
fn a_recorded_summary_replays_identically() {
    let h = hello();
    let rec = temp_path("summary-rec");
    let live = temp_path("summary-live");
    let again = temp_path("summary-again");
    for mode in ["-c", "-C"] {
        let o = tracer()
            .arg("--record")
            .arg(&rec)
            .args([
                mode,
                "-U",
                "name,calls,errors,total-time,max-time,p99",
                "-o",
            ])
            .arg(&live)
            .arg(&h)
            .output()
            .unwrap();
        assert!(o.status.success());
        let o = tracer()
            .arg("replay")
            .arg(&rec)
            .args([
                mode,
                "-U",
                "name,calls,errors,total-time,max-time,p99",
                "-o",
            ])
            .arg(&again)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let live_text = std::fs::read_to_string(&live).unwrap();
        assert!(live_text.lines().last().unwrap().starts_with("total "));
        assert_eq!(
            live_text,
            std::fs::read_to_string(&again).unwrap(),
            "{mode}"
        );
    }
    for p in [rec, live, again] {
        let _ = std::fs::remove_file(p);
    }
}
