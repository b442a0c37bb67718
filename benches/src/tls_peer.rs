//! A plain-std rustls server (a thread per connection) and client configs,
//! shared by both sides of the TLS comparisons.

use std::io::{self, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;

use rcgen::{CertificateParams, KeyPair};
use sockets_core::rustls;

/// A certificate for 127.0.0.1 (and "localhost") and configs that trust it.
pub struct Identity {
    pub server: Arc<rustls::ServerConfig>,
    pub client: Arc<rustls::ClientConfig>,
}

pub fn identity() -> io::Result<Identity> {
    let key = KeyPair::generate().map_err(io::Error::other)?;
    let cert = CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()])
        .and_then(|p| p.self_signed(&key))
        .map_err(io::Error::other)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key_der = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der())
        .map_err(io::Error::other)?;
    let server = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key_der)
        .map_err(io::Error::other)?;
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.der().clone()).map_err(io::Error::other)?;
    let client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Identity {
        server: Arc::new(server),
        client: Arc::new(client),
    })
}

/// A TLS server: each connection is read to its end, then answered with
/// the byte count (8 bytes, little endian) and closed with close_notify.
pub fn counting_tls_sink(config: Arc<rustls::ServerConfig>) -> io::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    thread::Builder::new()
        .name("tls-sink".into())
        .spawn(move || {
            for tcp in listener.incoming().flatten() {
                let config = config.clone();
                thread::spawn(move || {
                    let Ok(conn) = rustls::ServerConnection::new(config) else {
                        return;
                    };
                    let mut tls = rustls::StreamOwned::new(conn, tcp);
                    let mut buf = vec![0u8; 64 * 1024];
                    let mut total: u64 = 0;
                    loop {
                        match tls.read(&mut buf) {
                            Ok(0) => break,
                            Ok(n) => total += n as u64,
                            Err(_) => return,
                        }
                    }
                    let _ = tls.write_all(&total.to_le_bytes());
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                });
            }
        })?;
    Ok(port)
}
