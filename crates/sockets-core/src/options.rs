//! [`DialOptions`] and the per-socket settings it shares with `ServeOptions`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::invalid_input;
use crate::line_splitter::DEFAULT_MAX_LINE_LENGTH;
use crate::tls_options::ClientTlsOptions;

/// The default deadline for DNS + connect + TLS handshake: 30 s.
///
/// # Examples
/// ```
/// use std::time::Duration;
/// assert_eq!(sockets_core::DEFAULT_DIAL_TIMEOUT, Duration::from_secs(30));
/// assert_eq!(sockets_core::DialOptions::default().get_timeout(), Duration::from_secs(30));
/// ```
pub const DEFAULT_DIAL_TIMEOUT: Duration = Duration::from_secs(30);

/// Rejects a zero timeout, which can never be met (use `None` instead).
pub(crate) fn check_timeout(name: &str, timeout: Option<Duration>) -> std::io::Result<()> {
    if timeout == Some(Duration::ZERO) {
        return Err(invalid_input(format!(
            "{name} must be longer than zero (use None for no timeout)"
        )));
    }
    Ok(())
}

/// The setters of [`SocketSettings`], shared by `DialOptions` and
/// `ServeOptions` (where they apply to every accepted socket).
macro_rules! socket_setters {
    ($type:ident) => {
        /// A deadline for each read call: a `read_line` not complete within
        /// it fails with `TimedOut` ("reading from PEER timed out after
        /// D"), however the bytes trickle in. Default: none.
        ///
        /// **The timeout rule**, the same for reads and
        /// [`write_timeout`](Self::write_timeout) and for every operation
        /// that waits: reads, writes, flush, close, the `Sink`, the
        /// futures-io traits, `copy()`, and the blocking facade, whether the
        /// call runs on an executor or blocks a thread. *The timeout bounds
        /// each call.* Its clock starts when the call first has to wait (a
        /// call that completes at once never times out) and stops when the
        /// call returns; the next call starts afresh, nothing carries over.
        /// For the poll-based traits a call runs from its first poll until
        /// it returns `Ready`: each `poll_read`, `poll_fill_buf`,
        /// `poll_next`, `poll_write`, `poll_flush`, `poll_close` and
        /// `Sink::poll_ready` (so a `Sink` bounds the wait for room for each
        /// item, not a whole `send_all`). A poll-level call dropped while
        /// pending and polled again continues its deadline: at that level a
        /// retry cannot be told from a new call. Split long transfers into
        /// calls that each fit the timeout.
        ///
        /// # Examples
        /// ```
        #[doc = concat!("use sockets_core::", stringify!($type), ";")]
        /// use std::time::Duration;
        ///
        #[doc = concat!("let options = ", stringify!($type), "::default().read_timeout(Some(Duration::from_secs(30)));")]
        /// assert!(format!("{options:?}").contains("read_timeout: Some(30s)"));
        /// ```
        #[must_use]
        pub fn read_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
            self.socket.read_timeout = timeout;
            self
        }

        /// A deadline for each write, flush or close call, under the timeout
        /// rule of [`read_timeout`](Self::read_timeout): `TimedOut`
        /// ("writing to PEER timed out after D") when a call is not
        /// complete within it. Default: none.
        ///
        /// # Examples
        /// ```
        #[doc = concat!("use sockets_core::", stringify!($type), ";")]
        /// use std::time::Duration;
        ///
        #[doc = concat!("let options = ", stringify!($type), "::default().write_timeout(Some(Duration::from_secs(30)));")]
        /// assert!(format!("{options:?}").contains("write_timeout: Some(30s)"));
        /// ```
        #[must_use]
        pub fn write_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
            self.socket.write_timeout = timeout;
            self
        }

        /// The longest line `read_line` and `lines` accept, without its
        /// terminator. Default: [`DEFAULT_MAX_LINE_LENGTH`](crate::DEFAULT_MAX_LINE_LENGTH) (64 KiB).
        ///
        /// # Examples
        /// ```
        #[doc = concat!("use sockets_core::", stringify!($type), ";")]
        ///
        #[doc = concat!("let options = ", stringify!($type), "::default().max_line_length(8 * 1024);")]
        /// assert!(format!("{options:?}").contains("max_line_length: 8192"));
        /// ```
        #[must_use]
        pub fn max_line_length(mut self, max: usize) -> Self {
            self.socket.max_line_length = max;
            self
        }

        /// Sets `TCP_NODELAY` (small writes leave at once). Default: true.
        ///
        /// # Examples
        /// ```
        #[doc = concat!("use sockets_core::", stringify!($type), ";")]
        ///
        #[doc = concat!("let options = ", stringify!($type), "::default().nodelay(false);")]
        /// assert!(format!("{options:?}").contains("nodelay: false"));
        /// ```
        #[must_use]
        pub fn nodelay(mut self, nodelay: bool) -> Self {
            self.socket.nodelay = nodelay;
            self
        }

        /// Turns TCP keepalive on with this idle time before the first
        /// probe (see [`Socket::set_keepalive`](crate::Socket::set_keepalive)),
        /// or leaves the system's default (off) with `None`. Default: `None`.
        ///
        /// # Examples
        /// ```
        #[doc = concat!("use sockets_core::", stringify!($type), ";")]
        /// use std::time::Duration;
        ///
        #[doc = concat!("let options = ", stringify!($type), "::default().keepalive(Some(Duration::from_secs(60)));")]
        /// assert!(format!("{options:?}").contains("keepalive: Some(60s)"));
        /// ```
        #[must_use]
        pub fn keepalive(mut self, idle: Option<std::time::Duration>) -> Self {
            self.socket.keepalive = idle;
            self
        }
    };
}

pub(crate) use socket_setters;

/// Settings of one socket, whichever side opened it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SocketSettings {
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) write_timeout: Option<Duration>,
    pub(crate) max_line_length: usize,
    pub(crate) nodelay: bool,
    pub(crate) keepalive: Option<Duration>,
}

impl Default for SocketSettings {
    fn default() -> Self {
        SocketSettings {
            read_timeout: None,
            write_timeout: None,
            max_line_length: DEFAULT_MAX_LINE_LENGTH,
            nodelay: true,
            keepalive: None,
        }
    }
}

impl SocketSettings {
    /// Rejects settings that can't work, before any network traffic.
    pub(crate) fn validate(&self) -> std::io::Result<()> {
        check_timeout("read_timeout", self.read_timeout)?;
        check_timeout("write_timeout", self.write_timeout)?;
        crate::socket_options::check_keepalive(self.keepalive)?;
        if self.max_line_length == 0 {
            return Err(invalid_input("max_line_length must be at least 1"));
        }
        Ok(())
    }
}

/// How [`dial`](crate::dial) connects, and the settings of the socket it returns.
///
/// All setters consume and return the options, so they chain:
///
/// ```
/// use std::time::Duration;
/// use sockets_core::DialOptions;
///
/// let options = DialOptions::default()
///     .tls(true)
///     .timeout(Duration::from_secs(5))
///     .read_timeout(Some(Duration::from_secs(30)))
///     .max_line_length(8 * 1024);
/// # let _ = options;
/// ```
#[derive(Clone, Default)]
pub struct DialOptions {
    pub(crate) tls: bool,
    pub(crate) tls_config: Option<Arc<rustls::ClientConfig>>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) socket: SocketSettings,
    pub(crate) tls_options: ClientTlsOptions,
    pub(crate) local_addr: Option<std::net::SocketAddr>,
}

impl DialOptions {
    /// Wraps the connection in TLS, trusting the system's root certificates.
    /// The host given to `dial` is sent as SNI and must match the certificate.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::DialOptions;
    /// assert!(DialOptions::default().tls(true).is_tls());
    /// ```
    #[must_use]
    pub fn tls(mut self, enabled: bool) -> Self {
        self.tls = enabled;
        self
    }

    /// Uses this rustls configuration for TLS, and turns TLS on. Build it
    /// with the re-exported [`rustls`](crate::rustls) so the versions
    /// match. The common cases need none: [`ca_pem`](Self::ca_pem),
    /// [`client_cert`](Self::client_cert) and [`alpn`](Self::alpn), which
    /// `dial` refuses (`InvalidInput`) in combination with this.
    ///
    /// # Examples
    /// ```
    /// use std::sync::Arc;
    /// use sockets_core::{rustls, DialOptions};
    /// let roots = rustls::RootCertStore::empty(); // add a private CA here
    /// let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
    ///     .with_safe_default_protocol_versions()
    ///     .expect("protocol versions")
    ///     .with_root_certificates(roots)
    ///     .with_no_client_auth();
    /// let options = DialOptions::default().tls_config(Arc::new(config));
    /// assert!(options.is_tls());
    /// ```
    #[must_use]
    pub fn tls_config(mut self, config: Arc<rustls::ClientConfig>) -> Self {
        self.tls = true;
        self.tls_config = Some(config);
        self
    }

    /// One deadline for name resolution, TCP connect and TLS handshake
    /// together. Default: [`DEFAULT_DIAL_TIMEOUT`].
    ///
    /// # Examples
    /// ```
    /// use std::time::Duration;
    /// use sockets_core::DialOptions;
    /// let options = DialOptions::default().timeout(Duration::from_secs(5));
    /// assert_eq!(options.get_timeout(), Duration::from_secs(5));
    /// ```
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    socket_setters!(DialOptions);

    /// Whether the connection will use TLS.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::DialOptions;
    /// assert!(!DialOptions::default().is_tls());
    /// ```
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The dial deadline in force.
    ///
    /// # Examples
    /// ```
    /// use sockets_core::{DialOptions, DEFAULT_DIAL_TIMEOUT};
    /// assert_eq!(DialOptions::default().get_timeout(), DEFAULT_DIAL_TIMEOUT);
    /// ```
    pub fn get_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_DIAL_TIMEOUT)
    }

    pub(crate) fn validate(&self) -> std::io::Result<()> {
        if self.timeout == Some(Duration::ZERO) {
            return Err(invalid_input("the dial timeout must be longer than zero"));
        }
        self.socket.validate()
    }
}

impl fmt::Debug for DialOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DialOptions")
            .field("tls", &self.tls)
            .field("custom_tls_config", &self.tls_config.is_some())
            .field("tls_options", &self.tls_options)
            .field("timeout", &self.get_timeout())
            .field("local_addr", &self.local_addr)
            .field("read_timeout", &self.socket.read_timeout)
            .field("write_timeout", &self.socket.write_timeout)
            .field("max_line_length", &self.socket.max_line_length)
            .field("nodelay", &self.socket.nodelay)
            .field("keepalive", &self.socket.keepalive)
            .finish()
    }
}
