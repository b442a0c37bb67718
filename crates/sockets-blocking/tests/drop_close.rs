//! A blocking connection let go without `close()` ends cleanly: the doc
//! examples' shape (a handler writes `hi\n` and returns), handler errors and
//! panics, and dropped sockets and halves, over plain TCP and TLS.

use std::io;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions, Server};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

fn setups() -> Vec<(ServeOptions, DialOptions)> {
    let ca = TestCa::new("blocking drop-close CA");
    let leaf = ca.leaf(&["127.0.0.1"]);
    vec![
        (ServeOptions::default(), DialOptions::default()),
        (
            ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem),
            DialOptions::default().tls_config(ca.client_config()),
        ),
    ]
}

#[test]
fn a_handler_that_returns_or_panics_without_close_ends_the_stream_cleanly() {
    run_blocking(|| {
        for (serve_options, dial_options) in setups() {
            for ending in ["ok", "err", "panic"] {
                let server = serve_with("127.0.0.1", 0, serve_options.clone(), move |mut conn| {
                    conn.stream.writeln("hi")?;
                    match ending {
                        "ok" => Ok(()),
                        "err" => Err(io::Error::other("the handler gives up")),
                        _ => panic!("the handler panics after writing"),
                    }
                })
                .unwrap();
                let port = server.local_addr().port();
                let mut client = dial("127.0.0.1", port, dial_options.clone()).unwrap();
                let all = client.read_all().map_err(|e| e.to_string());
                assert_eq!(
                    all.as_deref(),
                    Ok(&b"hi\n"[..]),
                    "tls: {}, {ending}",
                    dial_options.is_tls()
                );
                server.close().unwrap();
            }
        }
    });
}

/// A server whose handler reads everything and reports what it got.
fn collecting_server(options: ServeOptions) -> (Server, mpsc::Receiver<io::Result<Vec<u8>>>) {
    let (sender, received) = mpsc::channel();
    let sender = Arc::new(Mutex::new(sender));
    let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
        let all = conn.stream.read_all();
        let _ = sender.lock().unwrap().send(all);
        Ok(())
    })
    .unwrap();
    (server, received)
}

fn expect_clean(received: &mpsc::Receiver<io::Result<Vec<u8>>>, what: &str) {
    let got = received.recv().unwrap().map_err(|e| e.to_string());
    assert_eq!(got.as_deref(), Ok(&b"bye\n"[..]), "{what}");
}

#[test]
fn a_dropped_socket_or_writing_half_ends_the_stream_cleanly() {
    run_blocking(|| {
        for (serve_options, dial_options) in setups() {
            let tls = dial_options.is_tls();
            let (server, received) = collecting_server(serve_options);
            let port = server.local_addr().port();

            let mut socket = dial("127.0.0.1", port, dial_options.clone()).unwrap();
            socket.writeln("bye").unwrap();
            drop(socket);
            expect_clean(&received, &format!("socket dropped, tls: {tls}"));

            let (reader, mut writer) = dial("127.0.0.1", port, dial_options.clone())
                .unwrap()
                .split();
            writer.writeln("bye").unwrap();
            drop(writer);
            expect_clean(&received, &format!("writing half dropped, tls: {tls}"));
            drop(reader);
            server.close().unwrap();
        }
    });
}
