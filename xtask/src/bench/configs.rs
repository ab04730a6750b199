//! The configurations a workload runs under, as data: adding one is a line in
//! [`CONFIGS`]. A configuration's argv comes before the workload's command line, with
//! `{ours}`, `{floor}`, `{seccomp_allow}`, `{against}` and `{filter}` filled in at run
//! time.

/// What the tracer is asked to produce; each mode is one group of rows in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// Every call decoded and written to /dev/null.
    Full,
    /// `-c`: counts and times only.
    Summary,
    /// `-e trace=X`, X a syscall the workload rarely makes.
    Filtered,
}

pub const MODES: [Mode; 3] = [Mode::Full, Mode::Summary, Mode::Filtered];

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Summary => "summary",
            Mode::Filtered => "filtered",
        }
    }
}

/// Column names of the report. The primary ones feed the ratios and the acceptance
/// criteria; informational columns are shown beside them.
pub const UNTRACED: &str = "untraced";
pub const FLOOR: &str = "floor";
pub const STRACE: &str = "strace";
pub const OURS: &str = "ours";
/// Another build of syscall-tracer (`cargo xtask bench --against BIN`), run the same way
/// as ours in every mode: the head-to-head comparison of a change.
pub const AGAINST: &str = "against";

pub struct Config {
    /// Unique; shown in progress lines and errors.
    pub name: &'static str,
    /// The report column its medians go to.
    pub column: &'static str,
    /// `None`: the run does not depend on the mode (untraced, the floor) and its
    /// median shows in every mode's rows.
    pub mode: Option<Mode>,
    pub argv: &'static [&'static str],
    /// A syscall-tracer flag this configuration needs; it is skipped ("n/a") when
    /// `syscall-tracer --help` does not mention the flag.
    pub needs_flag: Option<&'static str>,
    /// Shown for information only: not part of a ratio or criterion.
    pub info: bool,
    /// Also run on the many-threads program, sampling the tracer's peak RSS.
    pub rss: bool,
    /// Never stops the workload at every call: also run on the long workloads.
    pub long: bool,
    /// Runs the build given with `--against`, and only then.
    pub against: bool,
}

impl Config {
    const fn new(
        name: &'static str,
        column: &'static str,
        mode: Option<Mode>,
        argv: &'static [&'static str],
    ) -> Config {
        Config {
            name,
            column,
            mode,
            argv,
            needs_flag: None,
            info: false,
            rss: false,
            long: false,
            against: false,
        }
    }

    const fn against(self) -> Config {
        Config {
            against: true,
            ..self
        }
    }

    const fn long(self) -> Config {
        Config { long: true, ..self }
    }

    const fn info(self) -> Config {
        Config { info: true, ..self }
    }

    const fn rss(self) -> Config {
        Config { rss: true, ..self }
    }

    const fn needs(self, flag: &'static str) -> Config {
        Config {
            needs_flag: Some(flag),
            ..self
        }
    }

    /// The full command line: this configuration's argv, then the workload's.
    pub fn command(&self, programs: &Programs, filter: &str, workload: &[String]) -> Vec<String> {
        self.argv
            .iter()
            .map(|a| match *a {
                "{ours}" => programs.ours.clone(),
                "{floor}" => programs.floor.clone(),
                "{seccomp_allow}" => programs.seccomp_allow.clone(),
                "{against}" => programs.against.clone().unwrap_or_default(),
                other => other.replace("{filter}", filter),
            })
            .chain(workload.iter().cloned())
            .collect()
    }
}

/// The programs a configuration's placeholders stand for.
pub struct Programs {
    pub ours: String,
    pub floor: String,
    pub seccomp_allow: String,
    /// `--against BIN`.
    pub against: Option<String>,
}

use Mode::{Filtered, Full, Summary};

const NULL: &str = "/dev/null";

/// Every configuration, in the order the report's columns appear. One line each, so
/// rustfmt is told to leave the table alone.
#[rustfmt::skip]
pub const CONFIGS: &[Config] = &[
    Config::new("untraced", UNTRACED, None, &[]).long(),
    Config::new("floor", FLOOR, None, &["{floor}"]).rss(),
    Config::new("strace", STRACE, Some(Full), &["strace", "-f", "-o", NULL]).rss(),
    Config::new("strace -c", STRACE, Some(Summary), &["strace", "-f", "-c", "-o", NULL]),
    Config::new("strace -e", STRACE, Some(Filtered), &["strace", "-f", "-o", NULL, "-e", "trace={filter}"]),
    Config::new("ours", OURS, Some(Full), &["{ours}", "-o", NULL, "--"]).rss(),
    Config::new("ours -c", OURS, Some(Summary), &["{ours}", "-c", "-o", NULL, "--"]),
    Config::new("ours -e", OURS, Some(Filtered), &["{ours}", "-e", "trace={filter}", "-o", NULL, "--"]).long(),
    // Informational: the floor with tracer and tracee sharing one CPU, the workload under
    // an allow-everything seccomp filter (what any filter costs a call the kernel lets
    // through), strace's own seccomp mode, and ours with its optimizations switched off
    // one at a time.
    Config::new("floor@cpu0", "floor@cpu0", None, &["taskset", "-c", "0", "{floor}"]).info(),
    Config::new("seccomp allow-all", "untraced+seccomp", None, &["{seccomp_allow}"]).info().long(),
    Config::new("strace --seccomp-bpf -e", "strace --seccomp-bpf", Some(Filtered), &["strace", "-f", "--seccomp-bpf", "-o", NULL, "-e", "trace={filter}"]).info().long(),
    Config::new("ours --no-seccomp -e", "ours --no-seccomp", Some(Filtered), &["{ours}", "--no-seccomp", "-e", "trace={filter}", "-o", NULL, "--"]).info().needs("--no-seccomp"),
    Config::new("ours --no-colocate", "ours --no-colocate", Some(Full), &["{ours}", "--no-colocate", "-o", NULL, "--"]).info().needs("--no-colocate"),
    Config::new("ours --no-colocate -c", "ours --no-colocate", Some(Summary), &["{ours}", "--no-colocate", "-c", "-o", NULL, "--"]).info().needs("--no-colocate"),
    Config::new("ours --no-colocate -e", "ours --no-colocate", Some(Filtered), &["{ours}", "--no-colocate", "-e", "trace={filter}", "-o", NULL, "--"]).info().needs("--no-colocate").long(),
    // `--against BIN`: another build, exactly as ours runs.
    Config::new("against", AGAINST, Some(Full), &["{against}", "-o", NULL, "--"]).info().against(),
    Config::new("against -c", AGAINST, Some(Summary), &["{against}", "-c", "-o", NULL, "--"]).info().against(),
    Config::new("against -e", AGAINST, Some(Filtered), &["{against}", "-e", "trace={filter}", "-o", NULL, "--"]).info().against().long(),
];

/// The report's columns in order: primary ones first, then informational ones.
pub fn columns(info: bool) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for c in CONFIGS.iter().filter(|c| c.info == info) {
        if !v.contains(&c.column) {
            v.push(c.column);
        }
    }
    v
}

/// Names of the configurations a syscall-tracer whose `--help` prints `help` can run.
pub fn supported(help: &str) -> Vec<&'static str> {
    CONFIGS
        .iter()
        .filter(|c| !c.against && c.needs_flag.is_none_or(|f| help_has_flag(help, f)))
        .map(|c| c.name)
        .collect()
}

/// The flag as a whole word: `--no-seccomp` must not match `--no-seccomp-log`.
fn help_has_flag(help: &str, flag: &str) -> bool {
    help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|w| w == flag)
}

/// The configuration whose median fills `column` in `mode`'s rows, if one exists.
pub fn find(column: &str, mode: Mode) -> Option<&'static Config> {
    CONFIGS
        .iter()
        .find(|c| c.column == column && c.mode.is_none_or(|m| m == mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_cell_has_one_config() {
        for (i, a) in CONFIGS.iter().enumerate() {
            assert!(
                CONFIGS[i + 1..].iter().all(|b| b.name != a.name),
                "{}",
                a.name
            );
        }
        for mode in MODES {
            for col in columns(false) {
                assert!(find(col, mode).is_some(), "{col} {mode:?}");
            }
        }
    }

    #[test]
    fn optional_configurations_follow_the_help_text() {
        let all = supported("  --no-seccomp  Do not ...\n      --no-colocate  Do not ...");
        // All but another build's, which runs only when `--against` names one.
        assert_eq!(all.len(), CONFIGS.iter().filter(|c| !c.against).count());
        let some = supported("  --no-colocate, --no-seccomp-log\n");
        assert!(some.contains(&"ours --no-colocate -c"));
        assert!(!some.contains(&"ours --no-seccomp -e"));
        assert!(some.contains(&"ours") && some.contains(&"untraced"));
    }

    fn programs() -> Programs {
        Programs {
            ours: "/t".into(),
            floor: "/f".into(),
            seccomp_allow: "/s".into(),
            against: Some("/a".into()),
        }
    }

    #[test]
    fn command_fills_placeholders() {
        let p = programs();
        let c = find(OURS, Filtered).unwrap();
        let argv = c.command(&p, "execve", &["/w".into(), "3".into()]);
        assert_eq!(
            argv,
            [
                "/t",
                "-e",
                "trace=execve",
                "-o",
                "/dev/null",
                "--",
                "/w",
                "3"
            ]
        );
        let u = find(UNTRACED, Full).unwrap();
        assert_eq!(u.command(&p, "x", &["/w".into()]), ["/w"]);
        let s = CONFIGS
            .iter()
            .find(|c| c.name == "seccomp allow-all")
            .unwrap();
        assert_eq!(s.command(&p, "x", &["/w".into()]), ["/s", "/w"]);
        let a = find(AGAINST, Summary).unwrap();
        assert_eq!(
            a.command(&p, "x", &["/w".into()]),
            ["/a", "-c", "-o", "/dev/null", "--", "/w"]
        );
    }
}
