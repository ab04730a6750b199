//! The command line on arbitrary argument vectors: parsing and checking never panic, and
//! a rejection is reported as one `error: ` line. Nothing is run.
#![no_main]

use clap::Parser;
use libfuzzer_sys::fuzz_target;
use syscall_tracer::cli::Cli;
use syscall_tracer::usage::{clap_error_line, error_line, is_help_or_version};

fuzz_target!(|args: Vec<String>| {
    let argv = std::iter::once("syscall-tracer".to_string()).chain(args);
    let line = match Cli::try_parse_from(argv) {
        Err(e) if is_help_or_version(&e) => return,
        Err(e) => clap_error_line(&e),
        Ok(cli) => match cli.into_config() {
            Ok(c) => {
                assert!(c.command.is_empty() != c.attach.is_empty());
                return;
            }
            Err(e) => error_line(&e.to_string()),
        },
    };
    assert!(
        line.starts_with("error: ") && !line.contains('\n'),
        "{line:?}"
    );
});
