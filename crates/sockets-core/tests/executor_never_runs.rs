//! An executor that never runs the tasks it is given (issue 11, bad input;
//! review item 8): neither `serve` nor `close()` hangs. `close()` drops the
//! tasks never started once the shutdown timeout has passed (or at once when
//! the executor dropped them), frees the port, closes the connections
//! unserved, and says so in its error.

use sockets_test_support as support;

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sockets_core::{dial, serve_with, BoxedTask, DialOptions, Executor, ServeOptions, Server};
use support::run;

/// Keeps every task it is given without ever polling it, except the first
/// `runs` tasks, which it runs on async-std; reports each kept task.
struct Keeps {
    runs: AtomicUsize,
    kept: Mutex<Vec<BoxedTask>>,
    reported: async_channel::Sender<()>,
}

impl Executor for Keeps {
    fn spawn(&self, task: BoxedTask) {
        let run = (self
            .runs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)))
        .is_ok();
        if run {
            async_std::task::spawn(task);
        } else {
            self.kept.lock().unwrap().push(task);
            let _ = self.reported.try_send(());
        }
    }
}

/// Drops every task it is given, unpolled.
struct Drops;

impl Executor for Drops {
    fn spawn(&self, task: BoxedTask) {
        drop(task);
    }
}

/// A server whose handler counts its runs, on `executor`.
async fn counting_server(executor: impl Executor, handled: Arc<AtomicUsize>) -> Server {
    let options = ServeOptions::default()
        .shutdown_timeout(Duration::from_millis(200))
        .executor(executor);
    serve_with("127.0.0.1", 0, options, move |mut conn| {
        handled.fetch_add(1, Ordering::SeqCst);
        async move { conn.stream.writeln("served").await }
    })
    .await
    .expect("serve returns whatever the executor does")
}

fn keeps(runs: usize) -> (Keeps, async_channel::Receiver<()>) {
    let (reported, kept) = async_channel::unbounded();
    let executor = Keeps {
        runs: AtomicUsize::new(runs),
        kept: Mutex::new(Vec::new()),
        reported,
    };
    (executor, kept)
}

fn assert_unrun(error: &io::Error, server: &Server, what: &str) {
    assert_eq!(error.kind(), io::ErrorKind::Other);
    let message = error.to_string();
    assert!(
        message.contains(&server.local_addr().to_string()),
        "{message}"
    );
    assert!(message.contains(&format!("never ran {what};")), "{message}");
}

/// The listener was closed: the port binds again.
fn assert_port_free(server: &Server) {
    std::net::TcpListener::bind(server.local_addr()).expect("the port is free after close()");
}

#[test]
fn an_executor_that_never_polls_the_accept_loop_does_not_hang_close() {
    run(async {
        let (executor, kept) = keeps(0);
        let handled = Arc::new(AtomicUsize::new(0));
        let server = counting_server(executor, handled.clone()).await;
        kept.recv().await.unwrap(); // the accept loop, kept unpolled
        let error = server
            .close()
            .await
            .expect_err("the executor never ran a task");
        assert_unrun(&error, &server, "its accept loop");
        assert_port_free(&server);
        server.close().await.expect("reported once");
        assert_eq!(server.stats().active, 0);
        assert_eq!(handled.load(Ordering::SeqCst), 0);
    });
}

#[test]
fn a_client_in_the_backlog_of_a_never_polled_accept_loop_is_let_go() {
    run(async {
        let (executor, _kept) = keeps(0);
        let server = counting_server(executor, Arc::default()).await;
        // The kernel completes the handshake; nobody ever accepts.
        let mut client = dial(
            "127.0.0.1",
            server.local_addr().port(),
            DialOptions::default(),
        )
        .await
        .unwrap();
        let error = server
            .close()
            .await
            .expect_err("the executor never ran a task");
        assert_unrun(&error, &server, "its accept loop");
        // Reset or end of stream, never a hang.
        assert!(!matches!(client.read_line().await, Ok(Some(_))));
        assert_port_free(&server);
    });
}

#[test]
fn connections_whose_task_never_runs_are_closed_unserved() {
    run(async {
        let (executor, kept) = keeps(1); // runs the accept loop only
        let handled = Arc::new(AtomicUsize::new(0));
        let server = counting_server(executor, handled.clone()).await;
        let port = server.local_addr().port();
        let mut first = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        kept.recv().await.unwrap(); // its connection task, kept unpolled
        let mut second = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        kept.recv().await.unwrap();
        assert_eq!(server.stats().active, 2);

        let error = server
            .close()
            .await
            .expect_err("the executor never ran two tasks");
        assert_unrun(&error, &server, "2 connection tasks");
        for client in [&mut first, &mut second] {
            assert!(!matches!(client.read_line().await, Ok(Some(_))));
        }
        let stats = server.stats();
        assert_eq!((stats.accepted, stats.active), (2, 0));
        assert_eq!(handled.load(Ordering::SeqCst), 0);
        assert_port_free(&server);
    });
}

#[test]
fn an_executor_that_drops_tasks_does_not_hang_close() {
    run(async {
        let server = counting_server(Drops, Arc::default()).await;
        let error = server
            .close()
            .await
            .expect_err("the executor dropped the accept loop");
        assert_unrun(&error, &server, "its accept loop");
        assert_port_free(&server);
        assert_eq!(server.stats().active, 0);
    });
}
