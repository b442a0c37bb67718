//! `Server::close()` called from inside one of its own handlers (issue 12
//! §4): it stops accepting, waits for every other handler, never for or
//! against its caller's connection, and returns `Ok`; a `close()` from
//! outside returns once the calling handler has ended.

use sockets_test_support as support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server};
use support::run;

#[test]
fn a_handler_closes_its_own_server_and_its_client_gets_the_answer() {
    run(async {
        let cell: Arc<OnceLock<Server>> = Arc::new(OnceLock::new());
        let handler_ended = Arc::new(AtomicBool::new(false));
        let (inner_cell, ended) = (cell.clone(), handler_ended.clone());
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(500));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let (cell, ended) = (inner_cell.clone(), ended.clone());
            async move {
                conn.stream.writeln("hi").await?;
                if conn.stream.read_line().await?.as_deref() != Some("stop") {
                    return Ok(()); // the bystander: shut down by the close below
                }
                let server = cell.get().expect("server set");
                let closed = server.close().await;
                conn.stream.writeln(&format!("closed: {closed:?}")).await?;
                // Still running while the outside close() below is issued.
                let bye = conn.stream.read_line().await;
                ended.store(true, Ordering::SeqCst);
                if bye.is_ok() {
                    let _ = conn.stream.writeln("bye").await;
                }
                Ok(())
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        assert!(cell.set(server).is_ok());

        let mut bystander = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let mut stopper = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        assert_eq!(bystander.read_line().await.unwrap().as_deref(), Some("hi"));
        assert_eq!(stopper.read_line().await.unwrap().as_deref(), Some("hi"));

        stopper.writeln("stop").await.unwrap();
        // close() inside the handler waited 500 ms for the bystander, shut
        // it down, and returned Ok: the stopper's own socket still works.
        assert_eq!(
            stopper.read_line().await.unwrap().as_deref(),
            Some("closed: Ok(())")
        );
        assert_eq!(bystander.read_line().await.unwrap(), None);

        let outside = {
            let cell = cell.clone();
            async_std::task::spawn(async move { cell.get().expect("server").close().await })
        };
        let _ = stopper.writeln("bye").await; // shut down if it came late: fine too
        outside.await.unwrap();
        assert!(
            handler_ended.load(Ordering::SeqCst),
            "the outside close() returned before the handler ended"
        );
        let stats = cell.get().unwrap().stats();
        assert_eq!((stats.accepted, stats.active), (2, 0));
        assert_eq!(stats.handler_errors + stats.handler_panics, 0);
    });
}

#[test]
fn a_handler_drops_the_last_server_handle() {
    run(async {
        let cell: Arc<Mutex<Option<Server>>> = Arc::new(Mutex::new(None));
        let inner_cell = cell.clone();
        let server = serve_with("127.0.0.1", 0, ServeOptions::default(), move |mut conn| {
            let cell = inner_cell.clone();
            async move {
                let server = cell.lock().unwrap().take();
                drop(server); // stops accepting; this handler goes on
                conn.stream.writeln("dropped").await?;
                conn.stream.close().await
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        *cell.lock().unwrap() = Some(server);
        let mut client = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        assert_eq!(
            client.read_line().await.unwrap().as_deref(),
            Some("dropped")
        );
        assert_eq!(client.read_line().await.unwrap(), None);
        assert!(cell.lock().unwrap().is_none());
    });
}

#[test]
fn two_handlers_closing_at_once_do_not_wait_for_each_other() {
    run(async {
        let cell: Arc<OnceLock<Server>> = Arc::new(OnceLock::new());
        let inner_cell = cell.clone();
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(200));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let cell = inner_cell.clone();
            async move {
                conn.stream.writeln("hi").await?;
                conn.stream.read_line().await?;
                let closed = cell.get().expect("server set").close().await;
                conn.stream.writeln(&format!("closed: {closed:?}")).await
            }
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        assert!(cell.set(server).is_ok());
        let mut first = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        let mut second = dial("127.0.0.1", port, DialOptions::default())
            .await
            .unwrap();
        first.read_line().await.unwrap();
        second.read_line().await.unwrap();
        first.writeln("stop").await.unwrap();
        second.writeln("stop").await.unwrap();
        for client in [&mut first, &mut second] {
            assert_eq!(
                client.read_line().await.unwrap().as_deref(),
                Some("closed: Ok(())")
            );
        }
        cell.get().unwrap().close().await.unwrap();
        assert_eq!(cell.get().unwrap().stats().active, 0);
    });
}

/// Review item 3 (issue 12 §4): a handler closes its own server while a slow
/// handler runs, and a `close()` from outside comes while the handler's own
/// is still waiting. The outside `close()` times out too, yet never shuts
/// down the handler that called `close()`: that handler's client gets every
/// answer, and the outside `close()` returns only once that handler has
/// ended.
///
/// The slow handler returns only when the test releases it, after both
/// `close()` calls have logged their timeout: with equal timeouts started
/// microseconds apart, either may pass first, and the one that shuts the
/// slow socket down must not let the other one end without timing out.
#[test]
fn an_outside_close_never_cuts_off_a_handler_that_closed_the_server() {
    support::log_capture::install();
    run(async {
        let cell: Arc<OnceLock<Server>> = Arc::new(OnceLock::new());
        let handler_ended = Arc::new(AtomicBool::new(false));
        let (entered, in_close) = async_channel::bounded::<()>(1);
        let (release, released) = async_channel::bounded::<()>(1);
        let (inner_cell, ended) = (cell.clone(), handler_ended.clone());
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(500));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            let (cell, ended) = (inner_cell.clone(), ended.clone());
            let (entered, released) = (entered.clone(), released.clone());
            async move {
                conn.stream.writeln("hi").await?;
                if conn.stream.read_line().await?.as_deref() != Some("stop") {
                    // The slow handler: its socket is shut down, and it
                    // returns when the test says so.
                    let _ = conn.stream.read_line().await;
                    released.recv().await.expect("test releases");
                    return Ok(());
                }
                let mut closing = std::pin::pin!(cell.get().expect("server set").close());
                // Polled once, this handler counts as closing: only then
                // does the test issue its outside close().
                let first = futures_lite::future::poll_once(closing.as_mut()).await;
                entered.send(()).await.expect("test listens");
                let closed = match first {
                    Some(closed) => closed,
                    None => closing.await,
                };
                conn.stream.writeln(&format!("closed: {closed:?}")).await?;
                let bye = conn.stream.read_line().await?;
                conn.stream
                    .writeln(bye.as_deref().unwrap_or("cut off"))
                    .await?;
                ended.store(true, Ordering::SeqCst);
                Ok(())
            }
        })
        .await
        .unwrap();
        let addr = server.local_addr();
        assert!(cell.set(server).is_ok());

        let mut slow = dial("127.0.0.1", addr.port(), DialOptions::default())
            .await
            .unwrap();
        assert_eq!(slow.read_line().await.unwrap().as_deref(), Some("hi"));
        slow.writeln("slow").await.unwrap();
        let mut stopper = dial("127.0.0.1", addr.port(), DialOptions::default())
            .await
            .unwrap();
        assert_eq!(stopper.read_line().await.unwrap().as_deref(), Some("hi"));
        stopper.writeln("stop").await.unwrap();

        in_close.recv().await.unwrap();
        let outside = {
            let cell = cell.clone();
            async_std::task::spawn(async move { cell.get().expect("server").close().await })
        };
        // Both close() calls have passed their timeout (each logs it once)
        // and shut the slow socket down; both wait for the slow handler.
        let timed_out = format!("server on {addr}: handlers still running");
        async_std::task::spawn_blocking(move || support::log_capture::wait_for(&[&timed_out], 2))
            .await;
        assert_eq!(slow.read_line().await.unwrap(), None); // shut down
        release.send(()).await.unwrap();
        assert_eq!(
            stopper.read_line().await.unwrap().as_deref(),
            Some("closed: Ok(())")
        );
        // The outside close() waits for the stopper's handler now.
        stopper.writeln("bye").await.unwrap();
        assert_eq!(stopper.read_line().await.unwrap().as_deref(), Some("bye"));
        outside.await.unwrap();
        assert!(
            handler_ended.load(Ordering::SeqCst),
            "the outside close() returned before the handler ended"
        );
        let stats = cell.get().unwrap().stats();
        assert_eq!((stats.accepted, stats.active), (2, 0));
        assert_eq!((stats.handler_errors, stats.handler_panics), (0, 0));
    });
}
