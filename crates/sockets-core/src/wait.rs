//! Waiting for sockets' readiness on the calling thread, for the blocking
//! facade: the platform-specific part of [`crate::blocking`].
//!
//! - Unix: poll(2) on every socket the future waits for, plus a wake-up
//!   descriptor that the waker signals (an eventfd on Linux and Android, a
//!   pipe elsewhere), so a timer or another task still ends the wait.
//! - Other platforms (Windows): blocking mode records no socket waits there
//!   (`runtime::in_blocking_mode` is false), so sockets register with the
//!   reactor as in async code; the thread parks and the waker unparks it.

use std::sync::Arc;
use std::task::{Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use crate::runtime::Wait;

/// The waker of one blocking thread: unparks it, and on Unix signals the
/// wake-up descriptor that its poll(2) on sockets also watches.
pub(crate) struct Notifier {
    thread: Thread,
    // Without one (descriptors exhausted) a socket wait still ends on
    // readiness or its deadline; only other wake-ups wait for those.
    #[cfg(unix)]
    wake_up: Option<poll_wait::WakeUp>,
}

impl Notifier {
    /// Runs `body` with this thread's notifier and a waker for it.
    pub(crate) fn with_current<T>(body: impl FnOnce(&Notifier, &Waker) -> T) -> T {
        thread_local! {
            static CURRENT: (Arc<Notifier>, Waker) = {
                let notifier = Arc::new(Notifier {
                    thread: thread::current(),
                    #[cfg(unix)]
                    wake_up: poll_wait::WakeUp::new().ok(),
                });
                let waker = Waker::from(notifier.clone());
                (notifier, waker)
            };
        }
        CURRENT.with(|(notifier, waker)| body(notifier, waker))
    }

    /// Waits until one of the sockets in `waits` is ready, the waker fires,
    /// or `timeout` passes. Errors and hang-ups count as ready: the next
    /// poll of the future reports them. With no socket to wait for, only
    /// the waker or the timeout ends the wait.
    pub(crate) fn wait_ready(&self, waits: &[Wait], timeout: Option<Duration>) {
        // Also without sockets while there is a wake-up descriptor: the
        // wait then consumes the waker's signal.
        #[cfg(unix)]
        if !waits.is_empty() || self.wake_up.is_some() {
            return poll_wait::wait(waits, self.wake_up.as_ref(), timeout);
        }
        // Not Unix: blocking mode never records a socket wait (see the
        // module docs), so the reactor wakes this thread through its waker.
        #[cfg(not(unix))]
        debug_assert!(waits.is_empty(), "socket waits are Unix-only");
        match timeout {
            Some(timeout) => thread::park_timeout(timeout),
            None => thread::park(),
        }
    }
}

impl Wake for Notifier {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.thread.unpark();
        #[cfg(unix)]
        if let Some(wake_up) = &self.wake_up {
            wake_up.signal();
        }
    }
}

/// poll(2) on sockets and a wake-up descriptor (Unix).
#[cfg(unix)]
mod poll_wait {
    use std::io;
    use std::os::fd::OwnedFd;
    use std::time::Duration;

    use rustix::event::{poll, PollFd, PollFlags, Timespec};

    use crate::runtime::Wait;

    /// A descriptor that turns readable when the waker fires.
    pub(super) struct WakeUp {
        read: OwnedFd,
        /// The pipe's write end; `None` for an eventfd (one descriptor).
        write: Option<OwnedFd>,
    }

    impl WakeUp {
        /// An eventfd on Linux and Android, a pipe elsewhere.
        pub(super) fn new() -> io::Result<WakeUp> {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            let wake_up = WakeUp::eventfd();
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            let wake_up = WakeUp::pipe();
            wake_up
        }

        /// An eventfd: one descriptor, a counter that never fills up.
        #[cfg(any(target_os = "linux", target_os = "android"))]
        fn eventfd() -> io::Result<WakeUp> {
            use rustix::event::{eventfd, EventfdFlags};
            let read = eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK)?;
            Ok(WakeUp { read, write: None })
        }

        /// A non-blocking pipe, for every Unix (tested on Linux too).
        /// Apple systems lack pipe2, so the flags are set after creation.
        #[cfg_attr(any(target_os = "linux", target_os = "android"), allow(dead_code))]
        fn pipe() -> io::Result<WakeUp> {
            let (read, write) = rustix::pipe::pipe()?;
            for fd in [&read, &write] {
                rustix::io::fcntl_setfd(fd, rustix::io::FdFlags::CLOEXEC)?;
                rustix::io::ioctl_fionbio(fd, true)?;
            }
            Ok(WakeUp {
                read,
                write: Some(write),
            })
        }

        /// Makes the read side readable. Eight bytes: an eventfd adds them
        /// as a u64; a full pipe is already readable, so a failed write
        /// loses nothing.
        pub(super) fn signal(&self) {
            let fd = self.write.as_ref().unwrap_or(&self.read);
            let _ = rustix::io::write(fd, &1u64.to_ne_bytes());
        }

        /// Consumes every signal so the next poll blocks again.
        fn drain(&self) {
            let mut buf = [0u8; 64];
            while matches!(rustix::io::read(&self.read, &mut buf), Ok(n) if n == buf.len()) {}
        }
    }

    /// Waits on every socket of `waits` and `wake_up` until one is ready or
    /// `timeout` passes. EINTR and other poll errors just end this wait;
    /// the caller polls its future again.
    pub(super) fn wait(waits: &[Wait], wake_up: Option<&WakeUp>, timeout: Option<Duration>) {
        let timespec = timeout.map(|t| {
            Timespec::try_from(t).unwrap_or(Timespec {
                tv_sec: i64::MAX,
                tv_nsec: 0,
            })
        });
        let mut fds: Vec<PollFd<'_>> = Vec::with_capacity(waits.len() + 1);
        fds.extend(waits.iter().map(|wait| {
            let flags = match wait.is_read() {
                true => PollFlags::IN,
                false => PollFlags::OUT,
            };
            PollFd::new(wait.stream(), flags)
        }));
        if let Some(wake_up) = wake_up {
            fds.push(PollFd::new(&wake_up.read, PollFlags::IN));
        }
        let polled = poll(&mut fds, timespec.as_ref());
        if let (Ok(_), Some(wake_up), Some(last)) = (polled, wake_up, fds.last()) {
            if !last.revents().is_empty() {
                wake_up.drain();
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Whether `wake_up` is still signalled (a poll that does not wait).
        fn signalled(wake_up: &WakeUp) -> bool {
            let zero = Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            let mut fds = [PollFd::new(&wake_up.read, PollFlags::IN)];
            poll(&mut fds, Some(&zero)).unwrap() > 0
        }

        #[test]
        fn a_signal_ends_the_wait_and_is_consumed_by_it() {
            let limit = Some(Duration::from_secs(60));
            for wake_up in [WakeUp::new().unwrap(), WakeUp::pipe().unwrap()] {
                assert!(!signalled(&wake_up));
                // Signals that came before the wait end it at once.
                wake_up.signal();
                wake_up.signal();
                wait(&[], Some(&wake_up), limit);
                assert!(!signalled(&wake_up));
                // A signal from another thread ends a wait under way.
                std::thread::scope(|scope| {
                    scope.spawn(|| wake_up.signal());
                    wait(&[], Some(&wake_up), limit);
                });
                // Many signals (more than a pipe read takes) are all consumed.
                for _ in 0..100 {
                    wake_up.signal();
                }
                wait(&[], Some(&wake_up), limit);
                assert!(!signalled(&wake_up));
            }
        }
    }
}
