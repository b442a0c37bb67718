//! Host names to addresses, for dialing and for listening alike.

use std::io;
use std::net::{IpAddr, SocketAddr};

use crate::error::ResultExt;
use crate::runtime;

/// The addresses `host` names: an IP literal (with or without brackets)
/// directly, anything else through the system resolver.
///
/// # Errors
/// A resolver error naming the host; `NotFound` when it has no address.
pub(crate) async fn resolve(host: &str, port: u16) -> io::Result<Vec<SocketAddr>> {
    let literal = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = literal.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs = runtime::resolve(host, port)
        .await
        .context_with(|| format!("could not resolve host '{host}'"))?;
    if addrs.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("could not resolve host '{host}': no addresses"),
        ));
    }
    Ok(addrs)
}
