//! Which server's handler the current thread is running, so that
//! [`Server::close`](crate::Server::close) called from inside a handler
//! neither waits for nor shuts down the connection that called it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One running handler: its server (the address of the server's shared
/// state, alive while the handler runs) and its connection handle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandlerScope {
    server: usize,
    handle: u64,
}

thread_local! {
    static CURRENT: Cell<Option<HandlerScope>> = const { Cell::new(None) };
}

impl HandlerScope {
    pub(crate) fn new(server: usize, handle: u64) -> HandlerScope {
        HandlerScope { server, handle }
    }

    /// The handler this thread runs right now, if any.
    pub fn current() -> Option<HandlerScope> {
        CURRENT.with(Cell::get)
    }

    /// The connection handle of the current handler of `server`, if this
    /// thread runs one.
    pub(crate) fn current_of(server: usize) -> Option<u64> {
        Self::current()
            .filter(|scope| scope.server == server)
            .map(|scope| scope.handle)
    }

    /// Marks this thread as running the handler until the guard drops (a
    /// blocking handler's own thread holds it for the handler's run).
    pub fn enter(self) -> ScopeGuard {
        ScopeGuard {
            was: CURRENT.with(|current| current.replace(Some(self))),
        }
    }
}

/// Restores the thread's previous scope on drop.
#[derive(Debug)]
pub struct ScopeGuard {
    was: Option<HandlerScope>,
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.was));
    }
}

/// A handler's future, polled inside its scope.
pub(crate) struct InScope<F> {
    pub(crate) scope: HandlerScope,
    pub(crate) future: Pin<Box<F>>,
}

impl<F: Future> Future for InScope<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _scope = self.scope.enter();
        self.future.as_mut().poll(cx)
    }
}
