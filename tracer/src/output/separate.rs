//! `-ff` / `--output-separately` with `-o FILE`: each thread's lines in a file of its
//! own, `FILE.TID`, as strace writes them (strace's unit is the thread). Every thread
//! gets its own printer over its own file, made on its first event; lines of one thread
//! are then never split by another's.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Line, SharedOut, Sink};

/// Makes the printer of one thread's file.
pub type MakeSink = Box<dyn FnMut(SharedOut) -> Box<dyn Sink>>;

/// A thread's file and printer; `None` when its file could not be opened.
type ThreadFile = Option<(SharedOut, Box<dyn Sink>)>;

pub struct PerThread {
    prefix: PathBuf,
    append: bool,
    make: MakeSink,
    wants_entries: bool,
    files: HashMap<i32, ThreadFile>,
}

impl PerThread {
    /// `prefix`: the `-o` path; `append`: `-A`.
    pub fn new(prefix: PathBuf, append: bool, mut make: MakeSink) -> Self {
        let wants_entries = make(SharedOut::new(Box::new(std::io::sink()))).wants_entries();
        PerThread {
            prefix,
            append,
            make,
            wants_entries,
            files: HashMap::new(),
        }
    }

    /// The thread's printer, its file opened on first use (a file that cannot be opened
    /// is said once on stderr, and the thread's lines are dropped).
    fn sink(&mut self, tid: i32) -> Option<&mut Box<dyn Sink>> {
        if !self.files.contains_key(&tid) {
            let mut name = self.prefix.clone().into_os_string();
            name.push(format!(".{tid}"));
            let path = PathBuf::from(name);
            let opened = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .append(self.append)
                .truncate(!self.append)
                .open(&path);
            let entry = match opened {
                Ok(file) => {
                    let out = SharedOut::new(Box::new(file));
                    let sink = (self.make)(out.clone());
                    Some((out, sink))
                }
                Err(e) => {
                    crate::usage::say(&format!(
                        "syscall-tracer: cannot write {}: {e}",
                        path.display()
                    ));
                    None
                }
            };
            self.files.insert(tid, entry);
        }
        self.files
            .get_mut(&tid)
            .and_then(Option::as_mut)
            .map(|(_, s)| s)
    }
}

impl Sink for PerThread {
    fn entered(&mut self, line: &Line<'_>) {
        if let Some(s) = self.sink(line.ids.tid) {
            s.entered(line);
        }
    }

    fn wants_entries(&self) -> bool {
        self.wants_entries
    }

    fn attached(&mut self, tid: i32) {
        if let Some(s) = self.sink(tid) {
            s.attached(tid);
        }
    }

    fn dump(&mut self, ids: super::Ids, text: &str) {
        if let Some(s) = self.sink(ids.tid) {
            s.dump(ids, text);
        }
    }

    fn detached(&mut self, tid: i32) {
        if let Some(s) = self.sink(tid) {
            s.detached(tid);
        }
    }

    fn event(&mut self, line: &Line<'_>) {
        if let Some(s) = self.sink(line.ids.tid) {
            s.event(line);
            // The file is flushed line by line: there is no single stream for the
            // backend to flush before it waits.
            if let Some(Some((out, _))) = self.files.get(&line.ids.tid) {
                out.flush();
            }
        }
    }

    fn finish(&mut self) {
        for (_, s) in self.files.values_mut().flatten() {
            s.finish();
        }
    }
}
