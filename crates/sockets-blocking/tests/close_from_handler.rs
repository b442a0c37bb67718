//! The blocking `Server::close()` called from inside one of its own
//! handlers (issue 12 §4), as in the async twin: it waits for every other
//! handler, returns `Ok`, and an outside `close()` returns once the calling
//! handler has ended and its thread is joined.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support::run_blocking;

#[test]
fn a_handler_closes_its_own_server_and_its_client_gets_the_answer() {
    run_blocking(|| {
        let cell: Arc<OnceLock<Server>> = Arc::new(OnceLock::new());
        let handler_ended = Arc::new(AtomicBool::new(false));
        let (inner_cell, ended) = (cell.clone(), handler_ended.clone());
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(500));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            conn.stream.writeln("hi")?;
            if conn.stream.read_line()?.as_deref() != Some("stop") {
                return Ok(()); // the bystander: shut down by the close below
            }
            let closed = inner_cell.get().expect("server set").close();
            conn.stream.writeln(&format!("closed: {closed:?}"))?;
            let bye = conn.stream.read_line();
            ended.store(true, Ordering::SeqCst);
            if bye.is_ok() {
                let _ = conn.stream.writeln("bye");
            }
            Ok(())
        })
        .unwrap();
        let port = server.local_addr().port();
        assert!(cell.set(server).is_ok());

        let mut bystander = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        let mut stopper = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        assert_eq!(bystander.read_line().unwrap().as_deref(), Some("hi"));
        assert_eq!(stopper.read_line().unwrap().as_deref(), Some("hi"));

        stopper.writeln("stop").unwrap();
        assert_eq!(
            stopper.read_line().unwrap().as_deref(),
            Some("closed: Ok(())")
        );
        assert_eq!(bystander.read_line().unwrap(), None);

        let outside = {
            let cell = cell.clone();
            std::thread::spawn(move || cell.get().expect("server").close())
        };
        let _ = stopper.writeln("bye"); // shut down if it came late: fine too
        outside.join().unwrap().unwrap();
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
    run_blocking(|| {
        let cell: Arc<Mutex<Option<Server>>> = Arc::new(Mutex::new(None));
        let inner_cell = cell.clone();
        let server = serve_with("127.0.0.1", 0, ServeOptions::default(), move |mut conn| {
            let server = inner_cell.lock().unwrap().take();
            drop(server); // stops accepting; this handler goes on
            conn.stream.writeln("dropped")?;
            conn.stream.close()
        })
        .unwrap();
        let port = server.local_addr().port();
        *cell.lock().unwrap() = Some(server);
        let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        assert_eq!(client.read_line().unwrap().as_deref(), Some("dropped"));
        assert_eq!(client.read_line().unwrap(), None);
        assert!(cell.lock().unwrap().is_none());
    });
}

/// Review item 3 (issue 12 §4), blocking: a handler closes its own server
/// while a slow handler runs, then a `close()` comes from outside while the
/// first handler still works. The outside `close()` times out, yet never
/// shuts that handler's socket down: its client gets every answer, and the
/// outside `close()` returns once the handler has ended. (The async twin
/// issues the outside `close()` while the handler's own is still waiting.)
#[test]
fn an_outside_close_never_cuts_off_a_handler_that_closed_the_server() {
    sockets_test_support::log_capture::install();
    run_blocking(|| {
        let cell: Arc<OnceLock<Server>> = Arc::new(OnceLock::new());
        let handler_ended = Arc::new(AtomicBool::new(false));
        let (inner_cell, ended) = (cell.clone(), handler_ended.clone());
        let options = ServeOptions::default().shutdown_timeout(Duration::from_millis(500));
        let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
            conn.stream.writeln("hi")?;
            if conn.stream.read_line()?.as_deref() != Some("stop") {
                // The slow handler: runs until its socket is shut down.
                let _ = conn.stream.read_line();
                return Ok(());
            }
            let closed = inner_cell.get().expect("server set").close();
            conn.stream.writeln(&format!("closed: {closed:?}"))?;
            let bye = conn.stream.read_line()?;
            conn.stream.writeln(bye.as_deref().unwrap_or("cut off"))?;
            ended.store(true, Ordering::SeqCst);
            Ok(())
        })
        .unwrap();
        let addr = server.local_addr();
        assert!(cell.set(server).is_ok());

        let mut slow = dial("127.0.0.1", addr.port(), DialOptions::default()).unwrap();
        assert_eq!(slow.read_line().unwrap().as_deref(), Some("hi"));
        slow.writeln("slow").unwrap();
        let mut stopper = dial("127.0.0.1", addr.port(), DialOptions::default()).unwrap();
        assert_eq!(stopper.read_line().unwrap().as_deref(), Some("hi"));
        stopper.writeln("stop").unwrap();
        assert_eq!(
            stopper.read_line().unwrap().as_deref(),
            Some("closed: Ok(())")
        );
        assert_eq!(slow.read_line().unwrap(), None); // shut down

        let outside = {
            let cell = cell.clone();
            std::thread::spawn(move || cell.get().expect("server").close())
        };
        // The handler's close() and then the outside one have passed their
        // timeout (each logs it once): the outside one waits for the handler.
        let timed_out = format!("server on {addr}: handlers still running");
        sockets_test_support::log_capture::wait_for(&[&timed_out], 2);
        stopper.writeln("bye").unwrap();
        assert_eq!(stopper.read_line().unwrap().as_deref(), Some("bye"));
        outside.join().unwrap().unwrap();
        assert!(
            handler_ended.load(Ordering::SeqCst),
            "the outside close() returned before the handler ended"
        );
        let stats = cell.get().unwrap().stats();
        assert_eq!((stats.accepted, stats.active), (2, 0));
        assert_eq!((stats.handler_errors, stats.handler_panics), (0, 0));
    });
}
