//! The option table (tracer/src/strace_options.rs) against strace 7.2's own list
//! (docs/strace-7.2-options.txt) and the parser: every strace option is listed; each
//! listed example parses, or is refused with the table's reason; every spelling is one
//! the parser knows; README.md's table is the generated one.

use syscall_tracer::cli;
use syscall_tracer::strace_options::{self, Ours, TABLE};

fn strace_spellings() -> Vec<String> {
    let list = include_str!("../../docs/strace-7.2-options.txt");
    list.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn every_strace_option_is_listed_as_honoured_or_refused() {
    let missing: Vec<String> = strace_spellings()
        .into_iter()
        .filter(|s| strace_options::find(s).is_none())
        .collect();
    assert!(missing.is_empty(), "not in the table: {missing:?}");
}

fn config(example: &[&str]) -> Result<cli::Config, String> {
    let mut args = vec!["syscall-tracer"];
    args.extend(example);
    if !example.contains(&"-p") {
        args.extend(["--", "/bin/true"]);
    }
    let parsed = cli::parse(args).map_err(|e| syscall_tracer::usage::clap_error_line(&e))?;
    parsed.into_config().map_err(|e| e.to_string())
}

#[test]
fn each_example_parses_or_is_refused_with_the_tables_reason() {
    for o in TABLE.iter().filter(|o| !o.example.is_empty()) {
        match (o.ours, config(o.example)) {
            (Ours::Honoured(_), Ok(_)) => {}
            (Ours::Honoured(_), Err(e)) => panic!("{:?} is honoured but: {e}", o.example),
            (Ours::Refused(why), Err(e)) => assert_eq!(e, why, "{:?}", o.example),
            (Ours::Refused(_), Ok(_)) => panic!("{:?} should be refused", o.example),
            (Ours::NotYet(_), Err(e)) => assert_eq!(e, o.not_yet_message(), "{:?}", o.example),
            (Ours::NotYet(_), Ok(_)) => panic!("{:?} is not built yet", o.example),
        }
    }
}

#[test]
fn every_spelling_is_known_to_the_parser() {
    let mut cmd = cli::command();
    cmd.build(); // adds -h/--help and -V/--version
    let longs: Vec<String> = cmd
        .get_arguments()
        .flat_map(|a| {
            let mut v: Vec<String> = a.get_long().into_iter().map(str::to_string).collect();
            v.extend(
                a.get_all_aliases()
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_string),
            );
            v
        })
        .collect();
    let shorts: Vec<char> = cmd.get_arguments().filter_map(|a| a.get_short()).collect();
    for o in TABLE {
        for s in o.spellings {
            if let Some(q) = s.strip_prefix("-e ") {
                // A qualifier: `-e NAME=` is never an unknown or unsupported one.
                let name = q.trim_end_matches('=');
                let e = config(&["-e", &format!("{name}=all")])
                    .err()
                    .unwrap_or_default();
                assert!(
                    !e.contains("unknown qualifier") && !e.contains("unsupported qualifier"),
                    "-e {name}=: {e}"
                );
            } else if let Some(long) = s.strip_prefix("--") {
                assert!(longs.iter().any(|l| l == long), "--{long} is not an option");
            } else {
                // `-f`, `-ff`, `-DDD`: one short letter, repeated.
                let letter = s.chars().nth(1).unwrap();
                assert!(s[1..].chars().all(|c| c == letter), "{s}");
                assert!(shorts.contains(&letter), "-{letter} is not an option");
            }
        }
    }
}

#[test]
fn readme_carries_the_generated_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (begin, end) = (
        "<!-- strace-options:begin -->\n",
        "<!-- strace-options:end -->",
    );
    let start = readme.find(begin).expect("README has the begin marker") + begin.len();
    let stop = readme.find(end).expect("README has the end marker");
    let want = strace_options::markdown();
    if readme[start..stop] != want {
        if std::env::var_os("SYSCALL_TRACER_BLESS").is_some() {
            let fresh = format!("{}{want}{}", &readme[..start], &readme[stop..]);
            std::fs::write(path, fresh).unwrap();
            return;
        }
        panic!(
            "README.md's strace option table is stale: run \
             `SYSCALL_TRACER_BLESS=1 cargo test -p syscall-tracer --test strace_options`"
        );
    }
}

#[test]
fn long_help_lists_every_option_with_its_strace_equivalent() {
    let help = match cli::parse(["syscall-tracer", "--help"]) {
        Err(e) => e.render().to_string(),
        Ok(_) => panic!("--help prints help"),
    };
    for o in TABLE {
        assert!(
            help.contains(&o.spellings.join(", ")),
            "{:?} not in --help",
            o.spellings
        );
    }
}
