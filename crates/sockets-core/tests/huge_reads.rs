//! read(n) with a huge n returns what arrived; it never allocates n bytes
//! up front (a 1 TiB or usize::MAX request used to abort the process).

use sockets_core::{dial, DialOptions};
use sockets_test_support::peers::std_peer_writing;
use sockets_test_support::run;

#[test]
fn huge_read_returns_what_arrived() {
    for n in [1usize << 40, usize::MAX] {
        let (port, peer) = std_peer_writing(vec![b"abc".to_vec()]);
        run(async {
            let mut socket = dial("127.0.0.1", port, DialOptions::default())
                .await
                .unwrap();
            assert_eq!(socket.read(n).await.unwrap(), b"abc");
            let (mut reader, _writer) = socket.split();
            assert_eq!(reader.read(n).await.unwrap(), b"");
        });
        peer.join().unwrap();
    }
}
