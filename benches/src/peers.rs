//! Plain std servers shared by both sides of each comparison.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::thread;

/// A server that reads each connection to its end and answers with the
/// byte count (8 bytes, little endian): a sink that verifies the total.
pub fn counting_sink() -> io::Result<u16> {
    serve_each(|mut stream| {
        let mut buf = vec![0u8; 256 * 1024];
        let mut total: u64 = 0;
        loop {
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => total += n as u64,
                Err(_) => return,
            }
        }
        let _ = stream.write_all(&total.to_le_bytes());
    })
}

/// A server that writes `payload` `times` times to each connection, then
/// closes it.
pub fn repeating_source(payload: Vec<u8>, times: usize) -> io::Result<u16> {
    serve_each(move |mut stream| {
        for _ in 0..times {
            if stream.write_all(&payload).is_err() {
                return;
            }
        }
    })
}

fn serve_each(handle: impl Fn(std::net::TcpStream) + Send + Sync + 'static) -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let handle = std::sync::Arc::new(handle);
    thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let handle = handle.clone();
                thread::spawn(move || handle(stream));
            }
        })?;
    Ok(port)
}
