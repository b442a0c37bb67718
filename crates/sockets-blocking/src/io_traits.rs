//! std's `Read`, `BufRead`, `Write` and line iteration, implemented once for
//! [`Socket`](crate::Socket) and its halves. Each type provides `inner` (the
//! core type), whose own read and write deadlines bound every call.

/// `Read`, `BufRead` on `&mut` (see [`Socket`](crate::Socket) for why),
/// `IntoIterator` of lines on `&mut`.
macro_rules! impl_read_traits {
    ($type:ty, $name:literal) => {
        impl std::io::Read for $type {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let read = futures_lite::AsyncReadExt::read(&mut self.inner, buf);
                $crate::call::call(concat!($name, "::read"), read)
            }
        }

        impl std::io::BufRead for &mut $type {
            fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
                if self.inner.buffered().is_empty() {
                    let mut inner = &mut self.inner;
                    let fill = futures_lite::future::poll_fn(|cx| {
                        futures_lite::AsyncBufRead::poll_fill_buf(
                            std::pin::Pin::new(&mut inner),
                            cx,
                        )
                        .map_ok(drop)
                    });
                    $crate::call::call(concat!($name, "::read"), fill)?;
                }
                Ok(self.inner.buffered())
            }

            fn consume(&mut self, amt: usize) {
                futures_lite::AsyncBufRead::consume(std::pin::Pin::new(&mut &mut self.inner), amt);
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
                // A buffered line needs no block_on; else one item of the
                // core's Stream, which ends after a fatal error and close.
                if let Some(line) = self.inner.try_read_line() {
                    return Some(line);
                }
                // The read timeout is the core's, enforced in blocking mode.
                let next = futures_lite::StreamExt::next(&mut self.inner);
                $crate::call::call(concat!($name, "::lines"), next)
            }
        }
    };
}

/// `Write`, through the type's inherent `flush`.
macro_rules! impl_write_traits {
    ($type:ty, $name:literal) => {
        impl std::io::Write for $type {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let write = futures_lite::AsyncWriteExt::write(&mut self.inner, buf);
                $crate::call::call(concat!($name, "::write"), write)
            }

            fn flush(&mut self) -> std::io::Result<()> {
                <$type>::flush(self)
            }
        }
    };
}

pub(crate) use impl_read_traits;
pub(crate) use impl_write_traits;
