//! How a rejected command line (or any other error) is reported: one line on stderr,
//! `error: ...`. clap's own rendering adds usage and a tip on further lines; the first
//! line says what is wrong, which is all a script reading stderr needs. Messages echo
//! what the user typed, so control characters in it are escaped to keep the one line.

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

/// The one line for a clap error (not for `--help`/`--version`, which are not errors).
pub fn clap_error_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid arguments");
    error_line(first.strip_prefix("error: ").unwrap_or(first))
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
}
