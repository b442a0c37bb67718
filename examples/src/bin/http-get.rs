//! The scripting module's client example: `GET / HTTP/1.0` and print the
//! response.
//!
//! ```text
//! http-get HOST [PORT] [--tls] [--timeout MS] [--ca FILE]
//! ```

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use sockets_blocking::{dial, DialOptions};

/// Fetch `/` from HOST over HTTP/1.0 and print the response.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Host name or IP address.
    host: String,
    /// Port (default 80, or 443 with --tls).
    port: Option<u16>,
    /// Use TLS (system roots, SNI from HOST).
    #[arg(long)]
    tls: bool,
    /// One deadline for connecting, and for each read, in milliseconds.
    #[arg(long, value_name = "MS")]
    timeout: Option<u64>,
    /// Trust this PEM CA certificate instead of the system roots (implies --tls).
    #[arg(long, value_name = "FILE")]
    ca: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("http-get: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    let mut options = DialOptions::default().tls(args.tls);
    if let Some(ca) = &args.ca {
        options = options.tls_config(sockets_examples::client_config_trusting(&std::fs::read(
            ca,
        )?)?);
    }
    if let Some(ms) = args.timeout {
        let limit = Duration::from_millis(ms);
        options = options.timeout(limit).read_timeout(Some(limit));
    }
    let port = args.port.unwrap_or(if options.is_tls() { 443 } else { 80 });
    let mut client = dial(&args.host, port, options)?;
    client.writeln("GET / HTTP/1.0")?;
    client.writeln(&format!("Host: {}", args.host))?;
    client.writeln("")?;
    print!("{}", String::from_utf8_lossy(&client.read_all()?));
    client.close()
}
