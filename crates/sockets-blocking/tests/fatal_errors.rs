//! The blocking line iterators end after a fatal error and after close, and
//! go on after a bad line, as the core's streams do.

use std::io::{ErrorKind, Write};
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use sockets_blocking::{dial, serve_with, DialOptions, ServeOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::relay::{Relay, JUNK_TLS_RECORD};
use sockets_test_support::run_blocking;

fn kinds(items: impl Iterator<Item = std::io::Result<String>>) -> Vec<Result<String, ErrorKind>> {
    items.map(|item| item.map_err(|e| e.kind())).collect()
}

#[test]
fn a_junk_tls_record_ends_the_iterator_after_one_error() {
    run_blocking(|| {
        let ca = TestCa::new("blocking fatal errors CA");
        let leaf = ca.leaf(&["127.0.0.1"]);
        let options = ServeOptions::default().tls(leaf.cert_pem, leaf.key_pem);
        let server = serve_with("127.0.0.1", 0, options, |mut conn| {
            conn.stream.writeln("ok")?;
            conn.stream.read_all().map(drop) // keeps the connection open
        })
        .unwrap();
        let relay = Relay::start(server.local_addr());
        let options = DialOptions::default().tls_config(ca.client_config());
        let mut socket = dial("127.0.0.1", relay.port(), options).unwrap();
        let mut lines = socket.lines();
        assert_eq!(lines.next().unwrap().unwrap(), "ok");
        relay.inject(&JUNK_TLS_RECORD);
        assert_eq!(
            lines.next().unwrap().unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        assert!(lines.next().is_none());
        assert!((&mut socket).into_iter().next().is_none());
        assert_eq!(
            socket.read_line().unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        socket.close().unwrap(); // the read reported it: close only releases
        assert!(socket.is_closed());
        server.close().unwrap();
    });
}

#[test]
fn a_reset_ends_the_iterators_and_bad_lines_do_not() {
    run_blocking(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            let (mut peer, _) = listener.accept().unwrap();
            peer.write_all(b"ok\nxxxxxxxxxxxxxxxxxxxxxxxx\n\xff\nend\n")
                .unwrap();
            let peer = socket2::Socket::from(peer);
            peer.set_linger(Some(Duration::ZERO)).unwrap();
            thread::sleep(Duration::from_millis(100));
        });
        let options = DialOptions::default().max_line_length(16);
        let mut socket = dial("127.0.0.1", port, options).unwrap();
        let expected = [
            Ok("ok".to_owned()),
            Err(ErrorKind::InvalidData),
            Err(ErrorKind::InvalidData),
            Ok("end".to_owned()),
            Err(ErrorKind::ConnectionReset),
        ];
        assert_eq!(kinds((&mut socket).into_iter()), expected);
        assert_eq!(
            socket.read(1).unwrap_err().kind(),
            ErrorKind::ConnectionReset
        );
        socket.close().unwrap();
        assert!(socket.lines().next().is_none(), "closed: the iterator ends");
        assert_eq!(
            socket.read_line().unwrap_err().kind(),
            ErrorKind::NotConnected
        );
    });
}
