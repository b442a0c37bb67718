//! [`Host`]: the host of `dial` and `serve`, parsed once, so name resolution
//! and the TLS server name (SNI and the certificate check) always agree.
//!
//! Accepted spellings: an IPv4 literal; an IPv6 literal with or without
//! brackets (`::1`, `[::1]`), optionally with a zone (`fe80::1%eth0`,
//! `[fe80::1%2]`, RFC 4007 §11) that is used to connect and left out of the
//! TLS name, as certificates never carry zones; a DNS name in any case, with
//! or without the trailing dot of an absolute name (`Example.COM.` resolves
//! and verifies as `example.com`, as curl and browsers do). Whitespace is
//! rejected, not trimmed: a host read from a file with its newline is a bug
//! to report, not to guess around.

use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, SocketAddrV6};

use rustls::pki_types::ServerName;

use crate::error::{invalid_input, ResultExt};
use crate::runtime;

/// A parsed host: an IP address (with its IPv6 zone, if any) or a DNS name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// An IP literal; `zone` is the text after `%` of an IPv6 literal.
    Ip { ip: IpAddr, zone: Option<String> },
    /// A DNS name, lower-case, without a trailing dot.
    Name(String),
}

impl Host {
    /// Parses `input`, as typed by the caller.
    ///
    /// # Errors
    /// `InvalidInput` for an empty host, whitespace or control characters,
    /// brackets around anything but an IPv6 literal, or an empty zone.
    pub(crate) fn parse(input: &str) -> io::Result<Host> {
        if input.is_empty() {
            return Err(invalid_input("the host is empty"));
        }
        if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid_input(format!(
                "the host {input:?} contains whitespace or control characters"
            )));
        }
        let bracketed = input.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
        let literal = bracketed.unwrap_or(input);
        let (address, zone) = match literal.split_once('%') {
            Some((address, zone)) => (address, Some(zone)),
            None => (literal, None),
        };
        if let Ok(ip) = address.parse::<Ipv6Addr>() {
            if zone == Some("") {
                return Err(invalid_input(format!(
                    "the host '{input}' has an empty IPv6 zone after '%'"
                )));
            }
            let zone = zone.map(str::to_owned);
            return Ok(Host::Ip {
                ip: IpAddr::V6(ip),
                zone,
            });
        }
        if has_port(input) {
            return Err(invalid_input(format!(
                "the host '{input}' contains a port; pass the port separately"
            )));
        }
        if bracketed.is_some() || input.contains(['[', ']']) {
            return Err(invalid_input(format!(
                "the host '{input}': brackets only enclose an IPv6 address"
            )));
        }
        if let (Ok(ip), None) = (literal.parse::<IpAddr>(), zone) {
            return Ok(Host::Ip { ip, zone: None });
        }
        let name = literal.strip_suffix('.').unwrap_or(literal);
        if name.is_empty() || name.ends_with('.') || name.contains(['%', ':']) {
            return Err(invalid_input(format!(
                "the host '{input}' is not a valid host name"
            )));
        }
        Ok(Host::Name(name.to_ascii_lowercase()))
    }

    /// The name TLS sends as SNI and checks the certificate against: the
    /// address without its zone, or the normalized DNS name.
    ///
    /// # Errors
    /// `InvalidInput` for a name that is not a valid DNS name.
    pub(crate) fn server_name(&self) -> io::Result<ServerName<'static>> {
        match self {
            Host::Ip { ip, .. } => Ok(ServerName::IpAddress((*ip).into())),
            Host::Name(name) => ServerName::try_from(name.clone()).map_err(|e| {
                invalid_input(format!("'{name}' is not a valid TLS server name: {e}"))
            }),
        }
    }

    /// The addresses to connect to or listen on: an IP literal directly
    /// (a numeric zone too), anything else through the system resolver.
    ///
    /// # Errors
    /// A resolver error naming the host; `NotFound` when it has no address.
    pub(crate) async fn resolve(&self, port: u16) -> io::Result<Vec<SocketAddr>> {
        let lookup = match self {
            Host::Ip { ip, zone: None } => return Ok(vec![SocketAddr::new(*ip, port)]),
            Host::Ip {
                ip: IpAddr::V6(ip),
                zone: Some(zone),
            } => match zone.parse::<u32>() {
                Ok(scope_id) => return Ok(vec![SocketAddrV6::new(*ip, port, 0, scope_id).into()]),
                // An interface name: the system resolver knows them
                // (getaddrinfo maps `fe80::1%eth0` to its scope id).
                Err(_) => format!("{ip}%{zone}"),
            },
            Host::Ip { ip, .. } => ip.to_string(),
            Host::Name(name) => name.clone(),
        };
        let addrs = runtime::resolve(&lookup, port)
            .await
            .context_with(|| match self {
                // glibc maps interface names to scope ids only for
                // link-local addresses (fe80::/10): `::1%lo` fails there.
                Host::Ip { zone: Some(_), .. } => format!(
                    "could not resolve host '{self}' (the system resolver may not map \
                     an interface name in the zone for this address; give the zone as \
                     the interface's number instead, for example ::1%1)"
                ),
                _ => format!("could not resolve host '{self}'"),
            })?;
        if addrs.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("could not resolve host '{self}': no addresses"),
            ));
        }
        Ok(addrs)
    }

    /// Whether `addr` is this host's own address (no need to name it twice
    /// in a message).
    pub(crate) fn is_address(&self, addr: &SocketAddr) -> bool {
        matches!(self, Host::Ip { ip, .. } if *ip == addr.ip())
    }
}

/// Whether `input` is a host with a port after it: `127.0.0.1:80`,
/// `example.com:80`, `[::1]:80` (an IPv6 literal without brackets has
/// colons of its own and is never taken for one).
fn has_port(input: &str) -> bool {
    let host = match input.strip_prefix('[') {
        Some(rest) => match rest.split_once("]:") {
            Some((_, port)) => return is_port(port),
            None => return false,
        },
        None => input,
    };
    match host.split_once(':') {
        Some((_, port)) => is_port(port),
        None => false,
    }
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The host as a user would type it back: `::1`, `fe80::1%eth0`,
/// `example.com`.
impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Ip { ip, zone: None } => write!(f, "{ip}"),
            Host::Ip { ip, zone: Some(z) } => write!(f, "{ip}%{z}"),
            Host::Name(name) => f.write_str(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(host: &str) -> String {
        match Host::parse(host).unwrap().server_name().unwrap() {
            ServerName::DnsName(name) => name.as_ref().to_owned(),
            ServerName::IpAddress(ip) => IpAddr::from(ip).to_string(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn every_spelling_gives_one_server_name() {
        for (spelling, expected) in [
            ("127.0.0.1", "127.0.0.1"),
            ("::1", "::1"),
            ("[::1]", "::1"),
            ("[0:0::1]", "::1"),
            ("fe80::1%eth0", "fe80::1"),
            ("[fe80::1%2]", "fe80::1"),
            ("localhost", "localhost"),
            ("LOCALHOST", "localhost"),
            ("Example.COM.", "example.com"),
        ] {
            assert_eq!(name(spelling), expected, "{spelling}");
        }
    }

    #[test]
    fn bad_spellings_are_invalid_input() {
        for spelling in [
            "",
            " localhost",
            "localhost\n",
            "\t::1",
            "[::1] ",
            "[127.0.0.1]",
            "[localhost]",
            "::1%",
            ".",
            "example..",
            "example.com:http",
            "a%b",
        ] {
            let e = Host::parse(spelling).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{spelling:?}");
        }
    }

    #[test]
    fn a_host_with_a_port_says_so() {
        for spelling in [
            "127.0.0.1:80",
            "example.com:80",
            "[::1]:80",
            "[fe80::1%2]:443",
        ] {
            let e = Host::parse(spelling).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{spelling:?}");
            assert!(
                e.to_string()
                    .contains("contains a port; pass the port separately"),
                "{spelling}: {e}"
            );
        }
        // IPv6 literals keep working, bracketed or not.
        for spelling in ["::1", "1::80", "::ffff:127.0.0.1", "[::1]", "fe80::1%2"] {
            assert!(Host::parse(spelling).is_ok(), "{spelling}");
        }
    }

    #[test]
    fn a_numeric_zone_is_the_scope_id() {
        let host = Host::parse("fe80::1%7").unwrap();
        let addrs = futures_lite::future::block_on(host.resolve(443)).unwrap();
        let SocketAddr::V6(addr) = addrs[0] else {
            panic!("not IPv6")
        };
        assert_eq!((addr.scope_id(), addr.port()), (7, 443));
    }
}
