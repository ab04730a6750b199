//! How a rejected command line (or any other error) is reported: one line on stderr,
//! `error: ...`. clap's own rendering adds usage and a tip on further lines; the first
//! line says what is wrong, which is all a script reading stderr needs. Messages echo
//! what the user typed, so control characters in it are escaped to keep the one line.

/// Writes one line to stderr, ignoring failure: a closed stderr (`2>&-`, a pipe whose
/// reader left) must not panic the tracer, least of all while it keeps a program under
/// its seccomp filter alive.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `error: MESSAGE`, with newlines and other control characters escaped (`\n`).
pub fn error_line(message: &str) -> String {
    let mut line = String::with_capacity(message.len() + 7);
    line.push_str("error: ");
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// The one line for a clap error (not for `--help`/`--version`, which are not errors),
/// with the similar option clap found, if any, on the same line:
/// `error: unexpected argument '--jsn' found (did you mean '--json'?)`.
pub fn clap_error_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    let text = e.render().to_string();
    let first = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid arguments");
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_string();
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedValue]
        .into_iter()
        .find_map(|kind| match e.get(kind) {
            Some(ContextValue::String(s)) => Some(s.as_str()),
            Some(ContextValue::Strings(v)) => v.first().map(String::as_str),
            _ => None,
        });
    message.push_str(&crate::suggest::did_you_mean(suggested));
    error_line(&message)
}

/// Whether clap's "error" is a request for help or the version, printed as asked.
pub fn is_help_or_version(e: &clap::Error) -> bool {
    use clap::error::ErrorKind;
    matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            error_line("unknown syscall 'a\nb\tc\u{1b}'"),
            "error: unknown syscall 'a\\nb\\tc\\u{1b}'"
        );
        assert_eq!(error_line("pid 7 not found"), "error: pid 7 not found");
    }

    fn clap_line(args: &[&str]) -> String {
        use clap::Parser;
        let mut full = vec!["syscall-tracer"];
        full.extend(args);
        clap_error_line(&crate::cli::Cli::try_parse_from(full).unwrap_err())
    }

    #[test]
    fn a_mistyped_option_names_the_nearest_one() {
        assert_eq!(
            clap_line(&["--jsn", "--", "x"]),
            "error: unexpected argument '--jsn' found (did you mean '--json'?)"
        );
        assert_eq!(
            clap_line(&["--folow", "--", "x"]),
            "error: unexpected argument '--folow' found (did you mean '--follow'?)"
        );
        assert_eq!(
            clap_line(&["--no-folow", "--", "x"]),
            "error: unexpected argument '--no-folow' found (did you mean '--no-follow'?)"
        );
        assert_eq!(
            clap_line(&["--qwxzzyv", "--", "x"]),
            "error: unexpected argument '--qwxzzyv' found"
        );
    }
}
