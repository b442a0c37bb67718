//! The blocking twin of sockets-core's `executor_never_runs`: with an
//! executor that keeps tasks without polling them, `Server::close` neither
//! hangs nor joins a thread that never started; it closes the connections
//! unserved and says so in its error.

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_core::{BoxedTask, Executor};
use sockets_test_support::run_blocking;

/// Runs the first `runs` tasks on a thread each; keeps the rest unpolled
/// and reports each one kept.
struct Keeps {
    runs: AtomicUsize,
    kept: Mutex<(Vec<BoxedTask>, Sender<()>)>,
}

impl Executor for Keeps {
    fn spawn(&self, task: BoxedTask) {
        let run = (self
            .runs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)))
        .is_ok();
        if run {
            std::thread::spawn(move || futures_lite::future::block_on(task));
        } else {
            let mut kept = self.kept.lock().unwrap();
            kept.0.push(task);
            let _ = kept.1.send(());
        }
    }
}

fn server(runs: usize, handled: Arc<AtomicUsize>) -> (Server, Receiver<()>) {
    let (report, kept) = channel();
    let executor = Keeps {
        runs: AtomicUsize::new(runs),
        kept: Mutex::new((Vec::new(), report)),
    };
    let options = ServeOptions::default()
        .shutdown_timeout(Duration::from_millis(200))
        .executor(executor);
    let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
        handled.fetch_add(1, Ordering::SeqCst);
        conn.stream.writeln("served")
    })
    .expect("serve returns whatever the executor does");
    (server, kept)
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

#[test]
fn a_never_polled_accept_loop_does_not_hang_close() {
    run_blocking(|| {
        let (server, kept) = server(0, Arc::default());
        kept.recv().unwrap();
        let error = server.close().expect_err("the executor never ran a task");
        assert_unrun(&error, &server, "its accept loop");
        std::net::TcpListener::bind(server.local_addr()).expect("the port is free");
    });
}

#[test]
fn a_connection_whose_task_never_runs_is_closed_unserved() {
    run_blocking(|| {
        let handled = Arc::new(AtomicUsize::new(0));
        let (server, kept) = server(1, handled.clone());
        let mut client = dial(
            "127.0.0.1",
            server.local_addr().port(),
            DialOptions::default(),
        )
        .unwrap();
        kept.recv().unwrap(); // its connection task, kept unpolled
        let error = server.close().expect_err("the executor never ran a task");
        assert_unrun(&error, &server, "1 connection task");
        assert!(!matches!(client.read_line(), Ok(Some(_))));
        assert_eq!(handled.load(Ordering::SeqCst), 0);
        assert_eq!(server.stats().active, 0);
    });
}
