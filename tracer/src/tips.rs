//! `--tips[=[[id:]ID][,[format:]FORMAT]]`: a tip about syscall-tracer on stderr when
//! the trace ends, as strace shows one of its own (strace's spellings: `id:N` or
//! `random`, `format:none|compact|full`). Ours are about this tool, in a plain box
//! (strace's mascot is strace's).

/// Which tip, and whether it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tips {
    /// `id:N` (taken modulo the number of tips), or `None` for a random one.
    pub id: Option<u64>,
    /// `format:none` shows nothing; `compact` and `full` show the box (we have no
    /// longer form).
    pub shown: bool,
}

const TIPS: &[&str] = &[
    "syscall-tracer -c prints strace's summary table; -U name,calls,p50,p99 adds the \
     median and 99th percentile latency of each syscall.",
    "With a filter (-e trace=openat), only the chosen calls stop the program: a seccomp \
     filter lets the others run at full speed.",
    "--record FILE keeps a recording; syscall-tracer replay FILE prints it again, with \
     other display options (-e, -y, --json) if you like.",
    "--json prints one JSON object per event, ready for jq: syscall-tracer --json -- ls \
     2>&1 | jq 'select(.errno_name != null)'",
    "--fixed-ts renumbers pids and replaces times with a logical clock: two runs of the \
     same program give the same trace, for golden tests.",
    "-D runs the tracer as a grandchild: the command stays the child of your shell, with \
     its own pid, exit status and job control.",
    "-c counts system time per call, as strace; -w counts latency instead, the time \
     from the call's entry to its return.",
    "--pid LIST shows only some of the traced processes or threads, while every one of \
     them is still followed.",
];

/// Width of the box's text.
const WIDTH: usize = 44;

impl Tips {
    /// `--tips` with no value: a random tip.
    pub const RANDOM: Tips = Tips {
        id: None,
        shown: true,
    };

    /// strace's `--tips=` value: comma-separated `id:`/`format:` tokens, each prefix
    /// optional.
    pub fn parse(arg: &str) -> Result<Tips, String> {
        let mut tips = Tips::RANDOM;
        for token in arg.split(',').filter(|t| !t.is_empty()) {
            let lower = token.to_ascii_lowercase();
            let (value, id_ok, format_ok) = if let Some(v) = lower.strip_prefix("id:") {
                (v, true, false)
            } else if let Some(v) = lower.strip_prefix("format:") {
                (v, false, true)
            } else {
                (lower.as_str(), true, true)
            };
            match value {
                "random" if id_ok => tips.id = None,
                n if id_ok && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                    tips.id = Some(n.parse().map_err(|_| bad(arg))?)
                }
                "none" if format_ok => tips.shown = false,
                "compact" | "full" if format_ok => tips.shown = true,
                _ => return Err(bad(arg)),
            }
        }
        Ok(tips)
    }

    /// The tip in its box (empty for `format:none`); `seed` picks a random one.
    pub fn render(&self, seed: u64) -> String {
        if !self.shown {
            return String::new();
        }
        let n = TIPS.len() as u64;
        let text = TIPS[(self.id.unwrap_or(seed) % n) as usize];
        let mut s = format!(
            "  {}\n /{}\\\n",
            "_".repeat(WIDTH + 2),
            " ".repeat(WIDTH + 2)
        );
        for line in wrap(text) {
            s.push_str(&format!(" | {line:<WIDTH$} |\n"));
        }
        s.push_str(&format!(" \\{}/\n", "_".repeat(WIDTH + 2)));
        s
    }
}

fn bad(arg: &str) -> String {
    format!("invalid --tips argument: '{arg}'")
}

/// Words into lines of at most [`WIDTH`] characters (a longer word on its own line).
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn straces_spellings() {
        assert_eq!(Tips::parse(""), Ok(Tips::RANDOM));
        assert_eq!(
            Tips::parse("id:3,format:full"),
            Ok(Tips {
                id: Some(3),
                shown: true
            })
        );
        assert_eq!(
            Tips::parse("7"),
            Ok(Tips {
                id: Some(7),
                shown: true
            })
        );
        assert_eq!(Tips::parse("none").map(|t| t.shown), Ok(false));
        assert_eq!(Tips::parse("format:compact,random"), Ok(Tips::RANDOM));
        for bad in ["bogus", "id:none", "format:3", "id:", "-1"] {
            assert_eq!(
                Tips::parse(bad),
                Err(format!("invalid --tips argument: '{bad}'"))
            );
        }
    }

    #[test]
    fn every_tip_fits_its_box() {
        for id in 0..TIPS.len() as u64 {
            let t = Tips {
                id: Some(id),
                shown: true,
            }
            .render(0);
            let widths: Vec<usize> = t.lines().map(str::len).collect();
            assert_eq!(widths[0], WIDTH + 4, "{t}");
            assert!(widths[1..].iter().all(|&w| w == WIDTH + 5), "{t}");
        }
        assert_eq!(
            Tips {
                id: None,
                shown: false
            }
            .render(1),
            ""
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(s in ".{0,30}", seed in any::<u64>()) {
            if let Ok(t) = Tips::parse(&s) {
                let _ = t.render(seed);
            }
        }
    }
}
