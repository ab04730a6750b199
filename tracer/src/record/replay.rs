//! The replay backend: reads a recording and hands its events to a consumer, answering
//! the decoder from what was recorded.

use super::format::{Answer, End, FormatError, Header, Reader, Record};
use crate::core::{Backend, Consumer, Ending};
use crate::decode::{Device, FdPath, PidInfo, Tracee};

/// Why a recording could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("cannot read recording '{path}': {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("recording '{path}': {source}")]
    Format { path: String, source: FormatError },
}

impl From<ReplayError> for crate::error::TracerError {
    fn from(e: ReplayError) -> Self {
        crate::error::TracerError::Replay(e.to_string())
    }
}

pub struct Replay {
    path: String,
    bytes: Vec<u8>,
    header: Header,
    end: Option<End>,
    error: Option<FormatError>,
}

impl Replay {
    /// Reads the whole recording and checks its header.
    pub fn open(path: &std::path::Path) -> Result<Self, ReplayError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ReplayError::Open {
            path: shown.clone(),
            source,
        })?;
        Self::from_bytes(shown, bytes)
    }

    pub fn from_bytes(path: String, bytes: Vec<u8>) -> Result<Self, ReplayError> {
        let header = match Reader::new(&bytes) {
            Ok((header, _)) => header,
            Err(source) => return Err(ReplayError::Format { path, source }),
        };
        Ok(Replay {
            path,
            bytes,
            header,
            end: None,
            error: None,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// How the recorded command ended (after [`Backend::run`]).
    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// The recording turned out corrupt partway (what came before it was replayed).
    pub fn take_error(&mut self) -> Option<ReplayError> {
        self.error.take().map(|source| ReplayError::Format {
            path: self.path.clone(),
            source,
        })
    }
}

impl Backend for Replay {
    fn run(&mut self, consumer: &mut dyn Consumer) -> Ending {
        let Ok((_, mut reader)) = Reader::new(&self.bytes) else {
            return Ending::Finished;
        };
        loop {
            if consumer.failed() {
                return Ending::OutputFailed;
            }
            if consumer.limit_reached() {
                break;
            }
            match reader.next_record() {
                Ok(Some(Record::Event(ev, answers))) => {
                    consumer.event(&ev, &mut Tape::new(&answers));
                }
                Ok(Some(Record::End(end))) => self.end = Some(end),
                Ok(None) => break,
                Err(e) => {
                    self.error = Some(e);
                    break;
                }
            }
        }
        consumer.flush();
        Ending::Finished
    }
}

/// The world as recorded for one event.
struct Tape<'a> {
    answers: &'a [Answer],
}

impl<'a> Tape<'a> {
    fn new(answers: &'a [Answer]) -> Self {
        Tape { answers }
    }

    /// The recorded answer `pick` recognizes as the one to this question (the answer
    /// itself may be "none"); no answer at all when the live run never asked.
    fn recorded<T>(&self, pick: impl Fn(&Answer) -> Option<Option<T>>) -> Option<T> {
        self.answers.iter().find_map(pick)?
    }
}

impl Tracee for Tape<'_> {
    /// Answered from a recorded read of the same stop that covers `addr`: as many bytes
    /// as it holds from there. A read the live run did not make (a larger `-s` at
    /// replay) gets what was recorded, or nothing.
    fn read_mem(&mut self, addr: u64, buf: &mut [u8]) -> usize {
        let mut best = 0;
        for a in self.answers {
            if let Answer::Mem {
                addr: at, bytes, ..
            } = a
            {
                if addr >= *at && addr - at < bytes.len() as u64 {
                    let off = (addr - at) as usize;
                    let n = buf.len().min(bytes.len() - off);
                    if n > best {
                        buf[..n].copy_from_slice(&bytes[off..off + n]);
                        best = n;
                        if n == buf.len() {
                            break;
                        }
                    }
                }
            }
        }
        best
    }

    fn fd_path(&mut self, fd: i32) -> Option<FdPath> {
        self.recorded(|a| match a {
            Answer::FdPath(f, p) if *f == fd => Some(p.clone()),
            _ => None,
        })
    }

    fn stack_pointer(&mut self) -> Option<u64> {
        self.recorded(|a| match a {
            Answer::StackPointer(sp) => Some(*sp),
            _ => None,
        })
    }

    fn netlink_protocol(&mut self, fd: i32) -> Option<u32> {
        self.recorded(|a| match a {
            Answer::NetlinkProtocol(f, p) if *f == fd => Some(*p),
            _ => None,
        })
    }

    fn generic_family(&mut self, id: u16) -> Option<String> {
        self.recorded(|a| match a {
            Answer::GenericFamily(i, n) if *i == id => Some(n.clone()),
            _ => None,
        })
    }

    fn interface_name(&mut self, index: u32) -> Option<String> {
        self.recorded(|a| match a {
            Answer::InterfaceName(i, n) if *i == index => Some(n.clone()),
            _ => None,
        })
    }

    fn utc_offset(&mut self, epoch_sec: i64) -> Option<i64> {
        self.recorded(|a| match a {
            Answer::UtcOffset(s, o) if *s == epoch_sec => Some(*o),
            _ => None,
        })
    }

    fn pid_info(&mut self, pid: i32) -> Option<PidInfo> {
        self.recorded(|a| match a {
            Answer::PidInfo(p, i) if *p == pid => Some(i.clone()),
            _ => None,
        })
    }

    fn socket_details(&mut self, fd: i32) -> Option<String> {
        self.recorded(|a| match a {
            Answer::SocketDetails(f, d) if *f == fd => Some(d.clone()),
            _ => None,
        })
    }

    fn fd_device(&mut self, fd: i32) -> Option<Device> {
        self.recorded(|a| match a {
            Answer::FdDevice(f, d) if *f == fd => Some(*d),
            _ => None,
        })
    }

    fn cpu_time_ns(&mut self) -> Option<u64> {
        self.recorded(|a| match a {
            Answer::CpuTime(t) => Some(*t),
            _ => None,
        })
    }

    fn fd_info(&mut self, fd: i32) -> Option<Vec<u8>> {
        self.recorded(|a| match a {
            Answer::FdInfo(f, t) if *f == fd => Some(t.clone()),
            _ => None,
        })
    }
}
