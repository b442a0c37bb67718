//! Serving on a tokio runtime (feature `tokio`): handlers use tokio's timers
//! and `tokio::spawn`, `close()` is the barrier, and no async-std thread
//! is ever started in this process (every test here runs on tokio).

use sockets_test_support as support;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};
use support::certs::TestCa;
use support::TEST_LIMIT;

const CLIENTS: usize = 50;

/// A server on the current tokio runtime whose handlers sleep on tokio's
/// timer, count in a task of their own, then answer.
async fn tokio_server(options: ServeOptions, served: Arc<AtomicUsize>) -> Server {
    let options = options.executor(tokio::runtime::Handle::current());
    serve_with("127.0.0.1", 0, options, move |mut conn| {
        let served = served.clone();
        async move {
            let name = conn.stream.read_line().await?.unwrap_or_default();
            tokio::time::sleep(Duration::from_millis(5)).await;
            let counted = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(1)).await;
                served.fetch_add(1, Ordering::SeqCst);
            });
            counted.await.expect("counting task");
            conn.stream.writeln(&format!("hello {name}")).await?;
            conn.stream.close().await
        }
    })
    .await
    .expect("serve on tokio")
}

/// 50 concurrent clients (tokio tasks) against `server`; each must be
/// greeted by name.
async fn fifty_clients(server: &Server, dial_options: DialOptions) {
    let port = server.local_addr().port();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let dial_options = dial_options.clone();
            tokio::spawn(async move {
                let mut client = dial("localhost", port, dial_options).await?;
                client.writeln(&format!("client{i}")).await?;
                let answer = client.read_line().await?;
                client.close().await?;
                std::io::Result::Ok(answer)
            })
        })
        .collect();
    for (i, client) in clients.into_iter().enumerate() {
        let answer = client.await.expect("client task").expect("client");
        assert_eq!(answer, Some(format!("hello client{i}")));
    }
}

/// The names of this process's threads, from /proc (Linux, where the tests
/// run; elsewhere the list is empty).
fn thread_names() -> Vec<String> {
    if !cfg!(target_os = "linux") {
        return Vec::new();
    }
    let mut names = Vec::new();
    for task in std::fs::read_dir("/proc/self/task").expect("/proc/self/task") {
        let comm = task.expect("task entry").path().join("comm");
        if let Ok(name) = std::fs::read_to_string(comm) {
            names.push(name.trim_end().to_owned());
        }
    }
    names
}

fn assert_no_async_std_thread() {
    let names = thread_names();
    eprintln!("threads of this tokio program: {names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("async-std") || n.starts_with("async-global")),
        "an async-std executor thread runs: {names:?}"
    );
}

async fn limited(body: impl Future<Output = ()>) {
    tokio::time::timeout(TEST_LIMIT, body)
        .await
        .expect("test did not finish within TEST_LIMIT");
}

async fn serves_fifty(tls: bool) {
    limited(async {
        let served = Arc::new(AtomicUsize::new(0));
        let ca = TestCa::new("sockets tokio CA");
        let (options, dial_options) = if tls {
            let leaf = ca.leaf(&["localhost"]);
            (
                ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem),
                DialOptions::default().tls_config(ca.client_config()),
            )
        } else {
            (ServeOptions::default(), DialOptions::default())
        };
        let server = tokio_server(options, served.clone()).await;
        fifty_clients(&server, dial_options).await;
        server.close().await.expect("close");
        // The barrier: every handler, and the task each one spawned, is done.
        assert_eq!(served.load(Ordering::SeqCst), CLIENTS);
        let stats = server.stats();
        assert_eq!((stats.accepted, stats.active), (CLIENTS as u64, 0));
        assert_eq!((stats.handler_errors, stats.handler_panics), (0, 0));
        assert_no_async_std_thread();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_runtime_serves_fifty_plain_clients() {
    serves_fifty(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_runtime_serves_fifty_tls_clients() {
    serves_fifty(true).await;
}

#[tokio::test(flavor = "current_thread")]
async fn current_thread_runtime_serves_fifty_plain_clients() {
    serves_fifty(false).await;
}

#[tokio::test(flavor = "current_thread")]
async fn current_thread_runtime_serves_fifty_tls_clients() {
    serves_fifty(true).await;
}
