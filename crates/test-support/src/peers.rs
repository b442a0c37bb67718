//! Real peers in child processes: python3 servers and openssl s_server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A child process serving on `port`, killed on drop.
#[derive(Debug)]
pub struct Peer {
    child: Child,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    _dir: Option<TempDir>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command`, whose stdout announces the port as the last token of
/// the first line containing `marker`.
fn start(mut command: Command, marker: &str, dir: Option<TempDir>) -> Peer {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e} (does .ci/run install it?)"));
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            _ => panic!("{command:?} exited before announcing its port"),
        };
        if line.contains(marker) {
            let token = line.split([' ', ':']).rfind(|t| !t.is_empty()).unwrap();
            break token.parse().unwrap();
        }
    };
    // Keep draining stdout so the peer never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Peer {
        child,
        port,
        _dir: dir,
    }
}

/// A python3 program; it must print `PORT <n>` once listening.
pub fn python(program: &str) -> Peer {
    let mut command = Command::new("python3");
    command.arg("-u").arg("-c").arg(program);
    start(command, "PORT", None)
}

/// `python3 -m http.server` on loopback, serving `dir`.
pub fn python_http_server(dir: TempDir) -> Peer {
    let program = "import http.server, functools, sys\n\
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])\n\
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)\n\
        print('PORT', server.server_address[1], flush=True)\n\
        server.serve_forever()\n";
    let mut command = Command::new("python3");
    command.arg("-u").arg("-c").arg(program).arg(dir.path());
    start(command, "PORT", Some(dir))
}

/// `openssl s_server -rev` (answers each line reversed) with this identity.
pub fn openssl_s_server(cert_pem: &str, key_pem: &str) -> Peer {
    let dir = TempDir::new("s_server");
    let cert = dir.write("cert.pem", cert_pem.as_bytes());
    let key = dir.write("key.pem", key_pem.as_bytes());
    let mut command = Command::new("openssl");
    command
        .args(["s_server", "-rev", "-accept", "127.0.0.1:0", "-cert"])
        .arg(cert)
        .arg("-key")
        .arg(key);
    start(command, "ACCEPT", Some(dir))
}

/// `openssl s_server -rev` that requires a client certificate signed by
/// `client_ca_pem` (`-Verify 1`) and accepts the ALPN protocol `alpn`.
pub fn openssl_s_server_mtls(
    cert_pem: &str,
    key_pem: &str,
    client_ca_pem: &str,
    alpn: &str,
) -> Peer {
    let dir = TempDir::new("s_server_mtls");
    let cert = dir.write("cert.pem", cert_pem.as_bytes());
    let key = dir.write("key.pem", key_pem.as_bytes());
    let ca = dir.write("client_ca.pem", client_ca_pem.as_bytes());
    let mut command = Command::new("openssl");
    command
        .args(["s_server", "-rev", "-accept", "127.0.0.1:0", "-Verify", "1"])
        .args(["-verify_return_error", "-alpn", alpn, "-cert"])
        .arg(cert)
        .arg("-key")
        .arg(key)
        .arg("-CAfile")
        .arg(ca);
    start(command, "ACCEPT", Some(dir))
}

/// A directory removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty directory named after `tag`.
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "sockets-test-{}-{tag}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes a file `name` in it; returns its path.
    pub fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A plain std peer that echoes everything until the client half-closes,
/// then closes its side. Returns its port and its thread.
pub fn std_echo_peer() -> (u16, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = stream.try_clone().unwrap();
        std::io::copy(&mut reader, &mut stream).unwrap();
    });
    (port, handle)
}

/// A plain std peer that writes `chunks` one by one (no delay between
/// them), then closes. Returns its port and its thread.
pub fn std_peer_writing(chunks: Vec<Vec<u8>>) -> (u16, std::thread::JoinHandle<()>) {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_nodelay(true).unwrap();
        for chunk in chunks {
            if stream.write_all(&chunk).is_err() {
                return;
            }
        }
    });
    (port, handle)
}

/// `text` split at the cut points (taken modulo its length), for peers that
/// deliver it in arbitrary pieces.
pub fn chunked(text: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 1)).collect();
    points.extend([0, text.len()]);
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .map(|w| text[w[0]..w[1]].to_vec())
        .collect()
}

/// A plain std peer that trickles one byte (`x`, never a newline) every 50
/// ms for up to 3 s, then closes: a slowloris against read timeouts.
pub fn std_peer_trickling() -> (u16, std::thread::JoinHandle<()>) {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        for _ in 0..60 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
    (port, handle)
}

/// A python3 `ssl` server (OpenSSL underneath) that reads requests of
/// `request_len` bytes and answers each with `got <request_len>\n`.
///
/// It reads the last `slow_tail` bytes of each request slowly, through a
/// small receive buffer, so the client's socket buffer is full when its
/// last write returns: a client that still holds TLS records then waits
/// for an answer that never comes.
pub fn python_tls_counter(
    cert_pem: &str,
    key_pem: &str,
    request_len: usize,
    slow_tail: usize,
) -> Peer {
    let dir = TempDir::new("tls_counter");
    let cert = dir.write("cert.pem", cert_pem.as_bytes());
    let key = dir.write("key.pem", key_pem.as_bytes());
    let program = format!(
        "import socket, ssl, time\n\
         ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n\
         ctx.load_cert_chain({cert:?}, {key:?})\n\
         server = socket.socket()\n\
         server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)\n\
         server.bind(('127.0.0.1', 0))\n\
         server.listen()\n\
         print('PORT', server.getsockname()[1], flush=True)\n\
         while True:\n\
         \x20   conn, _ = server.accept()\n\
         \x20   with ctx.wrap_socket(conn, server_side=True) as tls:\n\
         \x20       count = 0\n\
         \x20       while chunk := tls.recv(16384):\n\
         \x20           count += len(chunk)\n\
         \x20           if count + {slow_tail} > {request_len}:\n\
         \x20               time.sleep(0.005)\n\
         \x20           if count == {request_len}:\n\
         \x20               tls.sendall(b'got %d\\n' % count)\n\
         \x20               count = 0\n"
    );
    let mut command = Command::new("python3");
    command.arg("-u").arg("-c").arg(program);
    start(command, "PORT", Some(dir))
}
