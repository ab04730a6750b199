//! How a command line clap rejects is reported: one line on stderr, `error: ...`. clap's
//! own rendering adds usage and a tip on further lines; the first line says what is
//! wrong, which is all a script reading stderr needs.

/// The one line for a clap error (not for `--help`/`--version`, which are not errors).
pub fn clap_error_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid arguments");
    if first.starts_with("error:") {
        first.to_string()
    } else {
        format!("error: {first}")
    }
}

/// Whether clap's "error" is a request for help or the version, printed as asked.
pub fn is_help_or_version(e: &clap::Error) -> bool {
    use clap::error::ErrorKind;
    matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
}
