//! sockets-stream's lines come from the sockets' one line splitter: after an
//! over-long line they resync at its end however the bytes arrive, and any
//! segmentation gives the lines of the unsegmented stream.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use proptest::prelude::*;
use sockets_stream::{IoStream, LineBuffer, Reader};
use sockets_test_support::run_blocking;

#[test]
fn io_stream_over_a_std_tcp_stream_resyncs_after_a_long_line() {
    run_blocking(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let peer = thread::spawn(move || {
            let (mut peer, _) = listener.accept().unwrap();
            peer.write_all(&[b'x'; 40]).unwrap();
            thread::sleep(Duration::from_millis(300));
            peer.write_all(b"TAILTAIL\nnext\n").unwrap();
        });
        let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut stream = IoStream::with_max_line_length(tcp, 16);
        let e = stream.read_line().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
        assert_eq!(stream.read_line().unwrap().as_deref(), Some("next"));
        peer.join().unwrap();
        assert_eq!(stream.read_line().unwrap(), None);
    });
}

/// Serves `data` in pieces ending at `cuts`, then end of stream.
struct Segmented {
    data: Vec<u8>,
    cuts: Vec<usize>,
    pos: usize,
}

impl Read for Segmented {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let end = self.cuts.iter().copied().find(|&c| c > self.pos);
        let end = end.unwrap_or(self.data.len());
        let n = (end - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn segmented(data: &[u8], cuts: &[usize]) -> Reader<Segmented> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    Reader(Segmented {
        data: data.to_vec(),
        cuts,
        pos: 0,
    })
}

/// Every line until end of stream: `Ok(line)`, or `Err(kind)` for a
/// recoverable error (over-long, not UTF-8), after which reading goes on.
fn all_lines(
    mut next: impl FnMut() -> std::io::Result<Option<String>>,
) -> Vec<Result<String, ErrorKind>> {
    let mut out = Vec::new();
    for _ in 0..10_000 {
        match next() {
            Ok(Some(line)) => out.push(Ok(line)),
            Ok(None) => return out,
            Err(e) => out.push(Err(e.kind())),
        }
    }
    panic!("no end of stream");
}

fn stream() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![Just(b'a'), Just(b'x'), Just(b'\r'), Just(b'\n'), Just(0xff)];
    prop::collection::vec(byte, 0..300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_segmentation_gives_the_lines_of_the_whole_stream(
        data in stream(),
        cuts in prop::collection::vec(0usize..300, 0..30),
        max in 1usize..20,
    ) {
        let whole = {
            let mut source = segmented(&data, &[]);
            let mut lookahead = LineBuffer::new(max);
            all_lines(|| lookahead.read_line_from(&mut source))
        };
        let mut source = segmented(&data, &cuts);
        let mut lookahead = LineBuffer::new(max);
        let by_buffer = all_lines(|| lookahead.read_line_from(&mut source));
        prop_assert_eq!(&by_buffer, &whole);

        let mut io_stream = IoStream::with_max_line_length(segmented(&data, &cuts), max);
        let by_io_stream = all_lines(|| io_stream.read_line());
        prop_assert_eq!(&by_io_stream, &whole);
    }
}

/// A loopback peer sending `data` in the segments `cuts` gives, with pauses
/// between them so they arrive apart; returns the port.
fn segmented_peer(data: Vec<u8>, cuts: Vec<usize>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let (mut peer, _) = listener.accept().unwrap();
        peer.set_nodelay(true).unwrap();
        let mut source = segmented(&data, &cuts).0;
        let mut piece = vec![0; data.len().max(1)];
        while let Ok(n @ 1..) = source.read(&mut piece) {
            if peer.write_all(&piece[..n]).is_err() {
                return;
            }
            thread::sleep(Duration::from_millis(1));
        }
    });
    port
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Over real sockets: the blocking socket (so the core's reader too)
    /// and an IoStream over a std TcpStream agree with the whole stream.
    #[test]
    fn sockets_agree_with_the_whole_stream_however_it_arrives(
        data in stream(),
        cuts in prop::collection::vec(0usize..300, 0..12),
        max in 1usize..20,
    ) {
        let whole = {
            let mut source = segmented(&data, &[]);
            let mut lookahead = LineBuffer::new(max);
            all_lines(|| lookahead.read_line_from(&mut source))
        };
        let port = segmented_peer(data.clone(), cuts.clone());
        let options = sockets_blocking::DialOptions::default().max_line_length(max);
        let mut socket = sockets_blocking::dial("127.0.0.1", port, options).unwrap();
        let by_socket = all_lines(|| socket.read_line());
        prop_assert_eq!(&by_socket, &whole);

        let port = segmented_peer(data, cuts);
        let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut io_stream = IoStream::with_max_line_length(tcp, max);
        let by_io_stream = all_lines(|| io_stream.read_line());
        prop_assert_eq!(&by_io_stream, &whole);
    }
}
