//! A recording is outside input: `syscall-tracer replay` must read any bytes without a
//! panic. The fuzzer's bytes follow a valid header (so records, not just the magic, are
//! exercised) and are replayed through the real core and both printers, with `--fixed-ts`
//! or not: the decoder then renders fuzzer-chosen calls over fuzzer-chosen memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syscall_tracer::clock::{TimeBase, TimestampStyle, Zone};
use syscall_tracer::core::{Backend, Core, CoreOptions};
use syscall_tracer::decode::DecodeOptions;
use syscall_tracer::filter::Filter;
use syscall_tracer::output::{Format, Printer, SharedOut, Sink};
use syscall_tracer::record::format::{encode_header, Header};
use syscall_tracer::record::Replay;
use syscall_tracer::summary::SummarySink;

fuzz_target!(|data: &[u8]| {
    let (mode, tail) = data.split_first().unwrap_or((&0, &[]));
    let mut bytes = Vec::new();
    encode_header(
        &mut bytes,
        &Header {
            start_epoch_ns: 1_700_000_000_000_000_000,
            utc_offset: 3600,
            tracer_pid: 999,
        },
    );
    bytes.extend_from_slice(tail);
    let Ok(mut replay) = Replay::from_bytes("fuzz".into(), bytes) else {
        return;
    };
    let out = SharedOut::new(Box::new(std::io::sink()));
    let format = if mode & 1 == 0 { Format::Text } else { Format::Json };
    let fixed = mode & 2 != 0;
    let time = TimeBase {
        start_epoch_ns: 0,
        zone: Zone::Fixed(0),
    };
    let sinks: Vec<Box<dyn Sink>> = vec![
        Box::new(Printer::new(out.clone(), format, TimestampStyle::TimeOfDayMicros, fixed, time)),
        Box::new(SummarySink::new(out.clone(), format)),
    ];
    let opts = CoreOptions {
        decode: DecodeOptions {
            string_limit: 32,
            fd_paths: mode & 4 != 0,
            ..Default::default()
        },
        filter: Filter::default(),
        trace: true,
        summarize: true,
        fixed,
        ..CoreOptions::default()
    };
    let mut core = Core::new(opts, 999, sinks).with_output(out);
    replay.run(&mut core);
    core.finish();
});
