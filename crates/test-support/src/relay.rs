//! [`Relay`]: a TCP relay between a client and a server that can slip raw
//! bytes into the server's side of the conversation, for tests of what a
//! client does with a corrupted TLS stream.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

/// Relays one connection on 127.0.0.1 to `target`, byte for byte, until
/// either side ends; [`inject`](Self::inject) sends extra bytes to the
/// client as if the server had sent them.
#[derive(Debug)]
pub struct Relay {
    port: u16,
    to_client: Arc<(Mutex<Option<TcpStream>>, Condvar)>,
}

/// A TLS application-data record of 32 bytes that decrypt to nothing.
pub const JUNK_TLS_RECORD: [u8; 37] = {
    let mut record = [0xab; 37];
    record[0] = 23; // application data
    record[1] = 3;
    record[2] = 3; // TLS 1.2 on the wire, as TLS 1.3 records say
    record[3] = 0;
    record[4] = 32;
    record
};

impl Relay {
    /// Starts relaying the next connection to its port towards `target`.
    pub fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let to_client = Arc::new((Mutex::new(None), Condvar::new()));
        let shared = to_client.clone();
        thread::spawn(move || {
            let (client, _) = listener.accept().unwrap();
            let server = TcpStream::connect(target).unwrap();
            *shared.0.lock().unwrap() = Some(client.try_clone().unwrap());
            shared.1.notify_all();
            let (client_in, server_out) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            thread::spawn(move || pump(client_in, server_out));
            pump_locked(server, &shared.0, client);
        });
        Relay { port, to_client }
    }

    /// The port to dial instead of the server's.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Sends `bytes` to the client, between what the server sends.
    pub fn inject(&self, bytes: &[u8]) {
        let (lock, ready) = &*self.to_client;
        let mut client = lock.lock().unwrap();
        while client.is_none() {
            client = ready.wait(client).unwrap();
        }
        client.as_mut().unwrap().write_all(bytes).unwrap();
    }
}

/// Copies `from` into `to` until end or error, then shuts `to` down.
fn pump(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Write);
}

/// As [`pump`] towards the client, holding the lock per chunk so injected
/// bytes never land inside one.
fn pump_locked(mut from: TcpStream, lock: &Mutex<Option<TcpStream>>, to: TcpStream) {
    let mut chunk = [0u8; 16 * 1024];
    while let Ok(n @ 1..) = from.read(&mut chunk) {
        let mut guard = lock.lock().unwrap();
        if guard.as_mut().unwrap().write_all(&chunk[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
