//! The facade's deadlines are the core's: the same errors, and a call that
//! times out in `close()` still leaves the socket closed, as async does.

use std::io::ErrorKind;
use std::sync::mpsc;
use std::time::Duration;

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn a_tls_close_that_times_out_still_closes_the_socket() {
    run_blocking(|| {
        let ca = TestCa::new("sockets deadline CA");
        let leaf = ca.leaf(&["localhost"]);
        let (release, released) = mpsc::channel::<()>();
        let released = std::sync::Mutex::new(released);
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        // A TLS peer that never reads after the handshake.
        let server = serve_with("127.0.0.1", 0, options, move |_conn| {
            let _ = released.lock().unwrap().recv();
            Ok(())
        })
        .unwrap();
        let options = DialOptions::default()
            .tls_config(ca.client_config())
            .write_timeout(Some(Duration::from_millis(300)));
        let mut socket = dial("localhost", server.local_addr().port(), options).unwrap();
        let e = socket.write(&vec![b'x'; 64 << 20]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        assert!(e.to_string().ends_with("timed out after 300ms"), "{e}");
        if let Err(e) = socket.close() {
            assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        }
        assert!(socket.is_closed());
        assert_eq!(
            socket.write(b"x").unwrap_err().kind(),
            ErrorKind::NotConnected
        );
        drop(release);
        server.close().unwrap();
    });
}
