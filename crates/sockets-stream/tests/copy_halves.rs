//! copy() with the halves of a split blocking socket: the writing half takes
//! the kernel path as the socket does and bounds its waits by the half's
//! write timeout (issue 16 §2, failing input A, for halves); the reading
//! half offers its descriptor only while nothing is buffered above it.

use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use sockets_blocking::{dial, DialOptions, ReadHalf, WriteHalf};
use sockets_stream::{copy, StreamProtocol};
use sockets_test_support::peers::TempDir;
use sockets_test_support::run_blocking;

const BIG: usize = 64 << 20;

/// The halves of a socket with a 500 ms write timeout, and the peer's side.
fn halves(listener: &TcpListener) -> (ReadHalf, WriteHalf, std::net::TcpStream) {
    let port = listener.local_addr().unwrap().port();
    let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
    let (peer, _) = listener.accept().unwrap();
    socket
        .set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let (reader, writer) = socket.split();
    (reader, writer, peer)
}

/// Bytes that show a reordering or a gap, not only a wrong length.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[test]
fn the_writing_half_offers_its_descriptor_and_write_timeout() {
    run_blocking(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (_reader, writer, _peer) = halves(&listener);
        assert!(StreamProtocol::copy_fd(&writer).is_some());
        assert_eq!(
            StreamProtocol::write_timeout(&writer),
            Some(Duration::from_millis(500))
        );
    });
}

#[test]
fn copying_a_file_into_a_half_nobody_reads_times_out() {
    run_blocking(|| {
        let dir = TempDir::new("copy-half-timeout");
        let path = dir.write("big", &vec![b'x'; BIG]);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (_reader, mut writer, _peer) = halves(&listener);
        let e = copy(&mut File::open(&path).unwrap(), &mut writer).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        let message = e.to_string();
        assert!(message.contains("timed out after 500ms"), "{message}");
        assert!(
            message.contains(&format!(
                "writing half of the socket to {}",
                writer.remote_addr()
            )),
            "{message}"
        );
    });
}

#[test]
fn copying_a_file_into_a_half_delivers_every_byte() {
    run_blocking(|| {
        let sent = pattern((8 << 20) + 7);
        let dir = TempDir::new("copy-half-bytes");
        let path = dir.write("data", &sent);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (_reader, mut writer, mut peer) = halves(&listener);
        let reading = std::thread::spawn(move || {
            let mut received = Vec::new();
            peer.read_to_end(&mut received).map(|_| received)
        });
        // Bytes queued by an earlier write go first.
        writer.write(b"head\n").unwrap();
        let copied = copy(&mut File::open(&path).unwrap(), &mut writer).unwrap();
        assert_eq!(copied, sent.len() as u64);
        writer.close().unwrap();
        let received = reading.join().unwrap().unwrap();
        assert_eq!(&received[..5], b"head\n");
        assert!(received[5..] == sent[..], "the copied bytes differ");
    });
}

#[test]
fn the_reading_half_offers_its_descriptor_only_with_nothing_buffered() {
    run_blocking(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (mut reader, _writer, mut peer) = halves(&listener);
        assert!(StreamProtocol::copy_fd(&reader).is_some());
        peer.write_all(b"first\nsecond\n").unwrap();
        peer.shutdown(std::net::Shutdown::Write).unwrap();
        // Both lines come in one segment on loopback, or the second later.
        assert_eq!(reader.read_line().unwrap().as_deref(), Some("first"));
        if !reader.buffered().is_empty() {
            assert!(StreamProtocol::copy_fd(&reader).is_none());
        }
        // Whatever was buffered is copied, then the rest.
        let dir = TempDir::new("copy-from-half");
        let path = dir.path().join("out");
        let copied = copy(&mut reader, &mut File::create(&path).unwrap()).unwrap();
        assert_eq!(copied, 7);
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
    });
}

#[test]
fn copying_a_file_into_a_closed_writer_fails_as_a_write_does() {
    // The kernel path would report EPIPE; the destination's own check
    // comes first, the same for the kernel path and the buffered loop.
    run_blocking(|| {
        let dir = TempDir::new("copy-closed");
        let path = dir.write("data", b"abc");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let (_reader, mut writer, _peer) = halves(&listener);
        writer.close().unwrap();
        let from_file = copy(&mut File::open(&path).unwrap(), &mut writer).unwrap_err();
        let from_memory = copy(&mut &b"abc"[..], &mut writer).unwrap_err();
        for e in [from_file, from_memory] {
            assert_eq!(e.kind(), ErrorKind::NotConnected, "{e}");
            assert!(e.to_string().contains("after close_write"), "{e}");
        }

        let port = listener.local_addr().unwrap().port();
        let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        let _peer = listener.accept().unwrap();
        socket.close_write().unwrap();
        let e = copy(&mut File::open(&path).unwrap(), &mut socket).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotConnected, "{e}");
    });
}
