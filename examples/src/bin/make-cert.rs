//! Makes a private CA and a server certificate it signs, for the TLS
//! examples and for any TLS server under test.
//!
//! ```text
//! make-cert NAME... [--out DIR] [--force]
//! ```
//! Writes `ca.pem` (the CA's certificate: what clients trust), `cert.pem`
//! (a leaf for the NAMEs: CA:FALSE, serverAuth, signed by the CA) and
//! `key.pem` (the leaf's private key). The CA's own key is not kept: the CA
//! signs this one certificate and nothing else.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use clap::Parser;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// Make a private CA and a server certificate for NAMEs (ca.pem, cert.pem, key.pem).
///
/// The leaf certificate is valid for every NAME (DNS names or IP
/// addresses), is not a CA (CA:FALSE), may only authenticate a TLS server
/// (serverAuth), and is signed by a new private CA; both are valid for 825
/// days from now. Clients trust ca.pem; the server uses cert.pem and
/// key.pem.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Examples:
  make-cert localhost 127.0.0.1 ::1 --out certs
  echo-server --tls --cert certs/cert.pem --key certs/key.pem --port 17030
  ncat --tls --ca certs/ca.pem localhost 17030"
)]
struct Args {
    /// DNS names or IP addresses the certificate is for.
    #[arg(value_name = "NAME", required = true)]
    names: Vec<String>,
    /// Directory to write the files into (created if missing).
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Overwrite existing ca.pem, cert.pem and key.pem.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    sockets_examples::cli::init_logging();
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("make-cert: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> io::Result<()> {
    for name in &args.names {
        check_name(name)?;
    }
    let files = ["ca.pem", "cert.pem", "key.pem"].map(|name| args.out.join(name));
    if !args.force {
        if let Some(existing) = files.iter().find(|path| path.exists()) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; pass --force to overwrite it, or --out another directory",
                    existing.display()
                ),
            ));
        }
    }
    let made = make(&args.names)?;
    std::fs::create_dir_all(&args.out).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot create the directory {}: {e}", args.out.display()),
        )
    })?;
    let [ca, cert, key] = &files;
    write(ca, &made.ca_pem, false)?;
    write(cert, &made.cert_pem, false)?;
    write(key, &made.key_pem, true)?;

    let first = quoted(&args.names[0]);
    let [ca, cert, key] = [ca, cert, key].map(|path| quoted(&path.display().to_string()));
    println!(
        "wrote {ca} (the CA: clients trust it), {cert} (for {}) and {key} (its private key)",
        args.names.join(", "),
    );
    println!("use them with:");
    println!("  echo-server --tls --cert {cert} --key {key} --port 17030");
    println!("  ncat --tls --ca {ca} {first} 17030");
    println!("  ncat --listen --tls --cert {cert} --key {key} 17031");
    println!("  openssl s_server -www -accept 4433 -cert {cert} -key {key}");
    println!("  http-get --ca {ca} {first} 4433");
    Ok(())
}

/// Accepts a NAME that a certificate can carry and a client can verify: an
/// IP address, or a DNS name (letters, digits, `-`, `_` and `.`, as
/// rustls checks; `*.` in front for a wildcard, RFC 6125 §6.4.3).
fn check_name(name: &str) -> io::Result<()> {
    if name.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    let dns = name.strip_prefix("*.").unwrap_or(name);
    match sockets_core::rustls::pki_types::DnsName::try_from(dns) {
        Ok(_) if !dns.is_empty() => Ok(()),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "'{name}' is neither a DNS name (letters, digits, '-', '_' and '.') nor an \
                 IP address; no certificate was written"
            ),
        )),
    }
}

/// `text` as one shell word: as it is when that is safe, else in single
/// quotes (POSIX shells and PowerShell both read those literally).
fn quoted(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/:@%+=,".contains(c);
    match !text.is_empty() && text.chars().all(plain) {
        true => text.to_owned(),
        false => format!("'{}'", text.replace('\'', "'\\''")),
    }
}

/// How long the certificates are valid: 825 days, the most Apple's TLS
/// clients accept for a server certificate.
const VALIDITY: Duration = Duration::from_secs(825 * 24 * 3600);

/// How far back validity starts, for peers whose clock runs behind.
const CLOCK_SKEW: Duration = Duration::from_secs(3600);

/// Sets the validity of `params` from an hour ago for [`VALIDITY`].
fn valid_from_now(params: &mut CertificateParams) {
    let now = SystemTime::now();
    params.not_before = (now - CLOCK_SKEW).into();
    params.not_after = (now + VALIDITY).into();
}

/// The three PEM texts.
struct Made {
    ca_pem: String,
    cert_pem: String,
    key_pem: String,
}

fn make(names: &[String]) -> io::Result<Made> {
    let bad = |e: rcgen::Error| io::Error::new(io::ErrorKind::InvalidInput, e.to_string());
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(bad)?;
    ca.distinguished_name.push(
        DnType::CommonName,
        format!("make-cert CA for {}", names.join(" ")),
    );
    // pathlen 0: this CA signs leaves only, never another CA.
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    valid_from_now(&mut ca);
    let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().map_err(bad)?).map_err(bad)?;

    // rcgen makes each name a DNS or an IP subjectAltName, as it parses.
    let mut leaf = CertificateParams::new(names.to_vec()).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a DNS name or IP address among {names:?}: {e}"),
        )
    })?;
    leaf.distinguished_name.push(DnType::CommonName, &names[0]);
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    valid_from_now(&mut leaf);
    let key = KeyPair::generate().map_err(bad)?;
    let cert = leaf.signed_by(&key, &ca).map_err(bad)?;
    Ok(Made {
        ca_pem: ca.pem(),
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    })
}

/// Writes `text` to `path`, readable by its owner only when `secret`.
fn write(path: &Path, text: &str, secret: bool) -> io::Result<()> {
    let named =
        |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options.open(path).map_err(named)?;
    io::Write::write_all(&mut file, text.as_bytes()).map_err(named)
}
