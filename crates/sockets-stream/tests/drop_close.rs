//! An `IoStream` let go without `close()` ends its connection cleanly, over
//! plain TCP and TLS.

use std::io;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_stream::IoStream;
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn a_dropped_io_stream_ends_the_stream_cleanly() {
    run_blocking(|| {
        let ca = TestCa::new("IoStream drop-close CA");
        let leaf = ca.leaf(&["127.0.0.1"]);
        let setups = [
            (ServeOptions::default(), DialOptions::default()),
            (
                ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem),
                DialOptions::default().tls_config(ca.client_config()),
            ),
        ];
        for (serve_options, dial_options) in setups {
            let (sender, received) = mpsc::channel::<io::Result<Vec<u8>>>();
            let sender = Arc::new(Mutex::new(sender));
            // The handler's side is an IoStream too, dropped after writing.
            let server = serve_with("127.0.0.1", 0, serve_options, move |conn| {
                let mut stream = IoStream::new(conn.stream);
                let all = stream.read_all();
                let _ = sender.lock().unwrap().send(all);
                stream.writeln("hi")
            })
            .unwrap();
            let port = server.local_addr().port();
            let mut client = IoStream::new(dial("127.0.0.1", port, dial_options.clone()).unwrap());
            client.writeln("bye").unwrap();
            let (socket, _) = client.into_parts();
            let (mut reader, writer) = socket.unwrap().split();
            drop(writer);
            let got = received.recv().unwrap().map_err(|e| e.to_string());
            assert_eq!(
                got.as_deref(),
                Ok(&b"bye\n"[..]),
                "tls: {}",
                dial_options.is_tls()
            );
            let answer = reader.read_all().map_err(|e| e.to_string());
            assert_eq!(answer.as_deref(), Ok(&b"hi\n"[..]));

            let mut client = IoStream::new(dial("127.0.0.1", port, dial_options.clone()).unwrap());
            client.writeln("bye").unwrap();
            drop(client);
            let got = received.recv().unwrap().map_err(|e| e.to_string());
            assert_eq!(got.as_deref(), Ok(&b"bye\n"[..]), "IoStream dropped");
            server.close().unwrap();
        }
    });
}
