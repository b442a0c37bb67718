//! Fuzzer bytes as a peer of serve(): a line-echo server with a small line
//! limit and a read timeout. Whatever arrives, the handler may fail but the
//! server must never panic and must keep serving.
#![no_main]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sockets_core::{serve_with, ServeOptions, Server};

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let options = ServeOptions::default()
            .max_line_length(256)
            .read_timeout(Some(Duration::from_secs(2)));
        async_std::task::block_on(serve_with("127.0.0.1", 0, options, |mut conn| async move {
            while let Some(line) = conn.stream.read_line_bytes().await? {
                conn.stream.write(&line).await?;
                conn.stream.write(b"\n").await?;
            }
            conn.stream.close().await
        }))
        .expect("serve")
    })
}

fuzz_target!(|input: &[u8]| {
    let server = server();
    let mut peer = TcpStream::connect(server.local_addr()).expect("connect");
    peer.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    // The first byte picks the chunk size the peer writes in.
    let chunk = usize::from(*input.first().unwrap_or(&1)).max(1);
    for piece in input.chunks(chunk) {
        if peer.write_all(piece).is_err() {
            break;
        }
    }
    let _ = peer.shutdown(Shutdown::Write);
    let mut reply = Vec::new();
    let _ = peer.read_to_end(&mut reply);
    assert_eq!(server.stats().handler_panics, 0);
});
