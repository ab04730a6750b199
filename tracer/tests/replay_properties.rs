//! Recordings are outside input. Whatever a recording holds (well-formed records of
//! arbitrary calls over arbitrary recorded memory, or arbitrary bytes), replaying it
//! through the real core, decoder and printers never panics, and every printed event is
//! one whole line.

use proptest::prelude::*;
use syscall_tracer::clock::{TimeBase, TimestampStyle, Zone};
use syscall_tracer::core::{Backend, Core, CoreOptions, Event, EventKind};
use syscall_tracer::decode::DecodeOptions;
use syscall_tracer::filter::Filter;
use syscall_tracer::output::{Format, Printer, SharedOut, Sink};
use syscall_tracer::record::format::{
    encode_end, encode_event, encode_header, Answer, Deltas, End, Header,
};
use syscall_tracer::record::Replay;

/// Everything a sink wrote, kept for inspection.
#[derive(Clone, Default)]
struct Captured(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn replay_bytes(bytes: Vec<u8>, format: Format, fixed: bool) -> Option<String> {
    let mut replay = Replay::from_bytes("prop".into(), bytes).ok()?;
    let captured = Captured::default();
    let out = SharedOut::new(Box::new(captured.clone()));
    let time = TimeBase {
        start_epoch_ns: 0,
        zone: Zone::Fixed(0),
    };
    let sinks: Vec<Box<dyn Sink>> = vec![Box::new(Printer::new(
        out.clone(),
        format,
        TimestampStyle::Relative,
        fixed,
        time,
    ))];
    let opts = CoreOptions {
        decode: DecodeOptions {
            string_limit: 32,
            fd_paths: true,
            ..Default::default()
        },
        filter: Filter::default(),
        trace: true,
        summarize: false,
        fixed,
        ..CoreOptions::default()
    };
    let mut core = Core::new(opts, 999, sinks).with_output(out);
    replay.run(&mut core);
    core.finish();
    let text = String::from_utf8(captured.0.borrow().clone()).expect("output is UTF-8");
    Some(text)
}

fn header() -> Vec<u8> {
    let mut b = Vec::new();
    encode_header(
        &mut b,
        &Header {
            start_epoch_ns: 0,
            utc_offset: 0,
            tracer_pid: 999,
        },
    );
    b
}

/// One thread's life: spawn, calls with recorded memory at pointer-looking arguments,
/// perhaps a tick, then an exit.
fn recording() -> impl Strategy<Value = Vec<u8>> {
    let call = (
        0u64..480,
        proptest::collection::vec(prop_oneof![0u64..64, Just(0x1000u64), any::<u64>()], 6),
        any::<i64>(),
        proptest::collection::vec(any::<u8>(), 0..96),
        any::<bool>(),
    );
    proptest::collection::vec(call, 1..12).prop_map(|calls| {
        let mut b = header();
        let tid = 4242;
        let mut ts = 0;
        let mut prev = Deltas::default();
        let mut push = |b: &mut Vec<u8>, kind: EventKind, answers: &[Answer], ts: u64| {
            let ev = Event {
                tid,
                pid: tid,
                ts_ns: ts,
                kind,
            };
            encode_event(b, &ev, &mut prev, answers);
        };
        let spawn = EventKind::Spawn {
            parent: None,
            before_exec: false,
        };
        push(&mut b, spawn, &[], ts);
        for (nr, args, ret, mem, tick) in calls {
            let mut regs = [0u64; 6];
            regs.copy_from_slice(&args);
            let answers = [Answer::Mem {
                addr: 0x1000,
                asked: mem.len() as u64 + 8,
                bytes: mem,
            }];
            ts += 10;
            push(
                &mut b,
                EventKind::Entry {
                    nr,
                    args: regs,
                    ip: Some(0x7f00_0000_1000 + nr),
                },
                &answers,
                ts,
            );
            if tick {
                ts += 200_000_000;
                push(&mut b, EventKind::Tick, &[], ts);
            }
            ts += 10;
            push(
                &mut b,
                EventKind::Exit {
                    ret,
                    ip: Some(0x7f00_0000_1000),
                },
                &answers,
                ts,
            );
        }
        push(&mut b, EventKind::Exited { code: 0 }, &[], ts + 1);
        encode_end(&mut b, End::Exited(0));
        b
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn recorded_calls_replay_as_whole_lines(rec in recording(), json in any::<bool>(), fixed in any::<bool>()) {
        let format = if json { Format::Json } else { Format::Text };
        let text = replay_bytes(rec, format, fixed).expect("a valid header");
        prop_assert!(text.ends_with('\n'));
        for line in text.lines() {
            if json {
                prop_assert!(line.starts_with("{\"ts_ns\":") && line.ends_with('}'), "{}", line);
            } else {
                prop_assert!(line.starts_with('[') && line.contains(" tid="), "{}", line);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_after_a_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut b = header();
        b.extend_from_slice(&tail);
        replay_bytes(b, Format::Text, false).expect("a valid header");
    }
}
