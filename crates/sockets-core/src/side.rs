//! [`Side`]: how a socket or a half reaches its transport and its read or
//! write part ([`Reader`](crate::reader::Reader) or
//! [`Writer`](crate::writer::Writer)), for the methods that
//! read_part.rs and write_part.rs generate.

use std::io;
use std::pin::Pin;

/// A type that reads or writes through `Part`.
pub(crate) trait Side<Part> {
    /// The transport it reads from or writes to.
    type Io: Unpin;

    /// The transport and the part, or `NotConnected` naming `operation`.
    fn side(&mut self, operation: &str) -> io::Result<(Pin<&mut Self::Io>, &mut Part)>;
}

/// Implements [`Side<$part>`] for `$type` through its fields `io` (an
/// `Option<$io>`, `None` after close), `$field` and `info`.
macro_rules! impl_side {
    ($type:ident, $io:ty, $field:ident, $part:ty) => {
        impl $crate::side::Side<$part> for $type {
            type Io = $io;

            #[inline]
            fn side(
                &mut self,
                operation: &str,
            ) -> std::io::Result<(std::pin::Pin<&mut $io>, &mut $part)> {
                match self.io.as_mut() {
                    Some(io) => Ok((std::pin::Pin::new(io), &mut self.$field)),
                    None => Err($crate::error::closed(self.info.remote_addr, operation)),
                }
            }
        }
    };
}

pub(crate) use impl_side;
