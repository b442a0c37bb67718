//! std's `Read`, `BufRead`, `Write` and line iteration, implemented once for
//! [`Socket`](crate::Socket) and its halves, through the read and write
//! parts. Each type provides `inner` (the core type), whose own read and
//! write deadlines bound every call.

/// `Read`, `BufRead` on `&mut` (see [`Socket`](crate::Socket) for why),
/// `IntoIterator` of lines on `&mut`.
macro_rules! impl_read_traits {
    ($type:ty) => {
        impl std::io::Read for $type {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                $crate::read_part::read_into(&mut self.inner, buf)
            }
        }

        impl std::io::BufRead for &mut $type {
            fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
                $crate::read_part::fill_buf(&mut self.inner)
            }

            fn consume(&mut self, amt: usize) {
                $crate::read_part::CoreReader::consume(&mut self.inner, amt)
            }
        }

        impl<'a> IntoIterator for &'a mut $type {
            type Item = std::io::Result<String>;
            type IntoIter = $crate::lines::Lines<'a>;

            fn into_iter(self) -> $crate::lines::Lines<'a> {
                self.lines()
            }
        }

        impl $crate::lines::ReadLines for $type {
            fn next_line(&mut self) -> Option<std::io::Result<String>> {
                $crate::read_part::next_line(&mut self.inner)
            }
        }
    };
}

/// `Write`: a partial write, as std's contract has it (the inherent
/// `write` writes everything).
macro_rules! impl_write_traits {
    ($type:ty) => {
        impl std::io::Write for $type {
            /// Writes some of `buf` and returns how many bytes, as
            /// `std::io::Write::write` does (the inherent `write` writes all).
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                $crate::write_part::write_some(&mut self.inner, buf)
            }

            fn flush(&mut self) -> std::io::Result<()> {
                $crate::write_part::flush(&mut self.inner)
            }
        }
    };
}

/// `From` the core twin, and a `Debug` that shows it.
macro_rules! impl_wrapper_traits {
    ($($type:ident),*) => {$(
        impl From<sockets_core::$type> for $type {
            fn from(inner: sockets_core::$type) -> Self {
                $type { inner }
            }
        }

        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($type)).field(&self.inner).finish()
            }
        }
    )*};
}

pub(crate) use impl_read_traits;
pub(crate) use impl_wrapper_traits;
pub(crate) use impl_write_traits;
