//! The coverage report a reviewer reads in one screen: numbers present, syscalls fully
//! typed, arguments left raw and why, and the hand-written hooks.
use crate::validate::Spec;
use std::fmt::Write;

pub struct Stats {
    pub numbers: usize,
    pub reserved: usize,
    pub implemented: usize,
    pub fully_typed: usize,
    /// (syscall, argument, reason)
    pub raw_args: Vec<(String, String, String)>,
    /// (syscall, hook)
    pub hooks: Vec<(String, String)>,
}

pub fn stats(spec: &Spec) -> Stats {
    let mut s = Stats {
        numbers: spec.syscalls.len(),
        reserved: 0,
        implemented: 0,
        fully_typed: 0,
        raw_args: vec![],
        hooks: vec![],
    };
    for sc in &spec.syscalls {
        if sc.reserved {
            s.reserved += 1;
            continue;
        }
        s.implemented += 1;
        if let Some(h) = &sc.custom {
            s.hooks.push((sc.name.clone(), h.clone()));
        }
        let mut typed = true;
        for a in &sc.args {
            if let Some(r) = &a.raw {
                s.raw_args
                    .push((sc.name.clone(), a.name.clone(), r.clone()));
                if r.contains("not yet typed") {
                    typed = false;
                }
            }
        }
        if typed {
            s.fully_typed += 1;
        }
    }
    s
}

impl Stats {
    pub fn report(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "numbers present:      {} ({} implemented, {} reserved)",
            self.numbers, self.implemented, self.reserved
        );
        let _ = writeln!(
            o,
            "fully typed syscalls: {}/{}",
            self.fully_typed, self.implemented
        );
        let _ = writeln!(o, "arguments left raw:   {}", self.raw_args.len());
        for (sc, a, r) in &self.raw_args {
            let _ = writeln!(o, "  {sc}.{a}: {r}");
        }
        let _ = writeln!(o, "per-syscall Rust hooks: {}", self.hooks.len());
        for (sc, h) in &self.hooks {
            let _ = writeln!(o, "  {sc}: hooks::{h}");
        }
        o
    }
}
