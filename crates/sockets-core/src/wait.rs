//! Waiting for one socket's readiness on the calling thread, for the
//! blocking facade: the platform-specific part of [`crate::blocking`].

use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::task::{Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use rustix::event::{poll, EventfdFlags, PollFd, PollFlags, Timespec};

use crate::runtime::Wait;

/// The waker of one blocking thread: unparks it, and signals an eventfd
/// that its poll(2) on a socket also watches.
pub(crate) struct Notifier {
    thread: Thread,
    eventfd: Option<OwnedFd>,
}

impl Notifier {
    /// Runs `body` with this thread's notifier and a waker for it.
    pub(crate) fn with_current<T>(body: impl FnOnce(&Notifier, &Waker) -> T) -> T {
        thread_local! {
            static CURRENT: (Arc<Notifier>, Waker) = {
                let notifier = Arc::new(Notifier {
                    thread: thread::current(),
                    // Without an eventfd a socket wait still ends on readiness
                    // or its deadline; only other wake-ups wait for those.
                    eventfd: rustix::event::eventfd(0, EventfdFlags::CLOEXEC | EventfdFlags::NONBLOCK).ok(),
                });
                let waker = Waker::from(notifier.clone());
                (notifier, waker)
            };
        }
        CURRENT.with(|(notifier, waker)| body(notifier, waker))
    }

    /// Waits until the socket is ready, the waker fires, or `timeout`
    /// passes. Errors and hang-ups count as ready: the next poll of the
    /// future reports them.
    pub(crate) fn wait_ready(&self, wait: &Wait, timeout: Option<Duration>) {
        let flags = if wait.is_read() {
            PollFlags::IN
        } else {
            PollFlags::OUT
        };
        let timespec = timeout.map(|t| {
            Timespec::try_from(t).unwrap_or(Timespec {
                tv_sec: i64::MAX,
                tv_nsec: 0,
            })
        });
        let socket = PollFd::new(wait.stream(), flags);
        // EINTR and other poll errors just end this wait; the loop polls again.
        match &self.eventfd {
            None => drop(poll(&mut [socket], timespec.as_ref())),
            Some(eventfd) => {
                let mut fds = [socket, PollFd::new(eventfd, PollFlags::IN)];
                if poll(&mut fds, timespec.as_ref()).is_ok() && !fds[1].revents().is_empty() {
                    let mut count = [0u8; 8];
                    let _ = rustix::io::read(eventfd.as_fd(), &mut count);
                }
            }
        }
    }
}

impl Wake for Notifier {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.thread.unpark();
        if let Some(eventfd) = &self.eventfd {
            let _ = rustix::io::write(eventfd.as_fd(), &1u64.to_ne_bytes());
        }
    }
}
