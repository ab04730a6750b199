//! `--record` and `replay`: a recording replayed with the same display options prints
//! exactly what the live run printed (text and JSON); narrower options print a subset;
//! a damaged recording gets one error line, never a panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use common::{program, temp_path, tracer};

/// Traces `replay_mix` with `opts`, recording; returns the live trace and the recording.
fn record(opts: &[&str]) -> (String, PathBuf, Output) {
    let live = temp_path("live");
    let rec = temp_path("rec");
    let output = tracer()
        .arg("--record")
        .arg(&rec)
        .arg("-o")
        .arg(&live)
        .args(opts)
        .arg("--")
        .arg(program("replay_mix"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "live run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&live).unwrap();
    let _ = std::fs::remove_file(&live);
    (text, rec, output)
}

/// Replays `rec` with `opts`; returns the trace and the tracer's own output.
fn replay(rec: &Path, opts: &[&str]) -> (String, Output) {
    replay_in_zone(rec, opts, None)
}

/// The same, with `TZ` set for the replaying tracer (another machine's local time).
fn replay_in_zone(rec: &Path, opts: &[&str], tz: Option<&str>) -> (String, Output) {
    let out = temp_path("replayed");
    let mut cmd = tracer();
    if let Some(tz) = tz {
        cmd.env("TZ", tz);
    }
    let output = cmd
        .arg("replay")
        .arg(rec)
        .arg("-o")
        .arg(&out)
        .args(opts)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (text, output)
}

/// The live trace holds what the comparison is about, so equality is not trivial.
fn assert_rich(live: &str, json: bool) {
    let needles: &[&str] = if json {
        &[
            "\"syscall_entry\"",
            "SIGUSR1",
            "if_nametoindex",
            "NETLINK_ROUTE",
            "socketpair",
        ]
    } else {
        &[
            "<unfinished ...>",
            "resumed>",
            "--- SIGUSR1",
            "+++ exited with 3 +++",
            "if_nametoindex(\\\"lo\\\")",
            "</etc/hostname>",
            "NETLINK_ROUTE",
            "socketpair(AF_UNIX",
            "clone3(",
        ]
    };
    for n in needles {
        let n = if json {
            n.to_string()
        } else {
            n.replace("\\\"", "\"")
        };
        assert!(live.contains(&n), "the live trace lacks {n}:\n{live}");
    }
    let marker = if json { "\"tid\":" } else { " tid=" };
    let tids: std::collections::BTreeSet<&str> = live
        .lines()
        .filter_map(|l| l.split(marker).nth(1)?.split([' ', ',']).next())
        .collect();
    assert!(tids.len() >= 3, "threads and a child: {tids:?}");
}

/// Records a run with `opts`, replays it with the same options (with `TZ` set to `tz`
/// for the replay), and returns both traces after checking the replay succeeded.
fn live_and_replayed(opts: &[&str], tz: Option<&str>) -> (String, String) {
    let (live, rec, _) = record(opts);
    let (replayed, out) = replay_in_zone(&rec, opts, tz);
    let _ = std::fs::remove_file(&rec);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (live, replayed)
}

/// Replayed on "another machine": another time zone (a POSIX TZ string, so no tzdata is
/// needed) changes neither the `-tt` times nor the dates decoded inside calls.
#[test]
fn replayed_text_equals_the_live_text_byte_for_byte() {
    let (live, replayed) = live_and_replayed(&["-y", "-tt"], Some("JST-9"));
    assert_rich(&live, false);
    assert_eq!(replayed, live);
}

#[test]
fn replayed_json_equals_the_live_json_byte_for_byte() {
    let (live, replayed) = live_and_replayed(&["--json", "-y", "-ttt"], None);
    assert_rich(&live, true);
    assert_eq!(replayed, live);
}

#[test]
fn replayed_fixed_ts_and_summary_equal_the_live_run() {
    let (live, replayed) = live_and_replayed(&["--fixed-ts", "-C"], None);
    assert!(
        live.contains("pid=1000 tid=1000") && live.contains("total"),
        "{live}"
    );
    assert_eq!(replayed, live);
}

/// A filter at replay narrows: the lines it keeps are the live run's lines of those calls.
#[test]
fn a_filter_at_replay_shows_the_recorded_lines_of_those_calls() {
    let (live, rec, _) = record(&["-y"]);
    let (replayed, out) = replay(&rec, &["-y", "-e", "trace=socket,sendto,kill"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wanted = |l: &&str| {
        ["socket(", "sendto(", "kill("]
            .iter()
            .any(|c| l.contains(&format!("tid={} {c}", tid_of(l))))
    };
    let expected: Vec<&str> = live.lines().filter(wanted).collect();
    // Signals and deaths are shown whatever the syscall filter.
    let got: Vec<&str> = replayed
        .lines()
        .filter(|l| !l.contains(" +++") && !l.contains(" --- "))
        .collect();
    assert!(expected.len() >= 4, "{live}");
    assert_eq!(got, expected);
    let _ = std::fs::remove_file(&rec);
}

fn tid_of(line: &str) -> &str {
    line.split(" tid=")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or("")
}

/// A recording cut short (a killed tracer) replays up to the cut, then says so; garbage
/// is refused in one line with exit code 2.
#[test]
fn damaged_recordings_get_one_error_line() {
    let (live, rec, _) = record(&[]);
    let bytes = std::fs::read(&rec).unwrap();
    let cut = temp_path("cut");
    std::fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let (replayed, out) = replay(&cut, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("truncated or corrupt at byte"), "{err}");
    let first = replayed.lines().count();
    assert!(
        first > 10 && live.starts_with(&replayed),
        "a prefix of the live trace"
    );

    std::fs::write(&cut, b"hello, world").unwrap();
    let (_, out) = replay(&cut, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        err.trim(),
        format!(
            "error: recording '{}': not a syscall-tracer recording (no STRECORD header)",
            cut.display()
        )
    );
    let (_, out) = replay(Path::new("/nonexistent/rec"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_file(&rec);
    let _ = std::fs::remove_file(&cut);
}

#[test]
fn replay_refuses_options_that_steer_tracing() {
    for (opts, what) in [
        (&["--seed", "1"][..], "--seed"),
        (&["-p", "1"][..], "-p"),
        (&["--no-seccomp"][..], "--no-seccomp"),
    ] {
        let (_, out) = replay(Path::new("/nonexistent/rec"), opts);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(
            err.trim(),
            format!("error: replay takes display options only, not {what}")
        );
    }
}

/// A recording that cannot be written (a full disk) stops tracing like a failed trace
/// output: one error line, exit 1, and the program, let go of, runs to its end.
#[test]
fn a_recording_that_cannot_be_written_stops_tracing_and_says_so() {
    let out = tracer()
        .args(["--record", "/dev/full", "-o", "/dev/null", "--"])
        .args(["sh", "-c", "echo start; echo end"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim(),
        "error: writing recording /dev/full: No space left on device"
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "start\nend\n");
}
