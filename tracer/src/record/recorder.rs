//! The recording side: a consumer that hands each event on and writes it down with the
//! answers the world gave while it was handled.

use super::format::{Answer, End, Header, RecordWriter};
use crate::core::{Consumer, Event, Reply};
use crate::decode::{Device, FdPath, PidInfo, Tracee};

/// Wraps the consumer that does the work (the core), recording what passes through.
pub struct Recorder<'a> {
    inner: &'a mut dyn Consumer,
    writer: RecordWriter,
    /// This event's answers (reused: no allocation per event once warm).
    answers: Vec<Answer>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a mut dyn Consumer, w: Box<dyn std::io::Write>, header: &Header) -> Self {
        Recorder {
            inner,
            writer: RecordWriter::new(w, header),
            answers: Vec::new(),
        }
    }

    /// Writes the end record and flushes; the first write error, if any, is returned.
    pub fn finish(mut self, end: End) -> Option<std::io::Error> {
        self.writer.end(end);
        self.writer.take_error()
    }
}

impl Consumer for Recorder<'_> {
    fn event(&mut self, event: &Event, world: &mut dyn Tracee) -> Reply {
        self.answers.clear();
        let reply = {
            let mut taping = Taping {
                world,
                answers: &mut self.answers,
            };
            self.inner.event(event, &mut taping)
        };
        self.writer.event(event, &self.answers);
        reply
    }

    fn wants_ticks(&self) -> bool {
        self.inner.wants_ticks()
    }

    fn flush(&mut self) {
        self.inner.flush();
        self.writer.flush();
    }

    fn failed(&self) -> bool {
        self.inner.failed() || self.writer.failed()
    }

    fn limit_reached(&self) -> bool {
        self.inner.limit_reached()
    }
}

/// A world that answers from the real one and notes every answer.
struct Taping<'w, 'a> {
    world: &'w mut dyn Tracee,
    answers: &'a mut Vec<Answer>,
}

impl Tracee for Taping<'_, '_> {
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let n = self.world.read_mem(addr, buf).min(buf.len());
        self.answers.push(Answer::Mem {
            addr,
            asked: buf.len() as u64,
            bytes: buf[..n].to_vec(),
        });
        n
    }

    fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
        let p = self.world.fd_path(fd);
        self.answers.push(Answer::FdPath(fd, p.clone()));
        p
    }

    fn stack_pointer(&mut self) -> Option<u64> {
        let sp = self.world.stack_pointer();
        self.answers.push(Answer::StackPointer(sp));
        sp
    }

    fn netlink_protocol(&mut self, fd: i32) -> Option<u32> {
        let p = self.world.netlink_protocol(fd);
        self.answers.push(Answer::NetlinkProtocol(fd, p));
        p
    }

    fn generic_family(&mut self, id: u16) -> Option<String> {
        let n = self.world.generic_family(id);
        self.answers.push(Answer::GenericFamily(id, n.clone()));
        n
    }

    fn interface_name(&mut self, index: u32) -> Option<String> {
        let n = self.world.interface_name(index);
        self.answers.push(Answer::InterfaceName(index, n.clone()));
        n
    }

    fn utc_offset(&mut self, epoch_sec: i64) -> Option<i64> {
        let o = self.world.utc_offset(epoch_sec);
        self.answers.push(Answer::UtcOffset(epoch_sec, o));
        o
    }

    fn pid_info(&mut self, pid: i32) -> Option<PidInfo> {
        let i = self.world.pid_info(pid);
        self.answers.push(Answer::PidInfo(pid, i.clone()));
        i
    }

    fn cpu_time_ns(&mut self) -> Option<u64> {
        let t = self.world.cpu_time_ns();
        self.answers.push(Answer::CpuTime(t));
        t
    }

    fn socket_details(&mut self, fd: i32) -> Option<String> {
        let d = self.world.socket_details(fd);
        self.answers.push(Answer::SocketDetails(fd, d.clone()));
        d
    }

    fn fd_device(&mut self, fd: i32) -> Option<Device> {
        let d = self.world.fd_device(fd);
        self.answers.push(Answer::FdDevice(fd, d));
        d
    }

    fn fd_info(&mut self, fd: i32) -> Option<Vec<u8>> {
        let t = self.world.fd_info(fd);
        self.answers.push(Answer::FdInfo(fd, t.clone()));
        t
    }
}
