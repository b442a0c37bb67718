//! The blocking listener: accept, incoming, TLS with concurrent handshakes,
//! socket options and adopted std streams.

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use sockets_blocking::{dial, listen, DialOptions, ServeOptions, Socket};
use sockets_test_support::certs::TestCa;
use sockets_test_support::run_blocking;

#[test]
fn accept_and_incoming_with_a_python_client() {
    run_blocking(|| {
        let listener = listen("127.0.0.1", 0, ServeOptions::default()).unwrap();
        let port = listener.local_addr().port();
        let client = std::process::Command::new("python3")
            .args(["-c", "import socket,sys\nfor _ in range(2):\n  s=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\n  s.sendall(b'hi\\n')\n  sys.stdout.write(s.makefile().readline())"])
            .arg(port.to_string())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (mut conn, peer) = listener.accept().unwrap();
        assert_eq!(conn.remote_addr(), peer);
        assert_eq!(conn.read_line().unwrap().as_deref(), Some("hi"));
        conn.writeln("first").unwrap();
        let mut conn = listener.incoming().next().unwrap().unwrap();
        assert_eq!(conn.read_line().unwrap().as_deref(), Some("hi"));
        conn.writeln("second").unwrap();
        let output = client.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), "first\nsecond\n");
    });
}

#[test]
fn tls_accept_skips_a_silent_client() {
    let ca = TestCa::new("sockets test CA");
    let leaf = ca.leaf(&["localhost"]);
    run_blocking(move || {
        let options = ServeOptions::default()
            .tls(leaf.cert_pem, leaf.key_pem)
            .alpn(["echo/1"])
            .handshake_timeout(Duration::from_secs(600));
        let listener = listen("127.0.0.1", 0, options).unwrap();
        let port = listener.local_addr().port();
        let _silent = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let ca_pem = ca.cert_pem();
        let client = std::thread::spawn(move || {
            let options = DialOptions::default()
                .ca_pem(ca_pem)
                .server_name("localhost")
                .alpn(["echo/1"]);
            let mut socket = dial("127.0.0.1", port, options).unwrap();
            assert_eq!(socket.alpn_protocol(), Some(&b"echo/1"[..]));
            socket.read_line().unwrap()
        });
        let (mut conn, _) = listener.accept().unwrap();
        assert_eq!(conn.alpn_protocol(), Some(&b"echo/1"[..]));
        conn.writeln("through").unwrap();
        conn.close().unwrap();
        assert_eq!(client.join().unwrap().as_deref(), Some("through"));
    });
}

#[test]
fn socket_options_and_an_adopted_stream() {
    run_blocking(|| {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = std_listener.local_addr().unwrap().port();
        let peer = std::thread::spawn(move || {
            let (stream, _) = std_listener.accept().unwrap();
            let mut line = String::new();
            BufReader::new(&stream).read_line(&mut line).unwrap();
            (&stream).write_all(line.to_uppercase().as_bytes()).unwrap();
        });
        let stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut socket = Socket::try_from(stream).unwrap();
        socket.set_nodelay(true).unwrap();
        assert!(socket.nodelay().unwrap());
        socket.set_keepalive(Some(Duration::from_secs(30))).unwrap();
        socket.set_linger(Some(Duration::from_secs(2))).unwrap();
        assert_eq!(socket.linger().unwrap(), Some(Duration::from_secs(2)));
        socket.set_ttl(33).unwrap();
        assert_eq!(socket.ttl().unwrap(), 33);
        socket.writeln("adopted").unwrap();
        assert_eq!(socket.read_line().unwrap().as_deref(), Some("ADOPTED"));
        peer.join().unwrap();
        socket.close().unwrap();
        assert_eq!(
            socket.ttl().unwrap_err().kind(),
            std::io::ErrorKind::NotConnected
        );
    });
}
