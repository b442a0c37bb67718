//! Adapters giving the protocol to any `Read + Write`, `Read` or `Write`.

use std::io::{self, Read, Write};

use crate::protocol::{unsupported, StreamProtocol};

/// Any `Read + Write` as a stream (closing flushes).
///
/// ```
/// use std::io::Cursor;
/// use sockets_stream::{IoStream, ReadWriter};
///
/// let mut stream = IoStream::new(ReadWriter::new(Cursor::new(b"a\nb\n".to_vec())));
/// assert_eq!(stream.read_line()?.as_deref(), Some("a"));
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct ReadWriter<T>(pub T);

/// Any `Read` as a read-only stream; writing is `Unsupported`.
#[derive(Debug)]
pub struct Reader<T>(pub T);

/// Any `Write` as a write-only stream (closing flushes); reading is
/// `Unsupported`.
#[derive(Debug)]
pub struct Writer<T>(pub T);

macro_rules! adapter {
    ($adapter:ident, $bound:path, $what:literal) => {
        impl<T: $bound> $adapter<T> {
            /// Wraps `inner`.
            pub fn new(inner: T) -> Self {
                $adapter(inner)
            }

            /// The wrapped value.
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        impl<T> $adapter<T> {
            fn name(&self) -> String {
                format!(concat!($what, " {}"), std::any::type_name::<T>())
            }
        }
    };
}

adapter!(ReadWriter, ReadWrite, "reader-writer");
adapter!(Reader, Read, "reader");
adapter!(Writer, Write, "writer");

/// `Read + Write`, for the adapter's bound.
pub trait ReadWrite: Read + Write {}

impl<T: Read + Write> ReadWrite for T {}

impl<T: Read + Write> StreamProtocol for ReadWriter<T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }

    fn close(&mut self) -> io::Result<()> {
        self.0.flush()
    }

    fn describe(&self) -> String {
        self.name()
    }
}

impl<T: Read> StreamProtocol for Reader<T> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }

    fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
        Err(unsupported(&self.describe(), "write"))
    }

    fn close(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn describe(&self) -> String {
        self.name()
    }
}

impl<T: Write> StreamProtocol for Writer<T> {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(unsupported(&self.describe(), "read"))
    }

    fn read_line(&mut self, _lookahead: &mut crate::LineBuffer) -> io::Result<Option<String>> {
        Err(unsupported(&self.describe(), "read a line"))
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }

    fn close(&mut self) -> io::Result<()> {
        self.0.flush()
    }

    fn describe(&self) -> String {
        self.name()
    }
}
