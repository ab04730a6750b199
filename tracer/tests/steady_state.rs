//! The per-call path after warm-up allocates nothing: printing a call (text and JSON),
//! counting it for the summary and checking the filters reuse their buffers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use syscall_tracer::cli::Format;
use syscall_tracer::clock::TimestampStyle;
use syscall_tracer::decode::{CallRecord, DecodeOptions, Decoder, Tracee};
use syscall_tracer::filter::{parse_trace_set, Filter};
use syscall_tracer::output::{CallForm, Event, Ids, Printer};
use syscall_tracer::summary::Summary;

struct Counting;

thread_local! {
    /// Only the test's own thread counts: the harness and the other tests allocate on
    /// their threads meanwhile.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    if COUNTING.with(Cell::get) {
        ALLOCS.with(|n| n.set(n.get() + 1));
    }
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct NoMemory;

impl Tracee for NoMemory {
    fn read_mem(&mut self, _addr: u64, _buf: &mut [u8]) -> usize {
        0
    }
}

#[test]
fn printing_and_counting_a_call_does_not_allocate() {
    let decoder = Decoder::new(DecodeOptions::default());
    let mut rec = CallRecord::new();
    // close(3) = 0: plain integers, nothing read from memory.
    decoder.entry(&mut rec, 3, [3, 0, 0, 0, 0, 0], &mut NoMemory);
    decoder.exit(&mut rec, 0, &mut NoMemory);
    let filter = Filter {
        syscalls: parse_trace_set("close,read").unwrap(),
        ..Filter::default()
    };
    let ids = Ids {
        pid: 4242,
        tid: 4243,
        order: 0,
    };
    for format in [Format::Text, Format::Json] {
        let mut printer = Printer::new(
            Box::new(std::io::sink()),
            format,
            TimestampStyle::Relative,
            false,
        );
        let mut summary = Summary::new();
        let step = |printer: &mut Printer, summary: &mut Summary, i: u64| {
            assert!(filter.syscalls.contains(rec.nr) && filter.shows_thread(4242, 4243));
            assert!(filter.shows_result(rec.ret()));
            let ts = printer.now_ns();
            printer.emit(
                ids,
                ts,
                &Event::Syscall {
                    rec: &rec,
                    latency_ns: Some(1000 + i),
                    form: CallForm::Whole,
                },
            );
            summary.record(rec.nr, 1000 + i, false);
        };
        for i in 0..100 {
            step(&mut printer, &mut summary, i);
        }
        let before = ALLOCS.with(Cell::get);
        COUNTING.with(|c| c.set(true));
        for i in 0..10_000 {
            step(&mut printer, &mut summary, i);
        }
        COUNTING.with(|c| c.set(false));
        let after = ALLOCS.with(Cell::get);
        assert_eq!(after - before, 0, "{format:?}: allocations in steady state");
        printer.finish();
        assert!(printer.error().is_none());
    }
}

/// Decoding records where pid-typed values stand (for `--fixed-ts`); outside that mode
/// the records reuse their buffers like the rest of the call.
#[test]
fn decoding_and_printing_pid_typed_values_does_not_allocate() {
    let decoder = Decoder::new(DecodeOptions::default());
    let mut rec = CallRecord::new();
    let ids = Ids {
        pid: 4242,
        tid: 4242,
        order: 0,
    };
    for format in [Format::Text, Format::Json] {
        let mut printer = Printer::new(
            Box::new(std::io::sink()),
            format,
            TimestampStyle::Relative,
            false,
        );
        // kill(4243, SIGTERM) = 0, getpid() = 4242, setpgid(4243, 4243) = 0.
        let calls: [(u64, [u64; 6], i64); 3] = [
            (62, [4243, 15, 0, 0, 0, 0], 0),
            (39, [0; 6], 4242),
            (109, [4243, 4243, 0, 0, 0, 0], 0),
        ];
        let step = |printer: &mut Printer, rec: &mut CallRecord, i: u64| {
            let (nr, args, ret) = calls[(i % 3) as usize];
            decoder.entry(rec, nr, args, &mut NoMemory);
            decoder.exit(rec, ret, &mut NoMemory);
            let ts = printer.now_ns();
            printer.emit(
                ids,
                ts,
                &Event::Syscall {
                    rec,
                    latency_ns: Some(1000 + i),
                    form: CallForm::Whole,
                },
            );
        };
        for i in 0..100 {
            step(&mut printer, &mut rec, i);
        }
        assert!(!rec.pid_spans().is_empty());
        let before = ALLOCS.with(Cell::get);
        COUNTING.with(|c| c.set(true));
        for i in 0..10_000 {
            step(&mut printer, &mut rec, i);
        }
        COUNTING.with(|c| c.set(false));
        let after = ALLOCS.with(Cell::get);
        assert_eq!(after - before, 0, "{format:?}: allocations in steady state");
        printer.finish();
        assert!(printer.error().is_none());
    }
}
