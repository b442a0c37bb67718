//! [`dial`]: resolve, connect (Happy Eyeballs) and optionally TLS, under one deadline.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::task::Poll;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;

use crate::error::{context, host_port, invalid_input, timed_out, ResultExt};
use crate::host::Host;
use crate::local_addr;
use crate::options::DialOptions;
use crate::runtime::{self, TcpStream, Timer};
use crate::socket::Socket;
use crate::tls;
use crate::transport::Transport;

/// RFC 8305's "Connection Attempt Delay": the head start each attempt gets.
const ATTEMPT_DELAY: Duration = Duration::from_millis(250);

/// Connects to `host:port`, over TLS when the options ask for it.
///
/// `host` is a name or an IPv4/IPv6 literal, with or without brackets;
/// resolution and TLS use one parsed form of it: an IPv6 zone
/// (`fe80::1%eth0`) is used to connect and left out of the TLS name, a name
/// verifies in lower case and without the trailing dot of an absolute name
/// (`Example.com.` as `example.com`). Every address it resolves to is
/// tried within the one deadline of [`DialOptions::timeout`], IPv6 and IPv4
/// interleaved and raced Happy-Eyeballs style (RFC 8305): each attempt gets a
/// 250 ms head start, the next starts at once if it fails, the first success
/// wins. With TLS, `host` is sent as SNI and must match the certificate.
///
/// # Errors
/// - `InvalidInput`, before any traffic: empty host, whitespace around or in
///   it, port 0, a host that is not a valid TLS name, invalid options.
/// - A resolution error naming the host.
/// - `ConnectionRefused` (or the OS's error), listing every address tried.
/// - `TimedOut` when the deadline passes, naming the step.
/// - `InvalidData` for a TLS failure (untrusted or expired certificate, name
///   mismatch, protocol error), with the `rustls::Error` as source.
/// - `NotFound` when TLS needs the system's roots and there are none.
///
/// # Cancel safety
/// Dropping the future abandons the dial: attempts under way are closed
/// (the peer may see a connection that ends at once, or a TLS handshake
/// cut short), nothing else is sent, and nothing is left running.
///
/// # Examples
/// ```
/// # async_std::task::block_on(async {
/// use std::time::Duration;
/// use sockets_core::{dial, DialOptions};
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let port = listener.local_addr()?.port();
/// let options = DialOptions::default().timeout(Duration::from_secs(5));
/// let socket = dial("127.0.0.1", port, options).await?;
/// assert_eq!(socket.remote_addr().port(), port);
///
/// let refused = dial("127.0.0.1", 0, DialOptions::default()).await.unwrap_err();
/// assert_eq!(refused.kind(), std::io::ErrorKind::InvalidInput);
/// # std::io::Result::Ok(()) }).unwrap();
/// ```
pub async fn dial(host: &str, port: u16, options: DialOptions) -> io::Result<Socket> {
    let parsed = Host::parse(host).context_with(|| "cannot dial".to_owned())?;
    if port == 0 {
        return Err(invalid_input(format!(
            "cannot dial '{host}': port 0 is not a port to connect to"
        )));
    }
    options
        .validate()
        .context_with(|| format!("cannot dial {}", host_port(host, port)))?;
    let tls = match options.is_tls() {
        false => None,
        true => {
            // The name to verify: the server_name option, else the host,
            // parsed the same way (case, trailing dot, brackets, zone).
            let verified = match options.tls_name(host) {
                name if name == host => parsed.clone(),
                name => Host::parse(name).context_with(|| "DialOptions::server_name".to_owned())?,
            };
            let name = verified.server_name()?;
            // What `Socket::server_name` reports: the name as verified
            // (lower case, no trailing dot, no zone), not as spelled.
            let verified_name = match &name {
                ServerName::IpAddress(ip) => IpAddr::from(*ip).to_string(),
                other => other.to_str().into_owned(),
            };
            let config = options
                .client_config()
                .context_with(|| format!("cannot dial {} with TLS", host_port(host, port)))?;
            Some((name, config, verified_name))
        }
    };

    let limit = options.get_timeout();
    // A limit beyond the clock's range (Duration::MAX) means no deadline.
    let deadline = Instant::now().checked_add(limit);
    let remaining = || deadline.map(|at| at.saturating_duration_since(Instant::now()));

    let resolved = async {
        let addrs = parsed.resolve(port).await?;
        local_addr::matching_family(options.local_addr, host, port, addrs).map(interleave)
    };
    let addrs = runtime::timeout(remaining(), resolved, || {
        timed_out(format_args!("resolving '{host}'"), limit)
    })
    .await?;
    let tcp = runtime::timeout(
        remaining(),
        connect_any(&parsed, port, options.local_addr, &addrs),
        || {
            timed_out(
                format_args!(
                    "connecting to {} (addresses: {})",
                    host_port(host, port),
                    list(&addrs)
                ),
                limit,
            )
        },
    )
    .await?;
    let peer = tcp.get_ref().peer_addr().unwrap_or(addrs[0]);
    let verified_name = tls.as_ref().map(|(_, _, verified)| verified.clone());
    let transport = match tls {
        None => Transport::Tcp(tcp),
        Some((name, config, _)) => {
            let handshake = async {
                tls::connect(config, name, tcp)
                    .await
                    .context_with(|| format!("TLS handshake with {host} ({peer}) failed"))
            };
            let stream = runtime::timeout(remaining(), handshake, || {
                timed_out(format_args!("TLS handshake with {host} ({peer})"), limit)
            })
            .await?;
            Transport::Tls(Box::new(stream))
        }
    };
    Socket::new(transport, &options.socket)
        .map(|socket| match &verified_name {
            Some(verified) => socket.with_verified_name(verified),
            None => socket,
        })
        .context_with(|| format!("setting up the socket to {host} ({peer})"))
}

/// Orders addresses as RFC 8305 asks: alternate the families, starting with
/// the family of the resolver's first answer.
fn interleave(addrs: Vec<SocketAddr>) -> Vec<SocketAddr> {
    let first_is_v6 = addrs[0].is_ipv6();
    let (mut first, mut second): (Vec<_>, Vec<_>) =
        addrs.into_iter().partition(|a| a.is_ipv6() == first_is_v6);
    let mut out = Vec::with_capacity(first.len() + second.len());
    first.reverse();
    second.reverse();
    loop {
        match (first.pop(), second.pop()) {
            (None, None) => return out,
            (a, b) => out.extend(a.into_iter().chain(b)),
        }
    }
}

type Attempt = Pin<Box<dyn Future<Output = io::Result<TcpStream>> + Send>>;

/// Races connection attempts to `addrs`, each started [`ATTEMPT_DELAY`] after
/// the previous one or as soon as it failed; the first success wins and the
/// other attempts are dropped.
async fn connect_any(
    host: &Host,
    port: u16,
    local: Option<SocketAddr>,
    addrs: &[SocketAddr],
) -> io::Result<TcpStream> {
    let mut next = addrs.iter().copied();
    let mut running: Vec<(SocketAddr, Attempt)> = Vec::new();
    let mut failed: Vec<(SocketAddr, io::Error)> = Vec::new();
    let mut head_start = Timer::never();
    futures_lite::future::poll_fn(|cx| loop {
        let mut i = 0;
        while i < running.len() {
            match running[i].1.as_mut().poll(cx) {
                Poll::Ready(Ok(stream)) => return Poll::Ready(Ok(stream)),
                Poll::Ready(Err(e)) => failed.push((running.remove(i).0, e)),
                Poll::Pending => i += 1,
            }
        }
        let start_next = running.is_empty() || Pin::new(&mut head_start).poll(cx).is_ready();
        if !start_next {
            return Poll::Pending;
        }
        match next.next() {
            Some(addr) => {
                running.push((addr, Box::pin(local_addr::connect(local, addr))));
                head_start = Timer::after(ATTEMPT_DELAY);
            }
            None if running.is_empty() => {
                return Poll::Ready(Err(all_failed(host, port, std::mem::take(&mut failed))))
            }
            None => {
                head_start = Timer::never();
                return Poll::Pending;
            }
        }
    })
    .await
}

/// One error for every failed attempt: the kind and source of the most
/// telling one (refused beats the rest), the message naming the others.
fn all_failed(host: &Host, port: u16, mut failed: Vec<(SocketAddr, io::Error)>) -> io::Error {
    let pick = failed
        .iter()
        .position(|(_, e)| e.kind() == io::ErrorKind::ConnectionRefused)
        .unwrap_or(failed.len() - 1);
    let (addr, error) = failed.swap_remove(pick);
    let mut message = format!(
        "could not connect to {}",
        host_port(&host.to_string(), port)
    );
    if !host.is_address(&addr) {
        message.push_str(&format!(" via {addr}"));
    }
    if !failed.is_empty() {
        let others: Vec<String> = failed.iter().map(|(a, e)| format!("{a}: {e}")).collect();
        message.push_str(&format!(" (also tried {})", others.join("; ")));
    }
    context(error, message)
}

fn list(addrs: &[SocketAddr]) -> String {
    addrs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    #[test]
    fn interleave_alternates_families_from_the_first() {
        let v4 = |n| SocketAddr::from(([127, 0, 0, n], 1));
        let v6 = |n| SocketAddr::new(IpAddr::from([0, 0, 0, 0, 0, 0, 0, n]), 1);
        let ordered = interleave(vec![v6(1), v6(2), v6(3), v4(1)]);
        assert_eq!(ordered, vec![v6(1), v4(1), v6(2), v6(3)]);
        let ordered = interleave(vec![v4(1), v4(2), v6(1), v6(2)]);
        assert_eq!(ordered, vec![v4(1), v6(1), v4(2), v6(2)]);
    }
}
