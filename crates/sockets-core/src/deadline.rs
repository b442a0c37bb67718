//! [`CallDeadline`]: the deadline of one read or write call, for both sides
//! of a socket and both modes (the reactor's timer on an executor, the
//! thread's own wait in blocking mode: see `runtime::Deadline`).

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::{context, timed_out};
use crate::runtime::Deadline;

/// Which side of the socket a deadline limits; it names the step in errors.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Direction {
    Read,
    Write,
}

/// A per-call deadline with its timeout and the peer it names in errors.
#[derive(Debug)]
pub(crate) struct CallDeadline {
    armed: Deadline,
    timeout: Option<Duration>,
    peer: SocketAddr,
    direction: Direction,
}

impl CallDeadline {
    pub(crate) fn new(direction: Direction, timeout: Option<Duration>, peer: SocketAddr) -> Self {
        CallDeadline {
            armed: Deadline::default(),
            timeout,
            peer,
            direction,
        }
    }

    /// Ends a call's deadline; called before and after each whole call, and
    /// after each ready poll of the `AsyncRead`/`AsyncWrite` impls.
    #[inline]
    pub(crate) fn reset(&mut self) {
        self.armed.reset();
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// The peer's address, for errors the caller makes itself.
    #[inline]
    pub(crate) fn peer(&self) -> &SocketAddr {
        &self.peer // borrowed: a line read names it only on error
    }

    /// Names the step and the peer in an error from the transport.
    #[inline]
    pub(crate) fn context<T>(&self, outcome: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        outcome.map_err(|e| context(e, self.step().to_string()))
    }

    /// Arms the deadline on a pending outcome; `TimedOut` once it passed.
    #[inline]
    pub(crate) fn expire<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        let step = self.step();
        self.armed
            .poll(cx, self.timeout, outcome, |after| timed_out(step, after))
    }

    /// Both: the outcome of one poll of a call, with context and deadline.
    #[inline]
    pub(crate) fn limit<T>(
        &mut self,
        cx: &mut Context<'_>,
        outcome: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        let outcome = self.context(outcome);
        self.expire(cx, outcome)
    }

    fn step(&self) -> Step {
        Step(self.direction, self.peer)
    }
}

/// "reading from PEER" or "writing to PEER", formatted only for an error.
struct Step(Direction, SocketAddr);

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Direction::Read => write!(f, "reading from {}", self.1),
            Direction::Write => write!(f, "writing to {}", self.1),
        }
    }
}
