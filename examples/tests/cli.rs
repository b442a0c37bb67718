//! The example programs as a new user meets them: `--help`, make-cert's
//! files with openssl and our clients, option order, errors that name the
//! file or the address, and warnings on stderr.

use std::io::{BufReader, Read, Write};
use std::process::{Command, Output, Stdio};

use sockets_test_support::peers::{python, TempDir};
use sockets_test_support::run_blocking;

mod common;
use common::{announced_port, openssl_www, program, stderr, stdout};

/// Runs `command` to its end (stdin empty), failing the test if it hangs.
fn output(mut command: Command) -> Output {
    run_blocking(move || command.stdin(Stdio::null()).output().unwrap())
}

/// make-cert's three files for `names`, in a new directory.
fn make_cert(names: &[&str]) -> TempDir {
    let dir = TempDir::new("make-cert");
    let mut command = program("make-cert");
    command.args(names).arg("--out").arg(dir.path());
    let out = output(command);
    assert!(out.status.success(), "{out:?}");
    dir
}

#[test]
fn every_program_has_help_with_usage_and_an_example() {
    for name in [
        "tour",
        "http-get",
        "echo-server",
        "chat",
        "ncat",
        "make-cert",
    ] {
        let mut command = program(name);
        command.arg("--help");
        let out = output(command);
        assert!(out.status.success(), "{name}: {out:?}");
        let help = stdout(&out);
        assert!(help.contains("Usage:"), "{name}:\n{help}");
        assert!(help.contains("Example"), "{name}:\n{help}");
        assert!(help.contains(name), "{name}:\n{help}");
    }
    let mut tour = program("tour");
    tour.arg("--help");
    assert!(!stdout(&output(tour)).contains("== plain TCP =="));
    let mut chat = program("chat");
    chat.arg("--help");
    let help = stdout(&output(chat));
    assert!(help.contains("a client's first line is its name"), "{help}");
    assert!(help.contains("loses the messages"), "{help}");
}

#[test]
fn ncat_send_of_a_missing_file_fails_at_once_naming_it() {
    // A peer that would wait for an end of stream that never comes.
    let peer = python(
        "import socket\n\
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n\
print('PORT', s.getsockname()[1], flush=True)\n\
c, _ = s.accept()\n\
while c.recv(65536): pass\n",
    );
    let missing = std::env::temp_dir().join("sockets-no-such-dir/payload.bin");
    let mut command = program("ncat");
    command
        .args(["127.0.0.1", &peer.port.to_string(), "--send"])
        .arg(&missing);
    let out = output(command);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        stderr(&out).contains(&format!("ncat: cannot send {}: ", missing.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn ncat_listen_on_a_bad_port_names_the_value_and_the_range() {
    let mut command = program("ncat");
    command.args(["-l", "70000"]);
    let out = output(command);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let message = stderr(&out);
    assert!(message.contains("invalid value '70000'"), "{message}");
    assert!(message.contains("from 0 to 65535"), "{message}");
    let mut command = program("ncat");
    command.args(["localhost", "0"]);
    let message = stderr(&output(command));
    assert!(message.contains("0 is not in 1..=65535"), "{message}");
}

#[test]
fn ncat_tls_options_work_before_the_operands_with_make_cert_files() {
    let certs = make_cert(&["localhost", "127.0.0.1"]);
    let path = |name: &str| certs.path().join(name);
    let mut listener = program("ncat");
    listener
        .args(["--listen", "--tls", "--cert"])
        .arg(path("cert.pem"))
        .arg("--key")
        .arg(path("key.pem"))
        .arg("0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut client = program("ncat");
    client.args(["--tls", "--ca"]).arg(path("ca.pem"));
    let (served, answered) = run_blocking(move || {
        let mut listener = listener.spawn().unwrap();
        let mut errors = BufReader::new(listener.stderr.take().unwrap());
        let port = announced_port(&mut errors).to_string();
        listener.stdin.take().unwrap().write_all(b"pong\n").unwrap();
        let mut client = client
            .args(["localhost", &port])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        client.stdin.take().unwrap().write_all(b"ping\n").unwrap();
        let answered = client.wait_with_output().unwrap();
        (listener.wait_with_output().unwrap(), answered)
    });
    assert!(served.status.success(), "{served:?}");
    assert!(answered.status.success(), "{answered:?}");
    assert_eq!(stdout(&served), "ping\n");
    assert_eq!(stdout(&answered), "pong\n");
}

#[test]
fn an_untrusted_ca_error_says_to_pass_it_with_ca() {
    let certs = make_cert(&["localhost"]);
    let (_server, port) = openssl_www(
        &certs.path().join("cert.pem"),
        &certs.path().join("key.pem"),
    );
    for name in ["http-get", "ncat"] {
        let mut client = program(name);
        client.args(["--tls", "localhost", &port]);
        let got = output(client);
        assert!(!got.status.success(), "{got:?}");
        let message = stderr(&got);
        assert!(message.contains("(unknown issuer)"), "{name}: {message}");
        assert!(message.contains("DialOptions::ca_pem"), "{name}: {message}");
        assert!(message.contains("--ca FILE"), "{name}: {message}");
    }
}

#[test]
fn make_cert_files_serve_openssl_and_verify_in_http_get_and_ncat() {
    let dir = TempDir::new("make-cert-out");
    let out_dir = dir.path().join("certs");
    let mut command = program("make-cert");
    command
        .args(["localhost", "::1"])
        .arg("--out")
        .arg(&out_dir);
    let made = output(command);
    assert!(made.status.success(), "{made:?}");
    for usage in [
        "echo-server --tls --cert",
        "http-get --ca",
        "ncat --tls --ca",
    ] {
        assert!(stdout(&made).contains(usage), "{usage}: {}", stdout(&made));
    }
    let (_server, port) = openssl_www(&out_dir.join("cert.pem"), &out_dir.join("key.pem"));
    let ca = out_dir.join("ca.pem");

    let mut http_get = program("http-get");
    http_get.arg("--ca").arg(&ca).args(["localhost", &port]);
    let got = output(http_get);
    assert!(got.status.success(), "{got:?}");
    assert!(
        stdout(&got).starts_with("HTTP/1.0 200 ok"),
        "{}",
        stdout(&got)
    );

    let mut ncat = program("ncat");
    ncat.args(["--tls", "--ca"])
        .arg(&ca)
        .args(["localhost", &port])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let got = run_blocking(move || {
        let mut child = ncat.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    });
    assert!(got.status.success(), "{got:?}");
    assert!(
        stdout(&got).starts_with("HTTP/1.0 200 ok"),
        "{}",
        stdout(&got)
    );

    // A second run refuses to overwrite the files, naming one.
    let mut again = program("make-cert");
    again.arg("localhost").arg("--out").arg(&out_dir);
    let refused = output(again);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("already exists"), "{refused:?}");
}

#[test]
fn errors_about_files_name_the_file() {
    let missing = std::env::temp_dir().join("sockets-no-such-dir/missing.pem");
    let shown = missing.display().to_string();
    let mut commands = Vec::new();
    let mut http_get = program("http-get");
    http_get.args(["127.0.0.1", "1", "--ca"]).arg(&missing);
    commands.push(("http-get --ca", http_get, "CA certificate file"));
    let mut echo = program("echo-server");
    echo.args(["--port", "0", "--tls", "--cert"])
        .arg(&missing)
        .arg("--key")
        .arg(&missing);
    commands.push(("echo-server --cert", echo, "certificate file"));
    let mut ncat = program("ncat");
    ncat.args(["--ca"]).arg(&missing).args(["127.0.0.1", "1"]);
    commands.push(("ncat --ca", ncat, "CA certificate file"));
    let mut listen = program("ncat");
    listen
        .args(["-l", "--tls", "--cert"])
        .arg(&missing)
        .arg("--key")
        .arg(&missing)
        .arg("0");
    commands.push(("ncat -l --cert", listen, "certificate file"));
    for (what, command, words) in commands {
        let out = output(command);
        assert!(!out.status.success(), "{what}: {out:?}");
        let message = stderr(&out);
        assert!(message.contains(&shown), "{what}: {message}");
        assert!(message.contains(words), "{what}: {message}");
    }
    // Files that exist but hold no PEM of the right kind.
    let dir = TempDir::new("bad-pem");
    let garbage = dir.write("garbage.pem", b"not a certificate\n");
    let mut http_get = program("http-get");
    http_get.args(["127.0.0.1", "1", "--ca"]).arg(&garbage);
    let message = stderr(&output(http_get));
    assert!(
        message.contains(&format!("{}: ", garbage.display())) && message.contains("no certificate"),
        "{message}"
    );
    let mut echo = program("echo-server");
    echo.args(["--port", "0", "--tls", "--cert"])
        .arg(&garbage)
        .arg("--key")
        .arg(&garbage);
    let message = stderr(&output(echo));
    assert!(
        message.contains(&format!("(certificate {}, key", garbage.display())),
        "{message}"
    );

    // --out naming a file, not a directory.
    let dir = TempDir::new("not-a-dir");
    let file = dir.write("file", b"");
    let mut make = program("make-cert");
    make.arg("localhost").arg("--out").arg(&file);
    let out = output(make);
    assert!(!out.status.success(), "{out:?}");
    let message = stderr(&out);
    assert!(
        message.contains(&format!("cannot create the directory {}", file.display())),
        "{message}"
    );
}

#[test]
fn a_ca_certificate_as_server_certificate_is_explained() {
    // What `openssl req -x509` makes: a self-signed CA:TRUE certificate.
    let dir = TempDir::new("req-x509");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args([
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let (_server, port) = openssl_www(&cert, &key);
    let mut http_get = program("http-get");
    http_get.arg("--ca").arg(&cert).args(["localhost", &port]);
    let out = output(http_get);
    assert!(!out.status.success(), "{out:?}");
    let message = stderr(&out);
    assert!(
        message.contains("the server presented a CA certificate as its own certificate"),
        "{message}"
    );
    assert!(!message.contains("OtherError"), "{message}");
}

#[test]
fn http_get_brackets_an_ipv6_address_in_its_error() {
    use socket2::{Domain, Socket, Type};
    let loopback = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, 0));
    let Ok(socket) = Socket::new(Domain::IPV6, Type::STREAM, None)
        .and_then(|s| s.bind(&loopback.into()).map(|()| s))
    else {
        eprintln!("skipped: no IPv6 loopback");
        return;
    };
    // Bound, never listening: refuses for as long as it lives.
    let port = socket.local_addr().unwrap().as_socket().unwrap().port();
    let mut http_get = program("http-get");
    http_get.args(["::1", &port.to_string()]);
    let message = stderr(&output(http_get));
    assert!(
        message.contains(&format!("could not connect to [::1]:{port}:")),
        "{message}"
    );
}

#[test]
fn echo_server_warns_about_a_client_that_does_not_speak_tls() {
    let certs = make_cert(&["localhost"]);
    let mut command = program("echo-server");
    command
        .args(["--port", "0", "--tls", "--cert"])
        .arg(certs.path().join("cert.pem"))
        .arg("--key")
        .arg(certs.path().join("key.pem"))
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let (warnings, client) = run_blocking(move || {
        let mut server = command.spawn().unwrap();
        let mut out = BufReader::new(server.stdout.take().unwrap());
        let port = announced_port(&mut out);
        let mut raw = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        let client = raw.local_addr().unwrap();
        raw.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        let _ = raw.read_to_end(&mut Vec::new()); // the server gives up
        let status = Command::new("kill")
            .args(["-INT", &server.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        out.read_to_string(&mut String::new()).unwrap(); // the rest of stdout
        let mut warnings = String::new();
        server
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut warnings)
            .unwrap();
        assert!(server.wait().unwrap().success());
        (warnings, client)
    });
    assert!(warnings.contains("WARN"), "{warnings}");
    assert!(
        warnings.contains(&format!("TLS handshake with client {client} failed")),
        "{warnings}"
    );
    assert!(warnings.contains("is not the TLS handshake"), "{warnings}");
}

#[test]
fn warnings_show_on_stderr_unless_rust_log_says_otherwise() {
    // The tour's intentional TLS failure makes its server warn.
    let mut tour = program("tour");
    tour.env_remove("RUST_LOG");
    let out = output(tour);
    assert!(out.status.success(), "{out:?}");
    let warnings = stderr(&out);
    assert!(warnings.contains("WARN"), "{warnings}");
    assert!(
        warnings.contains("TLS handshake with client 127.0.0.1:"),
        "{warnings}"
    );
    assert!(
        warnings.contains("the client does not trust this server's certificate"),
        "{warnings}"
    );
    let mut quiet = program("tour");
    quiet.env("RUST_LOG", "error");
    let out = output(quiet);
    assert!(out.status.success(), "{out:?}");
    assert!(!stderr(&out).contains("WARN"), "{}", stderr(&out));
}

#[test]
fn make_cert_refuses_a_name_that_is_neither_dns_nor_ip() {
    let dir = TempDir::new("make-cert-bad");
    for bad in ["bad name!", "host:443", "a..b", ""] {
        let mut command = program("make-cert");
        command.arg(bad).arg("--out").arg(dir.path());
        let out = output(command);
        assert!(!out.status.success(), "{bad:?}: {out:?}");
        let message = stderr(&out);
        assert!(
            message.contains(&format!("'{bad}' is neither a DNS name")),
            "{bad:?}: {message}"
        );
        assert!(!dir.path().join("cert.pem").exists(), "{bad:?}");
    }
}

#[test]
fn make_cert_quotes_what_it_prints_into_commands() {
    let dir = TempDir::new("make-cert-quote");
    let out_dir = dir.path().join("my certs");
    let mut command = program("make-cert");
    command
        .args(["*.example.test", "localhost", "::1"])
        .arg("--out")
        .arg(&out_dir);
    let out = output(command);
    assert!(out.status.success(), "{out:?}");
    let printed = stdout(&out);
    let ca = format!("'{}'", out_dir.join("ca.pem").display());
    assert!(
        printed.contains(&format!("ncat --tls --ca {ca} '*.example.test' 17030")),
        "{printed}"
    );
}
