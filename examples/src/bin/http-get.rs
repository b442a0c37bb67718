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
use sockets_examples::cli;

/// Fetch `/` from HOST over HTTP/1.0 and print the response.
///
/// Errors name the step and the address (`could not connect to
/// [::1]:18080`); TLS certificate errors say what is wrong and what to do.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Examples:
  http-get 127.0.0.1 8000                     python3 -m http.server's index
  http-get --tls --timeout 5000 www.rust-lang.org
  http-get --ca certs/ca.pem localhost 4433   trust make-cert's CA (openssl s_server -www)

Logs go to stderr at warn; set RUST_LOG=debug for more."
)]
struct Args {
    /// Host name or IP address.
    host: String,
    /// Port, 1 to 65535 (default 80, or 443 with --tls).
    #[arg(value_parser = clap::value_parser!(u16).range(1..))]
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
    cli::init_logging();
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("http-get: {}", cli::client_error_message(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    let mut options = DialOptions::default().tls(args.tls);
    if let Some(ca) = &args.ca {
        options = options.tls_config(cli::client_config_from_ca_file(ca)?);
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
