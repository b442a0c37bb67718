//! Every wait inside copy() is bounded when the destination has a write
//! timeout: the kernel path (sendfile from a file) as the buffered one.

use std::fs::File;
use std::io::ErrorKind;
use std::net::TcpListener;
use std::time::Duration;

use sockets_blocking::{dial, DialOptions, Socket};
use sockets_stream::{copy, IoStream};
use sockets_test_support::peers::TempDir;
use sockets_test_support::run_blocking;

const BIG: usize = 64 << 20;

/// A blocking socket with a 500 ms write timeout to a peer that accepts
/// and never reads; the listener keeps the peer's side open.
fn socket_to_a_peer_that_never_reads() -> (Socket, TcpListener, std::net::TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
    let (peer, _) = listener.accept().unwrap();
    socket
        .set_write_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    (socket, listener, peer)
}

fn big_file(dir: &TempDir) -> std::path::PathBuf {
    dir.write("big", &vec![b'x'; BIG])
}

#[test]
fn copying_a_file_into_a_socket_nobody_reads_times_out() {
    // Issue 16, failing input A: this used to stay blocked forever.
    run_blocking(|| {
        let dir = TempDir::new("copy-timeout");
        let path = big_file(&dir);
        let (mut socket, _listener, _peer) = socket_to_a_peer_that_never_reads();
        let e = copy(&mut File::open(&path).unwrap(), &mut socket).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
        let message = e.to_string();
        assert!(message.contains("timed out after 500ms"), "{message}");
        assert!(
            message.contains(&socket.remote_addr().to_string()),
            "{message}"
        );

        // Through IoStream too: it forwards the write timeout.
        let (socket, _listener, _peer) = socket_to_a_peer_that_never_reads();
        let mut wrapped = IoStream::new(socket);
        let e = copy(&mut File::open(&path).unwrap(), &mut wrapped).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
    });
}

#[test]
fn copying_memory_into_a_socket_nobody_reads_times_out_the_same_way() {
    run_blocking(|| {
        let (mut socket, _listener, _peer) = socket_to_a_peer_that_never_reads();
        let data = vec![b'x'; BIG];
        let e = copy(&mut &data[..], &mut socket).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut, "{e}");
    });
}

#[test]
fn a_std_stream_in_blocking_mode_reports_its_own_send_timeout() {
    // sendfile into a blocking socket with SO_SNDTIMEO fails with EAGAIN
    // once that passes; copy() reports it as write(2) does, at once.
    run_blocking(|| {
        let dir = TempDir::new("std-timeout");
        let path = big_file(&dir);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut stream = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_peer, _) = listener.accept().unwrap();
        stream
            .set_write_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let e = copy(&mut File::open(&path).unwrap(), &mut stream).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "{e}"
        );
    });
}

#[test]
fn the_largest_write_timeout_means_no_limit() {
    // Duration::MAX used to overflow the clock the first time the kernel
    // path had to wait for room.
    run_blocking(|| {
        let dir = TempDir::new("max-timeout");
        let path = dir.write("data", &vec![b'y'; 16 << 20]);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let reader = std::thread::spawn(move || {
            let (mut peer, _) = listener.accept().unwrap();
            std::io::copy(&mut peer, &mut std::io::sink()).unwrap()
        });
        let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        socket.set_write_timeout(Some(Duration::MAX)).unwrap();
        let copied = copy(&mut File::open(&path).unwrap(), &mut socket).unwrap();
        assert_eq!(copied, 16 << 20);
        socket.close().unwrap();
        assert_eq!(reader.join().unwrap(), 16 << 20);
    });
}
