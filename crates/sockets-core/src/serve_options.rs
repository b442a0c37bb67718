//! [`ServeOptions`]: how [`serve_with`](crate::serve_with) listens and
//! handles connections.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::invalid_input;
use crate::executor::{Executor, Spawner};
use crate::options::SocketSettings;
use crate::tls_options::ServerTlsOptions;

/// The default limit on each server-side TLS handshake: 10 s.
///
/// # Examples
/// ```
/// assert_eq!(sockets_core::DEFAULT_HANDSHAKE_TIMEOUT, std::time::Duration::from_secs(10));
/// ```
pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The default time `Server::close` lets handlers finish: 30 s.
///
/// # Examples
/// ```
/// assert_eq!(sockets_core::DEFAULT_SHUTDOWN_TIMEOUT, std::time::Duration::from_secs(30));
/// ```
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the TLS identity of a server comes from.
#[derive(Clone)]
pub(crate) enum ServerTls {
    Pem { cert_chain: Vec<u8>, key: Vec<u8> },
    Config(Arc<rustls::ServerConfig>),
}

/// How [`serve_with`](crate::serve_with) listens, and the settings of every
/// accepted socket.
///
/// ```
/// use std::time::Duration;
/// use sockets_core::ServeOptions;
///
/// let options = ServeOptions::default()
///     .max_connections(1000)
///     .read_timeout(Some(Duration::from_secs(60)))
///     .shutdown_timeout(Duration::from_secs(5));
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct ServeOptions {
    pub(crate) tls: Option<ServerTls>,
    pub(crate) handshake_timeout: Option<Duration>,
    pub(crate) max_connections: Option<usize>,
    pub(crate) shutdown_timeout: Option<Duration>,
    pub(crate) backlog: Option<u32>,
    pub(crate) socket: SocketSettings,
    pub(crate) tls_options: ServerTlsOptions,
    pub(crate) executor: Spawner,
}

impl ServeOptions {
    /// Serves TLS with this PEM certificate chain (leaf first) and PEM
    /// private key (PKCS#8, PKCS#1 or SEC1). Bad PEM makes `serve_with` fail
    /// with `InvalidInput`.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// // Bad PEM is an InvalidInput error from serve_with, before any traffic.
    /// let options = ServeOptions::default().tls("not a certificate", "not a key");
    /// let e = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await.unwrap_err();
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn tls(mut self, cert_chain_pem: impl Into<Vec<u8>>, key_pem: impl Into<Vec<u8>>) -> Self {
        self.tls = Some(ServerTls::Pem {
            cert_chain: cert_chain_pem.into(),
            key: key_pem.into(),
        });
        self
    }

    /// Serves TLS with this rustls configuration (several certificates,
    /// custom verifiers). Build it with the re-exported
    /// [`rustls`](crate::rustls). ALPN and client certificates need none:
    /// [`alpn`](Self::alpn) and [`client_auth`](Self::client_auth), which
    /// `serve` refuses (`InvalidInput`) in combination with this.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// use std::sync::Arc;
    /// use sockets_core::rustls;
    /// let key = rcgen::KeyPair::generate().expect("key");
    /// let cert = rcgen::CertificateParams::new(vec!["localhost".into()]).expect("name").self_signed(&key).expect("cert");
    /// let key = rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).expect("key der");
    /// let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
    ///     .with_safe_default_protocol_versions()
    ///     .expect("protocol versions")
    ///     .with_no_client_auth()
    ///     .with_single_cert(vec![cert.der().clone()], key)
    ///     .expect("certificate and key");
    /// let options = ServeOptions::default().tls_config(Arc::new(config));
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn tls_config(mut self, config: Arc<rustls::ServerConfig>) -> Self {
        self.tls = Some(ServerTls::Config(config));
        self
    }

    /// The limit on each TLS handshake, which runs in the connection's own
    /// task, never in the accept loop. Default: [`DEFAULT_HANDSHAKE_TIMEOUT`].
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// let options = ServeOptions::default().handshake_timeout(Duration::from_secs(2));
    /// assert!(format!("{options:?}").contains("handshake_timeout: 2s"));
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = Some(timeout);
        self
    }

    /// The most connections handled at once. Beyond it, new connections wait
    /// in the listen backlog until a handler returns. Default: no limit.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// let options = ServeOptions::default().max_connections(100);
    /// assert!(format!("{options:?}").contains("max_connections: Some(100)"));
    /// let e = serve_with("127.0.0.1", 0, ServeOptions::default().max_connections(0), |_c| async { Ok(()) }).await;
    /// assert!(e.is_err()); // zero could never serve anyone
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = Some(max);
        self
    }

    /// How long [`Server::close`](crate::Server::close) lets handlers finish
    /// before it shuts their sockets down. Default: [`DEFAULT_SHUTDOWN_TIMEOUT`].
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// let options = ServeOptions::default().shutdown_timeout(Duration::from_secs(1));
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
    /// server.close().await?; // handlers get at most 1 s before their sockets are shut down
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = Some(timeout);
        self
    }

    /// The listen backlog. Default: the system's largest (as Go does), not
    /// std's fixed 128, under which a burst of connects stalls on SYN
    /// retries: `somaxconn` on Linux, 4096 capped by the kernel on macOS
    /// and the BSDs, `SOMAXCONN` on Windows.
    ///
    /// # Examples
    /// ```
    /// # async_std::task::block_on(async {
    /// use std::time::Duration;
    /// use sockets_core::{serve_with, ServeOptions};
    /// let options = ServeOptions::default().backlog(4096);
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn backlog(mut self, backlog: u32) -> Self {
        self.backlog = Some(backlog);
        self
    }

    /// The executor the accept loop and every connection task run on.
    /// Default: async-std's global executor. With the cargo feature
    /// `tokio`, pass `tokio::runtime::Handle::current()` to serve on tokio:
    /// handlers may then use tokio's timers, `tokio::spawn` and tokio I/O,
    /// and no async-std thread is started.
    ///
    /// Whatever the executor, sockets wait for readiness through async-io's
    /// reactor: one extra thread (`async-io`) that epoll/kqueue/IOCP wakes
    /// and that in turn wakes the executor's task, the same hand-off
    /// async-std itself makes. An executor that drops tasks unpolled, or never
    /// polls them, does not hang [`Server::close`](crate::Server::close); see
    /// [`Executor`].
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{serve_with, BoxedTask, Executor, ServeOptions};
    ///
    /// /// Runs every task on async-std's executor, as the default does.
    /// struct AsyncStd;
    /// impl Executor for AsyncStd {
    ///     fn spawn(&self, task: BoxedTask) {
    ///         async_std::task::spawn(task);
    ///     }
    /// }
    ///
    /// # async_std::task::block_on(async {
    /// let options = ServeOptions::default().executor(AsyncStd);
    /// let server = serve_with("127.0.0.1", 0, options, |_conn| async { Ok(()) }).await?;
    /// server.close().await?;
    /// # std::io::Result::Ok(()) }).unwrap();
    /// ```
    #[must_use]
    pub fn executor(mut self, executor: impl Executor) -> Self {
        self.executor = Spawner::new(executor);
        self
    }

    crate::options::socket_setters!(ServeOptions);

    pub(crate) fn get_handshake_timeout(&self) -> Duration {
        self.handshake_timeout.unwrap_or(DEFAULT_HANDSHAKE_TIMEOUT)
    }

    pub(crate) fn get_shutdown_timeout(&self) -> Duration {
        self.shutdown_timeout.unwrap_or(DEFAULT_SHUTDOWN_TIMEOUT)
    }

    pub(crate) fn validate(&self) -> std::io::Result<()> {
        if self.max_connections == Some(0) {
            return Err(invalid_input("max_connections must be at least 1"));
        }
        if self.backlog == Some(0) {
            return Err(invalid_input("backlog must be at least 1"));
        }
        if self.handshake_timeout == Some(Duration::ZERO) {
            return Err(invalid_input("handshake_timeout must be longer than zero"));
        }
        self.socket.validate()
    }
}

impl fmt::Debug for ServeOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tls = match &self.tls {
            None => "none",
            Some(ServerTls::Pem { .. }) => "pem",
            Some(ServerTls::Config(_)) => "config",
        };
        f.debug_struct("ServeOptions")
            .field("tls", &tls)
            .field("tls_options", &self.tls_options)
            .field("handshake_timeout", &self.get_handshake_timeout())
            .field("max_connections", &self.max_connections)
            .field("shutdown_timeout", &self.get_shutdown_timeout())
            .field("backlog", &self.backlog)
            .field("read_timeout", &self.socket.read_timeout)
            .field("write_timeout", &self.socket.write_timeout)
            .field("max_line_length", &self.socket.max_line_length)
            .field("nodelay", &self.socket.nodelay)
            .field("keepalive", &self.socket.keepalive)
            .field("executor", &self.executor)
            .finish()
    }
}
