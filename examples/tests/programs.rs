//! Every example program, run as a user would, against loopback peers.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sockets_blocking::{dial, DialOptions};
use sockets_test_support::certs::TestCa;
use sockets_test_support::peers::{openssl_s_server, python, python_http_server, TempDir};
use sockets_test_support::run_blocking;

mod common;
use common::{announced_port, openssl_www, program, stdout};

/// Starts a server program and reads "... listening on ADDR" from stdout.
fn start_server(mut command: Command) -> (Child, u16, BufReader<std::process::ChildStdout>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let port = announced_port(&mut stdout);
    (child, port, stdout)
}

#[test]
fn tour_prints_its_transcript() {
    let out = program("tour").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let transcript = stdout(&out);
    for expected in [
        "server says: hello from sockets, connection 1",
        "sent \"dial\", got \"DIAL\"",
        "the server still answers: \"bye\\n\"",
        "server.close() returned: 1 handler(s) done; 1 accepted, 0 active, 0 handler errors",
        "TLS server closed; ",
        "over TLS: TLS echo: secret",
        "with the system store instead it fails, as expected: no public CA signed",
        "could not connect to 127.0.0.1:",
        "server says: got 20893 bytes in 1000 lines",
    ] {
        assert!(
            transcript.contains(expected),
            "missing {expected:?} in:\n{transcript}"
        );
    }
    assert!(!transcript.contains("ServerStats {"), "{transcript}");
}

#[test]
fn http_get_against_python_http_server() {
    let dir = TempDir::new("www");
    dir.write("index.html", b"<p>hello from python</p>\n");
    let server = python_http_server(dir);
    let out = program("http-get")
        .args(["127.0.0.1", &server.port.to_string(), "--timeout", "5000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).starts_with("HTTP/1.0 200"), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("<p>hello from python</p>\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn http_get_over_tls_against_openssl() {
    let ca = TestCa::new("examples CA");
    let leaf = ca.leaf(&["localhost"]);
    let dir = TempDir::new("ca");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    // `openssl s_server -www` answers GET / with a status page.
    let cert = dir.write("cert.pem", leaf.cert_pem.as_bytes());
    let key = dir.write("key.pem", leaf.key_pem.as_bytes());
    let (server, port) = openssl_www(&cert, &key);
    let out = program("http-get")
        .args(["localhost", &port, "--ca"])
        .arg(&ca_file)
        .output()
        .unwrap();
    let rejected = program("http-get")
        .args(["localhost", &port, "--tls", "--timeout", "5000"])
        .output()
        .unwrap();
    drop(server);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout(&out).starts_with("HTTP/1.0 200 ok"),
        "{}",
        stdout(&out)
    );
    assert!(!rejected.status.success());
    let message = String::from_utf8_lossy(&rejected.stderr);
    assert!(
        message.contains("TLS handshake with localhost") || message.contains("no trusted root"),
        "{message}"
    );
}

#[test]
fn echo_server_echoes_and_closes_gracefully_on_ctrl_c() {
    let (child, port, mut stdout) = start_server({
        let mut c = program("echo-server");
        c.args(["--port", "0"]);
        c
    });
    run_blocking(move || {
        let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
        client.writeln("hello echo").unwrap();
        assert_eq!(client.read_line().unwrap().as_deref(), Some("hello echo"));
        // A line that is not UTF-8 gets an error line; the connection goes on.
        client.write(b"bad \xff line\nstill here\n").unwrap();
        let answer = client.read_line().unwrap().unwrap();
        assert!(answer.starts_with("error: "), "{answer}");
        assert!(answer.contains("UTF-8"), "{answer}");
        assert_eq!(client.read_line().unwrap().as_deref(), Some("still here"));
        client.close().unwrap();
        let status = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        assert!(
            rest.contains("closed. stats: 1 accepted, 0 active, 0 handler errors"),
            "{rest}"
        );
        let mut child = child;
        assert!(child.wait().unwrap().success());
    });
}

#[test]
fn chat_fans_messages_out_to_every_other_client() {
    let (mut child, port, _stdout) = start_server({
        let mut c = program("chat");
        c.args(["--port", "0"]);
        c
    });
    run_blocking(move || {
        let options = || DialOptions::default().read_timeout(Some(Duration::from_secs(10)));
        let mut clients: Vec<_> = ["ann", "bob", "cy"]
            .iter()
            .map(|name| {
                let mut c = dial("127.0.0.1", port, options()).unwrap();
                c.writeln(name).unwrap();
                c
            })
            .collect();
        // Wait until cy's join reaches ann: then everyone is in the room.
        while clients[0].read_line().unwrap().as_deref() != Some("* cy joined") {}
        clients[0].writeln("hello room").unwrap();
        for client in &mut clients[1..] {
            loop {
                let line = client.read_line().unwrap().unwrap();
                if line == "ann: hello room" {
                    break;
                }
                assert!(line.starts_with("* "), "unexpected {line}");
            }
        }
        clients.remove(2).close().unwrap();
        while clients[0].read_line().unwrap().as_deref() != Some("* cy left") {}
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn chat_warns_when_it_drops_messages_for_a_slow_client() {
    let mut child = program("chat")
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let port = announced_port(&mut stdout);
    let errors = BufReader::new(child.stderr.take().unwrap());
    let warning = run_blocking(move || {
        let options = DialOptions::default().read_timeout(Some(Duration::from_secs(10)));
        let mut talker = dial("127.0.0.1", port, options).unwrap();
        talker.writeln("talker").unwrap();
        // Never reads: its socket buffers, then its mailbox, fill up.
        let mut slow = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        slow.write_all(b"slow\n").unwrap();
        while talker.read_line().unwrap().as_deref() != Some("* slow joined") {}
        let text = "x".repeat(1000);
        for _ in 0..20_000 {
            talker.writeln(&text).unwrap();
        }
        let warning = errors
            .lines()
            .map(Result::unwrap)
            .find(|line| line.contains("dropping messages for slow"));
        drop(slow);
        warning
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let warning = warning.expect("no warning on stderr");
    assert!(
        warning.contains("mailbox of 256 messages is full"),
        "{warning}"
    );
}

/// A python peer that echoes everything it gets until end of stream.
const PYTHON_ECHO_ONCE: &str = "import socket\n\
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n\
print('PORT', s.getsockname()[1], flush=True)\n\
c, _ = s.accept(); data = b''\n\
while True:\n    b = c.recv(65536)\n    if not b: break\n    data += b\n\
c.sendall(data); c.close()\n";

#[test]
fn ncat_bridges_stdin_and_stdout_and_half_closes_on_eof() {
    let peer = python(PYTHON_ECHO_ONCE);
    let mut ncat = program("ncat")
        .args(["127.0.0.1", &peer.port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    ncat.stdin
        .take()
        .unwrap()
        .write_all(b"through ncat\nand back\n")
        .unwrap();
    let out = ncat.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "through ncat\nand back\n");
}

#[test]
fn ncat_sends_a_file() {
    let peer = python(
        "import socket\n\
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n\
print('PORT', s.getsockname()[1], flush=True)\n\
c, _ = s.accept(); n = 0\n\
while True:\n    b = c.recv(65536)\n    if not b: break\n    n += len(b)\n\
c.sendall(b'received %d bytes\\n' % n); c.close()\n",
    );
    let dir = TempDir::new("send");
    let file = dir.write("payload.bin", &vec![42u8; 3 << 20]);
    let out = program("ncat")
        .args(["127.0.0.1", &peer.port.to_string(), "--send"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), format!("received {} bytes\n", 3 << 20));
}

#[test]
fn ncat_listens_for_one_connection() {
    let mut ncat = program("ncat")
        .args(["--listen", "0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(ncat.stderr.take().unwrap());
    let port = announced_port(&mut stderr);
    ncat.stdin.take().unwrap().write_all(b"pong\n").unwrap();
    let reply = Command::new("python3")
        .args(["-c", "import socket,sys\ns=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\ns.sendall(b'ping\\n'); s.shutdown(socket.SHUT_WR)\nsys.stdout.write(s.makefile().read())"])
        .arg(port.to_string())
        .output()
        .unwrap();
    let out = ncat.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "ping\n");
    assert_eq!(String::from_utf8_lossy(&reply.stdout), "pong\n");
}

fn script(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

#[test]
fn script_server_counts_handlers_after_the_close_barrier() {
    let out = program("script")
        .arg(script("server.rhai"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let transcript = stdout(&out);
    assert!(
        transcript.contains("hello from sockets, connection 1"),
        "{transcript}"
    );
    assert!(transcript.contains("served 5 (counter 5)"), "{transcript}");
}

#[test]
fn script_client_against_python_http_server() {
    let dir = TempDir::new("www");
    dir.write("index.html", b"hello rhai\n");
    let server = python_http_server(dir);
    let out = program("script")
        .arg(script("client.rhai"))
        .args(["127.0.0.1", &server.port.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).starts_with("HTTP/1.0 200"), "{}", stdout(&out));
    assert!(stdout(&out).contains("hello rhai"), "{}", stdout(&out));
}

#[test]
fn script_tls_dial_errors_surface_with_the_library_message() {
    let ca = TestCa::new("untrusted CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let out = program("script")
        .arg(script("tls.rhai"))
        .args(["localhost", &server.port.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let transcript = stdout(&out);
    assert!(transcript.starts_with("TLS dial failed: "), "{transcript}");
    assert!(
        transcript.contains("TLS handshake with localhost")
            || transcript.contains("no trusted root"),
        "{transcript}"
    );
}

#[test]
fn script_tls_dial_trusts_the_ca_file_it_is_given() {
    let ca = TestCa::new("private CA");
    let leaf = ca.leaf(&["localhost"]);
    let server = openssl_s_server(&leaf.cert_pem, &leaf.key_pem);
    let dir = TempDir::new("script-ca");
    let ca_file = dir.write("ca.pem", ca.cert_pem().as_bytes());
    let out = program("script")
        .arg(script("tls.rhai"))
        .args(["localhost", &server.port.to_string()])
        .arg(&ca_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "SLT revo olleh\n");
}

#[test]
fn script_lines_and_copy() {
    let dir = TempDir::new("lines");
    let input = dir.write("input.txt", b"alpha\nbeta\ngamma\n");
    let out = program("script")
        .arg(script("lines.rhai"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "ALPHA\nBETA\nGAMMA\nsent 17 bytes\n");
}

#[test]
fn script_lines_ends_on_any_input() {
    // Before: the client read exactly three answers and hung on fewer.
    let dir = TempDir::new("lines-short");
    for (contents, expected) in [
        (&b""[..], "sent 0 bytes\n"),
        (b"one\n", "ONE\nsent 4 bytes\n"),
        (b"one\ntwo", "ONE\nTWO\nsent 7 bytes\n"),
        (b"a\nb\nc\nd\n", "A\nB\nC\nD\nsent 8 bytes\n"),
    ] {
        let input = dir.write("input.txt", contents);
        let out = program("script")
            .arg(script("lines.rhai"))
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(stdout(&out), expected);
    }
    // 12 MB: more than the socket buffers hold, so a client that sent
    // everything before reading would wait forever on a blocked server.
    let big = "x".repeat(10_239) + "\n";
    let input = dir.write("big.txt", big.repeat(1200).as_bytes());
    let out = program("script")
        .arg(script("lines.rhai"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(
        stdout(&out),
        big.to_uppercase().repeat(1200) + "sent 12288000 bytes\n"
    );
    // Bytes that are not text end the script with the library's error.
    let input = dir.write("binary.bin", &[0xff, 0xfe, 0x00, b'\n']);
    let out = program("script")
        .arg(script("lines.rhai"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("is not valid UTF-8"), "{message}");
    let missing = program("script")
        .arg(script("lines.rhai"))
        .arg(dir.path().join("missing.txt"))
        .output()
        .unwrap();
    assert!(!missing.status.success());
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(
        message.contains("cannot open ") && message.contains("missing.txt"),
        "{message}"
    );
}

#[test]
fn script_help_prints_usage_with_an_example() {
    let out = program("script").arg("--help").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let help = stdout(&out);
    assert!(help.contains("Usage: script <FILE> [ARGS]..."), "{help}");
    assert!(
        help.contains("script examples/scripts/server.rhai"),
        "{help}"
    );
}

#[test]
fn script_errors_name_the_script_and_the_library_message() {
    let dir = TempDir::new("script-error");
    let path = dir.write("dial.rhai", b"sockets::dial(\"\", 80);\n");
    let out = program("script").arg(&path).output().unwrap();
    assert!(!out.status.success());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains("dial.rhai") && message.contains("cannot dial: the host is empty"),
        "{message}"
    );
}
