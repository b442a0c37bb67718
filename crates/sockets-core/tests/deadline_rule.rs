//! The timeout rule: a deadline bounds each call and never carries over
//! (issue 16 §2, failing input B). The peer reads at about 6 MB/s, so each
//! wait for room is short, while the whole transfer takes seconds.

use sockets_test_support as support;

use std::io::Read;
use std::net::TcpListener;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use futures::SinkExt;
use sockets_core::{dial, DialOptions, Socket};
use support::run;

const ITEM: usize = 16 * 1024;

/// A peer that reads 64 KiB every 10 ms (about 6 MB/s) until end of stream,
/// and returns how many bytes it got. Its receive buffer is small, so the
/// writer waits for room within the first few MiB.
fn slow_reader() -> (u16, JoinHandle<usize>) {
    use socket2::{Domain, Socket as RawSocket, Type};
    let listener = RawSocket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    listener.set_recv_buffer_size(64 * 1024).unwrap();
    listener
        .bind(&std::net::SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    listener.listen(1).unwrap();
    let listener: TcpListener = listener.into();
    let port = listener.local_addr().unwrap().port();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut buf = vec![0; 64 * 1024];
        let mut total = 0;
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return total,
                Ok(n) => total += n,
            }
            thread::sleep(Duration::from_millis(10));
        }
    });
    (port, peer)
}

async fn connect(port: u16) -> Socket {
    let options = DialOptions::default().write_timeout(Some(Duration::from_secs(1)));
    dial("127.0.0.1", port, options).await.unwrap()
}

fn items(bytes: usize) -> impl futures::Stream<Item = std::io::Result<Vec<u8>>> {
    futures::stream::iter((0..bytes / ITEM).map(|_| Ok(vec![b'x'; ITEM])))
}

#[test]
fn sink_send_all_of_24_mib_to_a_slow_reader_is_ok() {
    let (port, peer) = slow_reader();
    run(async {
        let mut socket = connect(port).await;
        // About 4 s in all; no single wait for room comes near the 1 s limit.
        socket.send_all(&mut items(24 << 20)).await.unwrap();
        socket.close().await.unwrap();
    });
    assert_eq!(peer.join().unwrap(), 24 << 20);
}

#[test]
fn a_feed_long_after_an_earlier_wait_gets_a_fresh_deadline() {
    let (port, peer) = slow_reader();
    run(async {
        let mut socket = connect(port).await;
        // Feeds (no flush) that have to wait for room, as a Sink user's
        // loop does; the last wait ends well within the limit.
        for _ in 0..(8 << 20) / ITEM {
            socket.feed(vec![b'x'; ITEM]).await.unwrap();
        }
        // Twice the limit later, the next feeds that wait must get a
        // deadline of their own, not the expired one of the earlier wait.
        async_io::Timer::after(Duration::from_secs(2)).await;
        for _ in 0..(8 << 20) / ITEM {
            socket.feed(vec![b'x'; ITEM]).await.unwrap();
        }
        socket.close().await.unwrap();
    });
    assert_eq!(peer.join().unwrap(), 16 << 20);
}
