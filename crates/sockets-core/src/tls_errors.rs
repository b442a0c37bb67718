//! TLS handshake failures in words: what was wrong with which certificate,
//! and what to do about it.
//!
//! rustls's own messages print some causes Debug-formatted
//! (`invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))`).
//! [`explain`] keeps the error's [`io::ErrorKind`] and the `rustls::Error`
//! as [`Error::source`], so callers can still downcast, and replaces only
//! the message.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::io;
use std::net::IpAddr;

use rustls::pki_types::UnixTime;
use rustls::{AlertDescription, CertificateError};

/// Which end of the handshake we are: it decides whose certificate failed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Side {
    /// We dialed: the server's certificate was checked.
    Client,
    /// We accepted: the client's data (and certificate, if asked) was checked.
    Server,
}

impl Side {
    /// The peer, as a message names it.
    fn peer(self) -> &'static str {
        match self {
            Side::Client => "the server",
            Side::Server => "the client",
        }
    }
}

/// A rustls error with its explanation as the message.
#[derive(Debug)]
struct Explained {
    message: String,
    source: rustls::Error,
}

impl fmt::Display for Explained {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for Explained {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.source)
    }
}

/// Rewrites a handshake error that carries a `rustls::Error` into words;
/// any other error is returned as it is.
pub(crate) fn explain(error: io::Error, side: Side) -> io::Error {
    if !error
        .get_ref()
        .is_some_and(|inner| inner.is::<rustls::Error>())
    {
        return error;
    }
    let kind = error.kind();
    match error
        .into_inner()
        .map(|inner| inner.downcast::<rustls::Error>())
    {
        Some(Ok(tls)) => io::Error::new(
            kind,
            Explained {
                message: describe(&tls, side),
                source: *tls,
            },
        ),
        // Unreachable after the check above; keep the error's text anyway.
        Some(Err(inner)) => io::Error::new(kind, inner),
        None => io::Error::from(kind),
    }
}

/// A rustls error met while building a configuration (a certificate and
/// key that do not match, an unusable CA certificate) as `InvalidInput`,
/// in words; the `rustls::Error` stays the source.
pub(crate) fn config_error(error: rustls::Error) -> io::Error {
    let message = match &error {
        // rustls prints these Debug-style (`keys may not be consistent: KeyMismatch`).
        rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch) => {
            "the private key does not belong to the certificate (their public keys \
             differ); pass the key that was made with this certificate"
                .to_owned()
        }
        rustls::Error::InconsistentKeys(_) => "cannot check that the private key belongs \
             to the certificate (the key does not give its public key)"
            .to_owned(),
        rustls::Error::InvalidCertificate(CertificateError::BadEncoding) => {
            "the certificate is malformed (bad DER encoding)".to_owned()
        }
        rustls::Error::InvalidCertificate(CertificateError::Other(other)) => {
            format!("the certificate is not usable: {other}")
        }
        rustls::Error::InvalidCertificate(_) => "the certificate is not usable".to_owned(),
        rustls::Error::General(message) => message.clone(),
        other => other.to_string(),
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        Explained {
            message,
            source: error,
        },
    )
}

/// The words for `error`, seen from `side`.
fn describe(error: &rustls::Error, side: Side) -> String {
    let peer = side.peer();
    match error {
        rustls::Error::InvalidCertificate(cert) => certificate(cert, side),
        rustls::Error::AlertReceived(alert) => alert_received(*alert, side),
        // rustls's text names its enums (`InvalidContentType`); the source
        // keeps it for those who want it.
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => format!(
            "{peer} sent data that is not the TLS handshake expected; \
             is it speaking plain TCP or another protocol to a TLS port?"
        ),
        rustls::Error::NoCertificatesPresented => {
            format!("{peer} sent no certificate; configure it with one")
        }
        other => other.to_string(),
    }
}

/// A certificate that failed verification (ours checking the peer's).
fn certificate(error: &CertificateError, side: Side) -> String {
    let whose = match side {
        Side::Client => "the server's certificate",
        Side::Server => "the client's certificate",
    };
    match error {
        CertificateError::UnknownIssuer => match side {
            Side::Client => format!(
                "{whose} is not signed by a trusted certificate authority (unknown issuer); \
                 trust the CA that signed it (DialOptions::ca_pem with that CA's certificate) \
                 or use a certificate from a CA this system trusts"
            ),
            Side::Server => format!(
                "{whose} is not signed by a trusted certificate authority (unknown issuer); \
                 trust the CA that signed it (ServeOptions::client_auth with that CA's \
                 certificate) or give the client a certificate from that CA"
            ),
        },
        CertificateError::ExpiredContext { time, not_after } => format!(
            "{whose} expired at {} (the time here is {}); renew it, \
             or check this machine's clock",
            utc(*not_after),
            utc(*time)
        ),
        CertificateError::Expired => {
            format!("{whose} has expired; renew it, or check this machine's clock")
        }
        CertificateError::NotValidYetContext { time, not_before } => format!(
            "{whose} is not valid before {} (the time here is {}); \
             check this machine's clock, or issue it with an earlier start",
            utc(*not_before),
            utc(*time)
        ),
        CertificateError::NotValidYet => format!(
            "{whose} is not valid yet; check this machine's clock, \
             or issue it with an earlier start"
        ),
        CertificateError::NotValidForNameContext {
            expected,
            presented,
        } => {
            let valid_for = match presented.as_slice() {
                [] => "no name at all (no subjectAltName)".to_string(),
                names => names
                    .iter()
                    .map(|n| plain_name(n).into_owned())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            format!(
                "{whose} is not valid for the name '{}': it is valid for {valid_for}; \
                 connect with a name the certificate lists, or issue one that includes this name",
                expected.to_str()
            )
        }
        CertificateError::NotValidForName => format!(
            "{whose} is not valid for the name dialed; connect with a name the \
             certificate lists, or issue one that includes this name"
        ),
        CertificateError::BadSignature => format!(
            "{whose} has a bad signature: it does not verify against the key of the CA \
             it names as issuer (altered, or signed by another key); reissue it from its CA"
        ),
        CertificateError::Revoked => format!("{whose} has been revoked by its CA"),
        CertificateError::BadEncoding => format!("{whose} is malformed (bad DER encoding)"),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            format!(
                "{whose} is not issued for this use (extended key usage: {error}); \
                 a TLS server needs serverAuth, a client clientAuth"
            )
        }
        CertificateError::Other(other) => match other.0.downcast_ref::<webpki::Error>() {
            Some(webpki::Error::CaUsedAsEndEntity) => format!(
                "{} presented a CA certificate as its own certificate (CA:TRUE, as \
                 `openssl req -x509` makes by default); give it a leaf certificate \
                 (CA:FALSE) signed by that CA, for example one made by the make-cert example",
                side.peer()
            ),
            Some(webpki::Error::EndEntityUsedAsCa) => format!(
                "{whose} chain uses a certificate that is not a CA (CA:FALSE) as an issuer; \
                 put the real CA's certificate in the chain"
            ),
            _ => format!("{whose} was rejected: {other}"),
        },
        other => format!(
            "{whose} was rejected: {}",
            rustls::Error::from(other.clone())
        ),
    }
}

/// A name as webpki reports it (`DnsName("a.test")`, `IpAddress(0::1)`),
/// without the Debug wrapping; an address as `IpAddr` prints it (`::1`).
fn plain_name(name: &str) -> Cow<'_, str> {
    let inner = |prefix: &str, suffix: &str| name.strip_prefix(prefix)?.strip_suffix(suffix);
    if let Some(address) = inner("IpAddress(", ")") {
        // webpki's own IPv6 text is not canonical (`0::1`); kept as is
        // when it does not parse.
        return match address.parse::<IpAddr>() {
            Ok(ip) => Cow::Owned(ip.to_string()),
            Err(_) => Cow::Borrowed(address),
        };
    }
    Cow::Borrowed(inner("DnsName(\"", "\")").unwrap_or(name))
}

/// An alert from the peer: why it gave up on the handshake.
fn alert_received(alert: AlertDescription, side: Side) -> String {
    let peer = side.peer();
    let ours = match side {
        Side::Client => "this client's certificate",
        Side::Server => "this server's certificate",
    };
    let name = alert_name(alert);
    match alert {
        AlertDescription::UnknownCA | AlertDescription::CertificateUnknown => format!(
            "{peer} does not trust {ours} (TLS alert '{name}'); give it the certificate of \
             the CA that signed it, or use a certificate from a CA it trusts"
        ),
        AlertDescription::BadCertificate
        | AlertDescription::CertificateExpired
        | AlertDescription::UnsupportedCertificate
        | AlertDescription::CertificateRevoked => {
            format!("{peer} rejected {ours} (TLS alert '{name}')")
        }
        AlertDescription::ProtocolVersion | AlertDescription::HandshakeFailure => format!(
            "{peer} found no TLS version or cipher suite in common with us \
             (TLS alert '{name}')"
        ),
        _ => format!("{peer} ended the handshake with the TLS alert '{name}'"),
    }
}

/// The alert's name as RFC 8446 §6 spells it.
fn alert_name(alert: AlertDescription) -> String {
    let name = match alert {
        AlertDescription::UnknownCA => "unknown_ca",
        AlertDescription::CertificateUnknown => "certificate_unknown",
        AlertDescription::BadCertificate => "bad_certificate",
        AlertDescription::CertificateExpired => "certificate_expired",
        AlertDescription::UnsupportedCertificate => "unsupported_certificate",
        AlertDescription::CertificateRevoked => "certificate_revoked",
        AlertDescription::ProtocolVersion => "protocol_version",
        AlertDescription::HandshakeFailure => "handshake_failure",
        AlertDescription::DecodeError => "decode_error",
        AlertDescription::DecryptError => "decrypt_error",
        AlertDescription::IllegalParameter => "illegal_parameter",
        AlertDescription::InternalError => "internal_error",
        AlertDescription::UnrecognisedName => "unrecognized_name",
        AlertDescription::NoApplicationProtocol => "no_application_protocol",
        other => return format!("{other:?}"),
    };
    name.to_string()
}

/// A UNIX time as `YYYY-MM-DD HH:MM:SS UTC`.
fn utc(time: UnixTime) -> String {
    let secs = time.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// Days since 1970-01-01 as a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`, public domain).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn explained(error: rustls::Error, side: Side) -> io::Error {
        explain(io::Error::new(io::ErrorKind::InvalidData, error), side)
    }

    #[test]
    fn keeps_the_kind_and_the_rustls_error_as_source() {
        let e = explained(CertificateError::UnknownIssuer.into(), Side::Client);
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        let source = e.get_ref().and_then(|inner| inner.source()).unwrap();
        assert_eq!(
            source.downcast_ref::<rustls::Error>(),
            Some(&rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer
            ))
        );
        assert!(e.to_string().starts_with(
            "the server's certificate is not signed by a trusted certificate authority"
        ));
    }

    #[test]
    fn unknown_issuer_names_the_option_that_trusts_a_ca() {
        let client = explained(CertificateError::UnknownIssuer.into(), Side::Client);
        assert!(
            client.to_string().contains("DialOptions::ca_pem"),
            "{client}"
        );
        let server = explained(CertificateError::UnknownIssuer.into(), Side::Server);
        assert!(
            server.to_string().contains("ServeOptions::client_auth"),
            "{server}"
        );
    }

    #[test]
    fn config_errors_in_words_with_the_source_kept() {
        let mismatch = rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch);
        let e = config_error(mismatch.clone());
        assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
        let message = e.to_string();
        assert!(message.starts_with("the private key does not belong to the certificate"));
        assert!(!message.contains("KeyMismatch"), "{message}");
        let source = e.get_ref().and_then(|inner| inner.source()).unwrap();
        assert_eq!(source.downcast_ref::<rustls::Error>(), Some(&mismatch));
        let unknown = config_error(rustls::InconsistentKeys::Unknown.into()).to_string();
        assert!(
            unknown.starts_with("cannot check that the private key"),
            "{unknown}"
        );
        let malformed = config_error(CertificateError::BadEncoding.into()).to_string();
        assert_eq!(malformed, "the certificate is malformed (bad DER encoding)");
    }

    #[test]
    fn ca_used_as_end_entity_in_words() {
        let other = rustls::OtherError(Arc::new(webpki::Error::CaUsedAsEndEntity));
        let e = explained(CertificateError::Other(other).into(), Side::Client);
        let message = e.to_string();
        assert!(
            message.starts_with("the server presented a CA certificate as its own certificate"),
            "{message}"
        );
        assert!(!message.contains("OtherError"), "{message}");
    }

    #[test]
    fn expired_and_not_yet_valid_name_dates() {
        let error = CertificateError::ExpiredContext {
            time: UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_700_000_000)),
            not_after: UnixTime::since_unix_epoch(std::time::Duration::from_secs(978_307_200)),
        };
        let message = explained(error.into(), Side::Client).to_string();
        assert!(
            message.starts_with("the server's certificate expired at 2001-01-01 00:00:00 UTC"),
            "{message}"
        );
        assert!(message.contains("2023-11-14 22:13:20 UTC"), "{message}");
        let error = CertificateError::NotValidYetContext {
            time: UnixTime::since_unix_epoch(std::time::Duration::from_secs(0)),
            not_before: UnixTime::since_unix_epoch(std::time::Duration::from_secs(951_782_400)),
        };
        let message = explained(error.into(), Side::Server).to_string();
        assert!(
            message.starts_with(
                "the client's certificate is not valid before 2000-02-29 00:00:00 UTC"
            ),
            "{message}"
        );
    }

    #[test]
    fn wrong_name_lists_the_names_the_certificate_has() {
        let error = CertificateError::NotValidForNameContext {
            expected: rustls::pki_types::ServerName::try_from("localhost").unwrap(),
            presented: vec![
                "DnsName(\"a.test\")".into(),
                "IpAddress(127.0.0.1)".into(),
                "IpAddress(0::1)".into(),
            ],
        };
        let message = explained(error.into(), Side::Client).to_string();
        assert!(
            message.starts_with(
                "the server's certificate is not valid for the name 'localhost': \
                 it is valid for a.test, 127.0.0.1, ::1;"
            ),
            "{message}"
        );
    }

    #[test]
    fn bad_signature_and_alerts_in_words() {
        let message = explained(CertificateError::BadSignature.into(), Side::Client).to_string();
        assert!(message.contains("bad signature"), "{message}");
        let alert = rustls::Error::AlertReceived(AlertDescription::UnknownCA);
        let message = explained(alert, Side::Server).to_string();
        assert!(
            message.starts_with("the client does not trust this server's certificate"),
            "{message}"
        );
        assert!(message.contains("'unknown_ca'"), "{message}");
    }

    #[test]
    fn garbage_instead_of_tls_asks_about_the_protocol() {
        let garbage = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        let message = explained(garbage, Side::Server).to_string();
        assert_eq!(
            message,
            "the client sent data that is not the TLS handshake expected; \
             is it speaking plain TCP or another protocol to a TLS port?"
        );
    }

    #[test]
    fn other_errors_fall_back_to_the_rustls_message() {
        let message = explained(rustls::Error::DecryptError, Side::Client).to_string();
        assert_eq!(message, rustls::Error::DecryptError.to_string());
        let plain = io::Error::new(io::ErrorKind::UnexpectedEof, "eof");
        assert_eq!(explain(plain, Side::Client).to_string(), "eof");
    }
}
