//! Socket semantics: mixed reads share one buffer, close and half-close,
//! use after close, split halves, and the Stream / Sink / futures-io impls.

use sockets_test_support as support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::thread;

use futures::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, SinkExt, StreamExt};
use sockets_core::{dial, DialOptions, Socket};
use support::peers::std_echo_peer;
use support::run;

async fn connect(port: u16) -> Socket {
    dial("127.0.0.1", port, DialOptions::default())
        .await
        .unwrap()
}

#[test]
fn mixed_reads_never_lose_or_reorder_a_byte() {
    let (port, peer) = std_echo_peer();
    run(async {
        // AsyncBufReadExt is in scope: `socket.lines()` must still be ours.
        let mut socket = connect(port).await;
        socket
            .write(b"abcdef\nline two\r\nthird\nfourth\nrest of it")
            .await
            .unwrap();
        socket.close_write().await.unwrap();
        assert_eq!(socket.read(3).await.unwrap(), b"abc");
        assert_eq!(socket.read_line().await.unwrap().as_deref(), Some("def"));
        let two: Vec<String> = socket.lines().take(2).map(Result::unwrap).collect().await;
        assert_eq!(two, ["line two", "third"]);
        let mut four = [0u8; 4];
        socket.read_exact(&mut four).await.unwrap(); // AsyncRead
        assert_eq!(&four, b"four");
        let mut th = String::new();
        socket.read_line_into(&mut th).await;
        assert_eq!(socket.read_all().await.unwrap(), b"rest of it");
        assert_eq!(socket.read(10).await.unwrap(), b"");
        socket.close().await.unwrap();
    });
    peer.join().unwrap();
}

/// `AsyncBufReadExt::read_line` through the socket's own buffer.
trait ReadLineInto {
    async fn read_line_into(&mut self, out: &mut String);
}

impl ReadLineInto for Socket {
    async fn read_line_into(&mut self, out: &mut String) {
        let mut this = self;
        AsyncBufReadExt::read_line(&mut this, out).await.unwrap();
        assert_eq!(out, "th\n");
    }
}

#[test]
fn half_close_lets_the_other_direction_finish() {
    let (port, peer) = std_echo_peer();
    run(async {
        let mut socket = connect(port).await;
        socket.writeln("before half-close").await.unwrap();
        socket.close_write().await.unwrap();
        socket.close_write().await.unwrap(); // idempotent
        let e = socket.write(b"late").await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotConnected);
        assert_eq!(socket.read_all().await.unwrap(), b"before half-close\n");
        assert!(!socket.is_closed());
    });
    peer.join().unwrap();
}

#[test]
fn use_after_close_is_not_connected_and_close_twice_is_ok() {
    let (port, peer) = std_echo_peer();
    run(async {
        let mut socket = connect(port).await;
        let (local, remote) = (socket.local_addr(), socket.remote_addr());
        socket.close().await.unwrap();
        socket.close().await.unwrap();
        assert!(socket.is_closed());
        assert_eq!(socket.local_addr(), local);
        assert_eq!(socket.remote_addr(), remote);
        for e in [
            socket.read(1).await.unwrap_err(),
            socket.read_line().await.unwrap_err(),
            socket.read_all().await.unwrap_err(),
            socket.write(b"x").await.unwrap_err(),
            socket.writeln("x").await.unwrap_err(),
            socket.flush().await.unwrap_err(),
        ] {
            assert_eq!(e.kind(), ErrorKind::NotConnected);
            assert!(e.to_string().contains(&remote.to_string()), "{e}");
        }
        assert!(socket.next().await.is_none(), "close ends the line stream");
    });
    peer.join().unwrap();
}

#[test]
fn split_halves_read_and_write_concurrently() {
    let (port, peer) = std_echo_peer();
    run(async {
        let socket = connect(port).await;
        let (mut reader, mut writer) = socket.split();
        let writing = async_std::task::spawn(async move {
            for i in 0..1000 {
                writer.writeln(&format!("line {i}")).await.unwrap();
            }
            writer.close().await.unwrap();
        });
        let mut count = 0;
        while let Some(line) = reader.read_line().await.unwrap() {
            assert_eq!(line, format!("line {count}"));
            count += 1;
        }
        assert_eq!(count, 1000);
        writing.await;
    });
    peer.join().unwrap();
}

#[test]
fn sink_queues_until_flush_and_stream_yields_lines() {
    let (port, peer) = std_echo_peer();
    run(async {
        let mut socket = connect(port).await;
        socket.feed("a\n").await.unwrap();
        socket.feed(b"b\n".to_vec()).await.unwrap();
        socket.flush().await.unwrap();
        assert_eq!(socket.next().await.unwrap().unwrap(), "a");
        assert_eq!(socket.next().await.unwrap().unwrap(), "b");
        socket.send("c\n").await.unwrap();
        SinkExt::<&str>::close(&mut socket).await.unwrap(); // half-close
        assert_eq!(socket.next().await.unwrap().unwrap(), "c");
        assert!(socket.next().await.is_none());
    });
    peer.join().unwrap();
}

#[test]
fn async_write_and_read_impls_move_bulk_bytes_intact() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let data: Vec<u8> = (0..4_000_000u32).map(|i| (i % 251) as u8).collect();
    let expected = data.clone();
    let peer = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut got = Vec::new();
        stream.read_to_end(&mut got).unwrap();
        assert!(got == expected, "bytes differ");
        stream.write_all(&got).unwrap();
    });
    run(async {
        let mut socket = connect(port).await;
        AsyncWriteExt::write_all(&mut socket, &data).await.unwrap();
        AsyncWriteExt::close(&mut socket).await.unwrap(); // half-close
        let mut back = Vec::new();
        AsyncReadExt::read_to_end(&mut socket, &mut back)
            .await
            .unwrap();
        assert!(back == data, "echoed bytes differ");
    });
    peer.join().unwrap();
}

#[test]
fn socket_is_send_unpin_and_debug() {
    fn assert_traits<T: Send + Unpin + std::fmt::Debug>() {}
    assert_traits::<Socket>();
    assert_traits::<sockets_core::ReadHalf>();
    assert_traits::<sockets_core::WriteHalf>();
}
