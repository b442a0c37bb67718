//! Dropping a blocking `Server` without `close()` stops accepting and
//! returns at once; a running handler goes on and its thread ends when the
//! handler returns (`close()` is the barrier, see `Server`'s docs).

use std::sync::mpsc;

use sockets_blocking::{dial, serve, DialOptions};
use sockets_test_support::{run_blocking, TEST_LIMIT};

#[test]
fn drop_returns_while_a_handler_runs_and_the_handler_goes_on() {
    run_blocking(|| {
        let (returned, handler_done) = mpsc::channel();
        let server = serve("127.0.0.1", 0, move |mut conn| {
            conn.stream.writeln("hi")?;
            while let Some(line) = conn.stream.read_line()? {
                conn.stream.writeln(&line)?;
            }
            let _ = returned.send(());
            Ok(())
        })
        .unwrap();
        let port = server.local_addr().port();
        let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        assert_eq!(client.read_line().unwrap().as_deref(), Some("hi"));

        // The handler is blocked in read_line: drop does not wait for it.
        drop(server);

        // It still serves its connection...
        client.writeln("after drop").unwrap();
        assert_eq!(client.read_line().unwrap().as_deref(), Some("after drop"));
        // ...while the listener is gone: new connections are refused
        // once the accept loop has stopped (bounded retries).
        let refused = (0..500).any(|_| {
            let attempt = dial("127.0.0.1", port, DialOptions::default());
            if attempt.is_ok() {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            attempt.is_err()
        });
        assert!(refused, "a dropped server still accepts");

        // Its thread ends when the handler returns.
        client.close().unwrap();
        handler_done
            .recv_timeout(TEST_LIMIT)
            .expect("the handler returns once its client closes");
    });
}
