//! `--fixed-ts` renumbers exactly the values the syscall table types as pids or tids (in
//! arguments, returns, siginfo and struct fields), never a number inside a string or a
//! count that happens to equal a pid; the tracer's own pid, a launched program's parent,
//! shows as 999.

mod common;

use std::collections::HashMap;

use common::*;
use serde_json::Value;

/// The real numbers `pid_text` printed, by what they are (`bytes` is its own pid).
fn printed(stdout: &str) -> HashMap<String, i64> {
    stdout
        .lines()
        .filter_map(|l| {
            let (n, what) = l.split_once(' ')?;
            Some((what.to_owned(), n.parse().ok()?))
        })
        .collect()
}

/// `pid=P call(...) = result`, without the latency.
fn calls(t: &Traced) -> Vec<String> {
    t.lines()
        .iter()
        .map(|l| {
            let rest = l.rest.strip_suffix(" (0.000001s)").unwrap_or(&l.rest);
            format!("pid={} {rest}", l.pid)
        })
        .collect()
}

/// `write(1, "<n> <what>\n", len) = len` as strace prints it.
fn write_line(n: i64, what: &str) -> String {
    let len = format!("{n} {what}\n").len();
    format!("write(1, \"{n} {what}\\n\", {len}) = {len}")
}

#[test]
fn pids_are_renumbered_where_the_table_says_and_nowhere_else() {
    let prog = program("pid_text");
    let t = trace(&["--fixed-ts", "--", prog.to_str().unwrap()]);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let real = printed(&t.stdout());
    let (me, parent, child) = (real["bytes"], real["parent bytes"], real["child bytes"]);
    assert_eq!(real["thread bytes"], me);
    assert_eq!(real["reaped bytes"], child);
    let calls = calls(&t);
    let has = |want: &str| {
        assert!(
            calls.iter().any(|c| c == want),
            "no line {want:?} in:\n{}",
            t.trace
        )
    };
    // Pid-typed returns and arguments show display numbers; the tracer is the parent.
    has("pid=1000 getpid() = 1000");
    has("pid=1000 gettid() = 1000");
    has("pid=1000 getppid() = 999");
    has("pid=1000 setpgid(0, 0) = 0");
    has("pid=1000 kill(1001, 0) = 0");
    has("pid=1000 kill(-1000, 0) = 0");
    has("pid=1000 wait4(1001, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 1001");
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("pid=1000 clone(") && c.ends_with(") = 1001")),
        "fork's clone returns the child's display number:\n{}",
        t.trace
    );
    assert!(
        t.trace
            .contains("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1001, "),
        "si_pid renumbered:\n{}",
        t.trace
    );
    // The same numbers written as text keep their real values, and so does a count (and
    // the return) that equals the pid without being one.
    has(&format!("pid=1000 {}", write_line(me, "bytes")));
    has(&format!("pid=1000 {}", write_line(me, "thread bytes")));
    has(&format!("pid=1000 {}", write_line(parent, "parent bytes")));
    has(&format!("pid=1001 {}", write_line(child, "child bytes")));
    has(&format!("pid=1000 {}", write_line(child, "reaped bytes")));
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("pid=1000 write(3, \"\\0\\0")
                && c.ends_with(&format!("..., {me}) = {me}"))),
        "a count equal to the pid stays:\n{}",
        t.trace
    );
}

#[test]
fn json_renumbers_pid_arguments_registers_and_returns_only() {
    let schema = schema::load();
    let prog = program("pid_text");
    let t = trace(&["--json", "--fixed-ts", "--", prog.to_str().unwrap()]);
    assert_eq!(t.code(), Some(0), "{}", t.stderr());
    let real = printed(&t.stdout());
    let me = real["bytes"];
    let events: Vec<Value> = t
        .trace
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            schema::validate(&schema, &v).unwrap_or_else(|e| panic!("{e}\nline: {l}"));
            v
        })
        .collect();
    let call = |name: &str, first_arg: &str| {
        events
            .iter()
            .find(|e| e["syscall"] == name && (first_arg.is_empty() || e["args"][0] == first_arg))
            .unwrap_or_else(|| panic!("no {name}({first_arg}, ...) in:\n{}", t.trace))
    };
    for (name, ret) in [("getpid", 1000), ("gettid", 1000), ("getppid", 999)] {
        let e = call(name, "");
        assert_eq!(e["ret"], ret, "{e}");
        assert_eq!(e["ret_text"], ret.to_string(), "{e}");
    }
    let kill = call("kill", "1001");
    assert_eq!(kill["raw_args"], serde_json::json!([1001, 0]));
    // A process group: the display number's negative in the pid_t's 32 bits (the
    // register's upper half stays as the program left it).
    let kill_group = call("kill", "-1000");
    let raw = kill_group["raw_args"][0].as_u64().unwrap();
    assert_eq!(raw as u32, (-1000i32) as u32, "{kill_group}");
    let wait = call("wait4", "1001");
    assert_eq!(wait["raw_args"][0], 1001);
    assert_eq!(wait["ret"], 1001);
    assert_eq!(call("clone", "child_stack=NULL")["ret"], 1001);
    // Not pids: the count and return of a write of <pid> bytes, the text written.
    let big = call("write", "3");
    assert_eq!(big["raw_args"][2], me);
    assert_eq!(big["args"][2], me.to_string());
    assert_eq!(big["ret"], me);
    let text = call("write", "1");
    assert_eq!(text["args"][1], format!("\"{me} bytes\\n\""));
    let sigchld = events
        .iter()
        .find(|e| e["signal"] == "SIGCHLD")
        .expect("SIGCHLD");
    assert!(
        sigchld["siginfo"]
            .as_str()
            .unwrap()
            .contains("si_pid=1001,"),
        "{sigchld}"
    );
}

#[test]
fn two_runs_of_a_shell_script_are_identical_parent_included() {
    // Only calls whose place in a thread's block does not depend on timing (the shell's
    // wait4 with WNOHANG and the rt_sigreturn after SIGCHLD race with the child).
    let run = || {
        let t = trace(&[
            "--fixed-ts",
            "-e",
            "trace=execve,getpid,getppid,clone,clone3,fork,vfork,exit_group",
            "--",
            "sh",
            "-c",
            "sleep 0 & wait",
        ]);
        assert_eq!(t.code(), Some(0), "{}", t.stderr());
        t.trace
    };
    let first = run();
    let second = run();
    assert!(
        first == second,
        "runs differ:\n--- first\n{first}\n--- second\n{second}"
    );
    for want in [
        "pid=1000 tid=1000 getpid() = 1000 ",
        "pid=1000 tid=1000 getppid() = 999 ",
        ") = 1001 (0.000001s)",
        "si_pid=1001, ",
    ] {
        assert!(first.contains(want), "no {want:?} in:\n{first}");
    }
}
