//! IoStream::read(n) with a huge n returns what arrived; it never allocates
//! n bytes up front (a 1 TiB or usize::MAX request used to abort).

use std::net::TcpStream;

use sockets_stream::IoStream;
use sockets_test_support::peers::std_peer_writing;
use sockets_test_support::run_blocking;

#[test]
fn huge_read_returns_what_arrived() {
    for n in [1usize << 40, usize::MAX] {
        let (port, peer) = std_peer_writing(vec![b"abc".to_vec()]);
        run_blocking(move || {
            let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let mut stream = IoStream::new(tcp);
            assert_eq!(stream.read(n).unwrap(), b"abc");
            assert_eq!(stream.read(n).unwrap(), b"");
        });
        peer.join().unwrap();
    }
}
