//! IoStream's line iterators end after a fatal error and after close, and go
//! on after a bad line; reads after a fatal error fail at once.

use std::io::{ErrorKind, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use sockets_stream::IoStream;
use sockets_test_support::run_blocking;

#[test]
fn a_reset_ends_the_iterator_and_bad_lines_do_not() {
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
        let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut stream = IoStream::with_max_line_length(tcp, 16);
        let items: Vec<Result<String, ErrorKind>> = stream
            .lines()
            .map(|item| item.map_err(|e| e.kind()))
            .collect();
        let expected = [
            Ok("ok".to_owned()),
            Err(ErrorKind::InvalidData),
            Err(ErrorKind::InvalidData),
            Ok("end".to_owned()),
            Err(ErrorKind::ConnectionReset),
        ];
        assert_eq!(items, expected);
        assert!(stream.next().is_none());
        assert_eq!(
            stream.read_line().unwrap_err().kind(),
            ErrorKind::ConnectionReset
        );
        assert_eq!(
            stream.read(1).unwrap_err().kind(),
            ErrorKind::ConnectionReset
        );
        stream.close().unwrap();
        assert!(stream.next().is_none(), "closed: the iterator ends");
        assert_eq!(
            stream.read_line().unwrap_err().kind(),
            ErrorKind::NotConnected
        );
    });
}
