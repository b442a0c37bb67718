//! A task's payload, kept where [`Server::close`](crate::Server::close)
//! can reach it until the executor first polls the task: an executor that
//! never runs a task can then neither hold its socket open nor hang
//! `close()` (issue 11, bad input).

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

/// A task whose payload can be taken back before it starts.
pub(crate) trait Abandon: Send + Sync {
    /// Drops the payload if the task has not started yet; whether it had not.
    fn abandon(&self) -> bool;
}

/// The payload until the task's first poll claims it.
struct Slot<T>(Mutex<Option<T>>);

impl<T> Slot<T> {
    fn take(&self) -> Option<T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl<T: Send> Abandon for Slot<T> {
    fn abandon(&self) -> bool {
        // Dropped after the lock is released: the payload's drop may lock
        // the server's state.
        self.take().is_some()
    }
}

/// Moved into the task: if the executor drops the task before polling it,
/// the payload goes with it and `dropped_unrun` reports that.
struct DropWithTask<T, H: FnOnce()> {
    slot: Arc<Slot<T>>,
    dropped_unrun: Option<H>,
}

impl<T, H: FnOnce()> Drop for DropWithTask<T, H> {
    fn drop(&mut self) {
        if let Some(payload) = self.slot.take() {
            if let Some(report) = self.dropped_unrun.take() {
                report();
            }
            drop(payload);
        }
    }
}

/// The task `run(payload)`, which claims `payload` on its first poll, and
/// the handle that drops the payload instead if that poll has not happened.
/// `dropped_unrun` runs if the executor drops the task without polling it.
pub(crate) fn on_first_poll<T, Fut>(
    payload: T,
    run: impl FnOnce(T) -> Fut + Send + 'static,
    dropped_unrun: impl FnOnce() + Send + 'static,
) -> (Arc<dyn Abandon>, impl Future<Output = ()> + Send + 'static)
where
    T: Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let slot = Arc::new(Slot(Mutex::new(Some(payload))));
    let guard = DropWithTask {
        slot: slot.clone(),
        dropped_unrun: Some(dropped_unrun),
    };
    let task = async move {
        let guard = guard;
        let claimed = guard.slot.take();
        if let Some(payload) = claimed {
            run(payload).await;
        }
    };
    (slot, task)
}
