//! Adapters giving the protocol to any `Read + Write`, `Read` or `Write`.

use std::io::{self, Read, Write};

use crate::protocol::{unsupported, StreamProtocol};

/// Any `Read + Write` as a two-way (duplex) stream; closing flushes.
///
/// # Examples
/// ```
/// use std::io::Cursor;
/// use sockets_stream::{Duplex, IoStream};
///
/// let mut stream = IoStream::new(Duplex::new(Cursor::new(b"a\nb\n".to_vec())));
/// assert_eq!(stream.read_line()?.as_deref(), Some("a"));
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct Duplex<T>(pub T);

/// Any `Read` as a read-only stream; writing is `Unsupported`.
///
/// # Examples
/// ```
/// use std::io::Read;
/// use sockets_stream::{copy, Reader, StreamProtocol};
/// let mut source = Reader::new(std::io::repeat(b'z').take(3));
/// let mut sink = Vec::new();
/// assert_eq!(copy(&mut source, &mut sink)?, 3);
/// assert_eq!(source.write(b"x").unwrap_err().kind(), std::io::ErrorKind::Unsupported);
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct Reader<T>(pub T);

/// Any `Write` as a write-only stream (closing flushes); reading is
/// `Unsupported`.
///
/// # Examples
/// ```
/// use sockets_stream::{copy, Writer};
/// let mut sink = Writer::new(std::io::Cursor::new(Vec::new()));
/// copy(&mut &b"into any Write"[..], &mut sink)?;
/// assert_eq!(sink.into_inner().into_inner(), b"into any Write");
/// # std::io::Result::Ok(())
/// ```
#[derive(Debug)]
pub struct Writer<T>(pub T);

macro_rules! adapter {
    ($adapter:ident, $bound:path, $what:literal) => {
        impl<T: $bound> $adapter<T> {
            /// Wraps `inner`.
            ///
            /// # Examples
            /// ```
            #[doc = concat!("let adapter = sockets_stream::", stringify!($adapter), "::new(std::io::Cursor::new(b\"x\".to_vec()));")]
            /// assert_eq!(adapter.into_inner().into_inner(), b"x");
            /// ```
            pub fn new(inner: T) -> Self {
                $adapter(inner)
            }

            /// The wrapped value.
            ///
            /// # Examples
            /// ```
            #[doc = concat!("let adapter = sockets_stream::", stringify!($adapter), "::new(std::io::Cursor::new(vec![1u8, 2]));")]
            /// assert_eq!(adapter.into_inner().into_inner(), [1, 2]);
            /// ```
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

adapter!(Duplex, ReadWrite, "duplex");
adapter!(Reader, Read, "reader");
adapter!(Writer, Write, "writer");

/// `Read + Write`: what [`Duplex`] wraps.
///
/// # Examples
/// ```
/// use sockets_stream::{ReadWrite, Duplex};
/// fn wrap<T: ReadWrite>(inner: T) -> Duplex<T> {
///     Duplex::new(inner)
/// }
/// let _stream = wrap(std::io::Cursor::new(Vec::<u8>::new()));
/// # std::io::Result::Ok(())
/// ```
pub trait ReadWrite: Read + Write {}

impl<T: Read + Write> ReadWrite for T {}

impl<T: Read + Write> StreamProtocol for Duplex<T> {
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
