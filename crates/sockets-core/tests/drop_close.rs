//! A connection let go without `close()` still ends cleanly: the peer sees
//! end of stream, never a truncation ("peer closed connection without
//! sending TLS close_notify"). Handlers returning `Ok`, `Err` or panicking,
//! and sockets or writing halves dropped, each over plain TCP and TLS.

use std::io;
use std::sync::Arc;

use sockets_core::{dial, serve_with, DialOptions, ServeOptions, Server, Socket};
use sockets_test_support as support;
use support::certs::TestCa;
use support::run;

/// How a handler lets go of its connection after writing `hi\n`.
#[derive(Clone, Copy, Debug)]
enum Ending {
    ReturnOk,
    ReturnErr,
    Panic,
}

/// Plain TCP, or TLS with a certificate for 127.0.0.1 and a client config
/// trusting it.
fn setups() -> Vec<(ServeOptions, DialOptions)> {
    let ca = TestCa::new("drop-close CA");
    let leaf = ca.leaf(&["127.0.0.1"]);
    vec![
        (ServeOptions::default(), DialOptions::default()),
        (
            ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem),
            DialOptions::default().tls_config(ca.client_config()),
        ),
    ]
}

async fn greeting_server(options: ServeOptions, ending: Ending) -> Server {
    serve_with("127.0.0.1", 0, options, move |mut conn| async move {
        conn.stream.writeln("hi").await?;
        match ending {
            Ending::ReturnOk => Ok(()),
            Ending::ReturnErr => Err(io::Error::other("the handler gives up")),
            Ending::Panic => panic!("the handler panics after writing"),
        }
    })
    .await
    .unwrap()
}

#[test]
fn a_handler_that_returns_or_panics_without_close_ends_the_stream_cleanly() {
    for (serve_options, dial_options) in setups() {
        for ending in [Ending::ReturnOk, Ending::ReturnErr, Ending::Panic] {
            let tls = dial_options.is_tls();
            run(async {
                let server = greeting_server(serve_options.clone(), ending).await;
                let port = server.local_addr().port();
                let mut client = dial("127.0.0.1", port, dial_options.clone()).await.unwrap();
                let all = client.read_all().await;
                assert_eq!(
                    all.as_deref().map_err(ToString::to_string),
                    Ok(&b"hi\n"[..]),
                    "tls: {tls}, {ending:?}"
                );
                server.close().await.unwrap();
            });
        }
    }
}

/// A server whose handler reads everything and reports what it got.
async fn collecting_server(
    options: ServeOptions,
) -> (Server, async_channel::Receiver<io::Result<Vec<u8>>>) {
    let (sender, received) = async_channel::unbounded();
    let sender = Arc::new(sender);
    let server = serve_with("127.0.0.1", 0, options, move |mut conn| {
        let sender = sender.clone();
        async move {
            let all = conn.stream.read_all().await;
            let _ = sender.send(all).await;
            Ok(())
        }
    })
    .await
    .unwrap();
    (server, received)
}

async fn expect_clean(received: &async_channel::Receiver<io::Result<Vec<u8>>>, what: &str) {
    let got = received.recv().await.unwrap();
    assert_eq!(
        got.as_deref().map_err(ToString::to_string),
        Ok(&b"bye\n"[..]),
        "{what}"
    );
}

#[test]
fn a_dropped_socket_or_writing_half_ends_the_stream_cleanly() {
    for (serve_options, dial_options) in setups() {
        let tls = dial_options.is_tls();
        run(async {
            let (server, received) = collecting_server(serve_options).await;
            let port = server.local_addr().port();
            let connect = || dial("127.0.0.1", port, dial_options.clone());

            let mut socket: Socket = connect().await.unwrap();
            socket.writeln("bye").await.unwrap();
            drop(socket);
            expect_clean(&received, &format!("socket dropped, tls: {tls}")).await;

            let (reader, mut writer) = connect().await.unwrap().split();
            writer.writeln("bye").await.unwrap();
            drop(writer); // half-close: the reading half lives on
            expect_clean(&received, &format!("writing half dropped, tls: {tls}")).await;
            drop(reader);

            let (reader, mut writer) = connect().await.unwrap().split();
            writer.writeln("bye").await.unwrap();
            drop(reader);
            drop(writer);
            expect_clean(&received, &format!("both halves dropped, tls: {tls}")).await;
            server.close().await.unwrap();
        });
    }
}

#[test]
fn bytes_a_sink_queued_are_sent_before_the_clean_end() {
    use futures::SinkExt;
    for (serve_options, dial_options) in setups() {
        run(async {
            let (server, received) = collecting_server(serve_options).await;
            let port = server.local_addr().port();
            let mut socket = dial("127.0.0.1", port, dial_options.clone()).await.unwrap();
            socket.feed("bye\n").await.unwrap(); // queued, not flushed
            drop(socket);
            expect_clean(&received, "queued bytes, then drop").await;
            server.close().await.unwrap();
        });
    }
}

/// A peer we did not write: Python's ssl module with ragged EOFs reported
/// (`suppress_ragged_eofs=False`) raises `SSLEOFError` on a connection
/// that ends without close_notify; here it must read `hi\n` and a clean end.
#[test]
fn python_ssl_sees_close_notify_from_a_handler_that_returns_without_close() {
    let ca = TestCa::new("python drop-close CA");
    let leaf = ca.leaf(&["127.0.0.1"]);
    let dir = support::peers::TempDir::new("drop_close");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    run(async {
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = greeting_server(options, Ending::ReturnOk).await;
        let port = server.local_addr().port();
        let program = "import socket, ssl, sys\n\
             ctx = ssl.create_default_context(cafile=sys.argv[1])\n\
             raw = socket.create_connection(('127.0.0.1', int(sys.argv[2])))\n\
             s = ctx.wrap_socket(raw, server_hostname='127.0.0.1', suppress_ragged_eofs=False)\n\
             data = b''\n\
             while True:\n    chunk = s.recv(1024)\n    if not chunk: break\n    data += chunk\n\
             sys.stdout.write(repr(data))\n";
        let output = async_std::task::spawn_blocking(move || {
            std::process::Command::new("python3")
                .arg("-c")
                .arg(program)
                .arg(&ca_file)
                .arg(port.to_string())
                .output()
                .unwrap()
        })
        .await;
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "b'hi\\n'",
            "stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        server.close().await.unwrap();
    });
}
