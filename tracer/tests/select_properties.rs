//! Properties of the parsers behind `-e signal=`, `-e status=`, `-e trace-fds=`,
//! `-e quiet=`, `-P` and `-e trace=`'s personalities: they never panic, reject with one
//! line, and a set written back in their syntax reads as the same set.

use proptest::prelude::*;
use syscall_tracer::decode::{signal_name, FdPath, Tracee};
use syscall_tracer::filter::{parse_trace_set, SyscallSet};
use syscall_tracer::select::number_set::NumberSet;
use syscall_tracer::select::paths::{resolve, PathSelect};
use syscall_tracer::select::qualifiers::{
    parse_fds, parse_quiet, parse_signals, parse_status, quiet_name, status_name,
};

type Parser = fn(&str) -> Result<NumberSet, String>;

const PARSERS: [(Parser, &str); 4] = [
    (parse_signals, "signal"),
    (parse_status, "status"),
    (parse_fds, "descriptor"),
    (parse_quiet, "quiet"),
];

/// Text near the sets' syntax: names, numbers, `!`, commas, spaces, junk.
fn spec() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "all",
        "none",
        "!",
        ",",
        "usr1",
        "SIGCHLD",
        "rt_3",
        "10",
        "255",
        "256",
        "-1",
        "+5",
        " 7",
        "failed",
        "Successful",
        "detached",
        "exit",
        "superseded",
        "attach",
        "x",
        "",
        "2147483647",
        "2147483648",
        "99999999999999999999999",
    ]);
    prop_oneof![
        3 => prop::collection::vec(word, 0..6).prop_map(|w| w.concat()),
        1 => "\\PC{0,16}",
    ]
}

/// A set of `numbers` drawn below `bound`, maybe inverted.
fn set_below(bound: u32) -> impl Strategy<Value = NumberSet> {
    (prop::collection::vec(0..bound, 0..6), any::<bool>()).prop_map(|(n, inverted)| {
        let set = NumberSet::of(n);
        if inverted {
            // `!a,b`: parse the inversion back rather than building it by hand.
            let spec = format!("!{}", set.spec(|n| n.to_string()));
            parse_fds(&spec).unwrap()
        } else {
            set
        }
    })
}

/// A thread whose memory is `mem` at 0x1000 and whose descriptors name `/etc/hosts`.
struct World(Vec<u8>);

impl Tracee for World {
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let Some(off) = addr.checked_sub(0x1000) else {
            return 0;
        };
        let Some(from) = self.0.get(off as usize..) else {
            return 0;
        };
        let n = from.len().min(buf.len());
        buf[..n].copy_from_slice(&from[..n]);
        n
    }
    fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
        (fd % 2 == 0).then(|| FdPath {
            path: b"/etc/hosts".to_vec(),
            deleted: false,
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_and_reject_in_one_line(s in spec()) {
        for (parse, what) in PARSERS {
            if let Err(e) = parse(&s) {
                prop_assert!(e.starts_with(&format!("invalid {what} '")), "{e}");
                prop_assert!(!e.contains('\n') || s.contains('\n'), "{e}");
            }
        }
    }

    #[test]
    fn signal_sets_read_back(set in set_below(256)) {
        // Written with strace's names where there are any (SIGUSR1, SIGRT_3), else numbers.
        let spec = set.spec(|n| signal_name(n as i32));
        prop_assert_eq!(parse_signals(&spec).unwrap(), set);
    }

    #[test]
    fn status_and_quiet_sets_read_back(status in set_below(5), quiet in set_below(5)) {
        prop_assert_eq!(parse_status(&status.spec(status_name)).unwrap(), status);
        prop_assert_eq!(parse_quiet(&quiet.spec(quiet_name)).unwrap(), quiet);
    }

    #[test]
    fn fd_sets_read_back(set in set_below(i32::MAX as u32)) {
        prop_assert_eq!(parse_fds(&set.spec(|n| n.to_string())).unwrap(), set);
    }

    #[test]
    fn an_inverted_set_is_the_complement(set in set_below(300), n in 0u32..300) {
        let spec = set.spec(|n| n.to_string());
        let inverted = parse_fds(&format!("!{spec}")).unwrap();
        prop_assert_eq!(inverted.contains(n), !set.contains(n));
    }

    #[test]
    fn path_matching_never_panics(
        mem in prop::collection::vec(any::<u8>(), 0..64),
        args in prop::array::uniform6(prop_oneof![
            Just(0u64), Just(0x1000u64), 0u64..16, any::<u64>()
        ]),
        nr in 0u64..460,
        paths in prop::collection::vec("[/a-z]{0,12}", 0..3),
        fds in set_below(8),
    ) {
        let sel = PathSelect::new(paths.into_iter().map(String::into_bytes).collect(), fds);
        let _ = sel.matches(nr, &args, &mut World(mem));
    }

    #[test]
    fn resolving_a_path_never_panics(p in "\\PC{0,24}") {
        let (forms, note) = resolve(std::path::Path::new(&p));
        prop_assert_eq!(&forms[0], p.as_bytes());
        prop_assert_eq!(forms.len() == 2, note.is_some());
    }

    #[test]
    fn personalities_select_the_64_bit_table_or_nothing(
        item in prop::sample::select(vec!["read", "%file", "/^open", "all", "%net"]),
    ) {
        let plain = parse_trace_set(item).unwrap();
        prop_assert_eq!(parse_trace_set(&format!("{item}@64")).unwrap(), plain);
        prop_assert_eq!(parse_trace_set(&format!("{item}@32")).unwrap(), SyscallSet::none());
        prop_assert_eq!(parse_trace_set(&format!("{item}@x32")).unwrap(), SyscallSet::none());
        prop_assert_eq!(parse_trace_set(&format!(",,{item},")).unwrap(), parse_trace_set(item).unwrap());
    }
}
