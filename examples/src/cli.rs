//! What every example program shares: its log on stderr, files read with
//! errors that name them, and TLS identities and roots taken from files.

use std::io;
use std::path::Path;
use std::sync::Arc;

use sockets_core::rustls;

/// Sends the log to stderr at `warn` (the library's handshake failures and
/// handler errors), or at what `RUST_LOG` says (`RUST_LOG=debug`).
pub fn init_logging() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
}

/// Reads a whole file; an error names `what` and the path.
///
/// # Errors
/// The OS's error, with its kind, as `cannot read the WHAT PATH: ...`.
pub fn read_file(path: &Path, what: &str) -> io::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot read the {what} {}: {e}", path.display()),
        )
    })
}

/// A client configuration trusting the CA certificates in the PEM file at
/// `path` (as `--ca FILE` gives it).
///
/// # Errors
/// The file cannot be read, or holds no valid certificate; the message
/// names the file.
pub fn client_config_from_ca_file(path: &Path) -> io::Result<Arc<rustls::ClientConfig>> {
    let pem = read_file(path, "CA certificate file")?;
    crate::client_config_trusting(&pem)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// The error's message for a client program's stderr: when the server's
/// certificate comes from a CA this program does not trust, it adds how to
/// trust one on the command line (`--ca FILE`), beside the library's hint.
pub fn client_error_message(error: &io::Error) -> String {
    let message = error.to_string();
    match message.contains("(unknown issuer)") {
        true => format!(
            "{message}\n(to trust a private CA, pass its certificate: --ca FILE, \
             such as certs/ca.pem from make-cert)"
        ),
        false => message,
    }
}

/// A server's certificate chain and key, read from `--cert FILE --key FILE`.
#[derive(Debug)]
pub struct ServerIdentity {
    /// The PEM certificate chain, leaf first.
    pub cert_chain_pem: Vec<u8>,
    /// The PEM private key.
    pub key_pem: Vec<u8>,
}

impl ServerIdentity {
    /// Reads both files.
    ///
    /// # Errors
    /// Either file cannot be read; the message names it.
    pub fn read(cert: &Path, key: &Path) -> io::Result<ServerIdentity> {
        Ok(ServerIdentity {
            cert_chain_pem: read_file(cert, "certificate file")?,
            key_pem: read_file(key, "private key file")?,
        })
    }
}

/// Adds the certificate and key files to an error of `serve` that is about
/// their contents (`InvalidInput`: bad PEM, key not matching).
pub fn name_tls_files(error: io::Error, cert: &Path, key: &Path) -> io::Error {
    if error.kind() != io::ErrorKind::InvalidInput {
        return error;
    }
    io::Error::new(
        error.kind(),
        format!(
            "{error} (certificate {}, key {})",
            cert.display(),
            key.display()
        ),
    )
}
