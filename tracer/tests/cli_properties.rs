//! Properties of the command line over arbitrary argument vectors: parsing and checking
//! never panic; every rejection is reported as one `error: ` line; an accepted command
//! line has a command or pids, never both. A few of the rejected vectors are also given
//! to the real binary, which must print exactly that line and exit 2.
mod common;

use clap::Parser;
use proptest::prelude::*;
use syscall_tracer::cli::Cli;
use syscall_tracer::usage::{clap_error_line, error_line, is_help_or_version};

/// Tokens a command line is made of: options (long, short, bundled, with `=`), values
/// good and bad, commands, and arbitrary text.
fn token() -> impl Strategy<Value = String> {
    let options = prop::sample::select(vec![
        "-p",
        "--attach",
        "-o",
        "--output",
        "--json",
        "--filter",
        "-e",
        "--pid",
        "-c",
        "--summary",
        "-C",
        "-s",
        "--string-limit",
        "-z",
        "-Z",
        "-y",
        "-t",
        "-tt",
        "-ttt",
        "-tttt",
        "-f",
        "--no-follow",
        "--fixed-ts",
        "--seed",
        "--",
        "-cz",
        "-yt",
        "--string-limit=8",
        "--filter=write",
        "-etrace=read",
        "--attach=1,2",
        "--frobnicate",
        "-X",
        "-",
    ]);
    let values = prop::sample::select(vec![
        "0",
        "1",
        "-1",
        "-5",
        "32",
        "4294967296",
        "18446744073709551616",
        "abc",
        "",
        ",",
        "1,,2",
        "1,x",
        "trace=write",
        "trace=%file",
        "trace=!write,read",
        "trace=/(",
        "trace=?nosuch",
        "t=all",
        "signal=all",
        "%network",
        "nosuchcall",
        "/dev/null",
        "/nonexistent/dir/file",
    ]);
    let commands = prop::sample::select(vec!["true", "ls", "/bin/echo", "no-such-command"]);
    prop_oneof![
        5 => options.prop_map(str::to_string),
        4 => values.prop_map(str::to_string),
        1 => commands.prop_map(str::to_string),
        2 => "\\PC{0,12}",
        1 => "[a-z]{0,3}[\\n\\t\\x1b][a-z]{0,3}",
        1 => "-[a-zA-Z]{1,3}",
        1 => "--[a-z-]{1,12}(=[a-z0-9,]{0,6})?",
    ]
}

fn argv() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(token(), 0..8).prop_map(|mut v| {
        v.insert(0, "syscall-tracer".to_string());
        v
    })
}

/// What the binary must print for `args`, if the library rejects them: `Some(line)`.
/// `None` when they are accepted (or ask for help or the version).
fn rejection(args: &[String]) -> Option<String> {
    // The binary's parser: with the hidden arguments that refuse options not built yet.
    match syscall_tracer::cli::parse(args) {
        Err(e) if is_help_or_version(&e) => None,
        Err(e) => Some(clap_error_line(&e)),
        // `--tips` alone shows a tip, as strace's.
        Ok(cli) if cli.tip_alone().is_some() => None,
        Ok(cli) => cli.into_config().err().map(|e| error_line(&e.to_string())),
    }
}

fn assert_one_error_line(line: &str) -> Result<(), TestCaseError> {
    prop_assert!(line.starts_with("error: "), "{:?}", line);
    prop_assert!(!line.contains('\n'), "{:?}", line);
    prop_assert!(line.len() > "error: ".len(), "{:?}", line);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000)
    ))]

    #[test]
    fn any_argument_vector_is_accepted_or_rejected_in_one_line(args in argv()) {
        match Cli::try_parse_from(&args) {
            Err(e) if is_help_or_version(&e) => {}
            Err(e) => assert_one_error_line(&clap_error_line(&e))?,
            Ok(cli) => match cli.into_config() {
                Err(e) => assert_one_error_line(&error_line(&e.to_string()))?,
                Ok(c) => {
                    prop_assert!(c.command.is_empty() != c.attach.is_empty(), "{:?}", args);
                    prop_assert!(c.attach.iter().all(|&p| p > 0));
                    prop_assert!(c.filter.threads.iter().all(|&p| p > 0));
                    prop_assert!(c.trace || c.summary);
                }
            },
        }
    }
}

proptest! {
    // Each case runs the real binary: a handful is enough.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn the_binary_prints_the_same_line_and_exits_2(
        args in argv().prop_filter("rejected", |a| rejection(a).is_some())
    ) {
        let expected = rejection(&args).unwrap();
        assert_one_error_line(&expected)?;
        let out = common::tracer()
            .args(&args[1..])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        prop_assert_eq!(out.status.code(), Some(2), "{:?}", args);
        prop_assert_eq!(String::from_utf8_lossy(&out.stderr), format!("{expected}\n"));
        prop_assert!(out.stdout.is_empty());
    }
}
