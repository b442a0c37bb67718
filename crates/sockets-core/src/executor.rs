//! [`Executor`]: what a server spawns its accept loop and connection tasks
//! on, so a program serves on its own runtime (hyper's `rt::Executor` has
//! the same shape).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A task as an [`Executor`] receives it: boxed, `Send`, returning nothing.
pub type BoxedTask = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Something that runs tasks to completion: the runtime a server's accept
/// loop and every connection task run on.
///
/// Pass one with [`ServeOptions::executor`](crate::ServeOptions::executor).
/// The default is async-std's global executor. With the cargo feature
/// `tokio`, `tokio::runtime::Handle` implements it, so handlers may use
/// tokio's timers, `tokio::spawn` and tokio I/O.
///
/// An implementation must eventually poll every task it is given until the
/// task completes. One that does not cannot hang a server, since a task
/// holds its work (the listener, or an accepted connection) where the
/// server can take it back until the task's first poll:
/// - a task the executor drops unpolled drops its work: the listener
///   closes, or the connection closes without its handler running;
/// - a task the executor keeps but has not polled when
///   [`Server::close`](crate::Server::close) has waited the shutdown
///   timeout is dropped by `close` in the same way, and `close` stops
///   waiting for it.
///
/// In both cases `close` returns an error that says how many tasks the
/// executor never ran. A task polled once counts as started: `close` waits
/// for it until it completes, so an executor that stops polling started
/// tasks still makes `close` wait.
///
/// # Examples
/// A thread per task, to show the shape (real programs pass their
/// runtime's handle):
/// ```
/// use sockets_core::{dial, serve_with, BoxedTask, DialOptions, Executor, ServeOptions};
///
/// struct ThreadPerTask;
///
/// impl Executor for ThreadPerTask {
///     fn spawn(&self, task: BoxedTask) {
///         std::thread::spawn(move || futures_lite::future::block_on(task));
///     }
/// }
///
/// # futures_lite::future::block_on(async {
/// let options = ServeOptions::default().executor(ThreadPerTask);
/// let server = serve_with("127.0.0.1", 0, options, |mut conn| async move {
///     conn.stream.writeln("served on a thread").await
/// })
/// .await?;
/// let mut client = dial("127.0.0.1", server.local_addr().port(), DialOptions::default()).await?;
/// assert_eq!(client.read_line().await?.as_deref(), Some("served on a thread"));
/// server.close().await?;
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub trait Executor: Send + Sync + 'static {
    /// Runs `task` to completion, in the background.
    fn spawn(&self, task: BoxedTask);
}

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
impl Executor for tokio::runtime::Handle {
    /// Spawns `task` on this tokio runtime (detached).
    fn spawn(&self, task: BoxedTask) {
        drop(tokio::runtime::Handle::spawn(self, task));
    }
}

/// The executor a server uses: the one from its options, or async-std's.
#[derive(Clone, Default)]
pub(crate) struct Spawner(Option<Arc<dyn Executor>>);

impl Spawner {
    pub(crate) fn new(executor: impl Executor) -> Spawner {
        Spawner(Some(Arc::new(executor)))
    }

    /// Spawns `task` detached.
    pub(crate) fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        match &self.0 {
            None => crate::runtime::spawn_detached(task),
            Some(executor) => executor.spawn(Box::pin(task)),
        }
    }

    pub(crate) fn is_default(&self) -> bool {
        self.0.is_none()
    }
}

impl fmt::Debug for Spawner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_default() {
            "async-std"
        } else {
            "custom"
        })
    }
}
