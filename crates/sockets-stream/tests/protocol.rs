//! The protocol on every implementation: mixed reads lose no byte (a
//! property test), Unsupported directions, close twice, use after close,
//! object safety.

use std::fs::File;
use std::io::{BufRead, Cursor, ErrorKind, Read};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

use proptest::prelude::*;
use sockets_stream::{copy, Duplex, IoStream, Reader, StreamProtocol, Writer};
use sockets_test_support::peers::{chunked, std_peer_writing, TempDir};

/// read(3), read_line, two lines, read_all: what a reader of `text` expects.
fn mixed_reads<S: StreamProtocol>(stream: S) -> Vec<u8> {
    let mut stream = IoStream::new(stream);
    let mut seen = Vec::new();
    // read(n) may return fewer bytes: take exactly 3 (or up to the end).
    let mut head = Vec::new();
    while head.len() < 3 {
        let got = stream.read(3 - head.len()).unwrap();
        if got.is_empty() {
            break;
        }
        head.extend(got);
    }
    seen.extend(head);
    seen.push(b'|');
    if let Some(line) = stream.read_line().unwrap() {
        seen.extend(line.into_bytes());
    }
    seen.push(b'|');
    for line in stream.lines().take(2) {
        seen.extend(line.unwrap().into_bytes());
        seen.push(b'/');
    }
    seen.push(b'|');
    seen.extend(stream.read_all().unwrap());
    seen
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn mixed_reads_agree_on_every_implementation(
        text in "([a-z]{0,9}\\r?\\n){3,12}[a-z]{0,5}",
        cuts in proptest::collection::vec(0usize..500, 0..12),
    ) {
        let bytes = text.as_bytes().to_vec();
        let expected = mixed_reads(Cursor::new(bytes.clone()));
        prop_assert_eq!(&mixed_reads(bytes.as_slice()), &expected);
        prop_assert_eq!(&mixed_reads(Duplex::new(Cursor::new(bytes.clone()))), &expected);
        prop_assert_eq!(&mixed_reads(Reader::new(bytes.as_slice())), &expected);

        let dir = TempDir::new("mixed");
        let path = dir.write("text", &bytes);
        prop_assert_eq!(&mixed_reads(File::open(&path).unwrap()), &expected);

        let mut cat = Command::new("cat").arg(&path).stdout(Stdio::piped()).spawn().unwrap();
        let from_pipe = mixed_reads(cat.stdout.take().unwrap());
        cat.wait().unwrap();
        prop_assert_eq!(&from_pipe, &expected);

        let (port, peer) = std_peer_writing(chunked(&bytes, &cuts));
        prop_assert_eq!(&mixed_reads(TcpStream::connect(("127.0.0.1", port)).unwrap()), &expected);
        peer.join().unwrap();

        let (port, peer) = std_peer_writing(chunked(&bytes, &cuts));
        let socket = sockets_blocking::dial("127.0.0.1", port, Default::default()).unwrap();
        prop_assert_eq!(&mixed_reads(socket), &expected);
        peer.join().unwrap();

        let boxed: Box<dyn StreamProtocol + Send> = Box::new(Cursor::new(bytes.clone()));
        prop_assert_eq!(&mixed_reads(boxed), &expected);
    }
}

#[test]
fn bufread_and_read_mix_with_lines() {
    let mut stream = IoStream::new(&b"first\nsecond\nthird\n"[..]);
    // BufRead is in scope: `stream.lines()` is still IoStream's own.
    let first: Vec<String> = stream.lines().take(1).map(Result::unwrap).collect();
    assert_eq!(first, ["first"]);
    let mut line = String::new();
    BufRead::read_line(&mut &mut stream, &mut line).unwrap();
    assert_eq!(line, "second\n");
    let mut rest = String::new();
    Read::read_to_string(&mut stream, &mut rest).unwrap();
    assert_eq!(rest, "third\n");
}

#[test]
fn every_missing_direction_is_unsupported_and_names_the_stream() {
    let dir = TempDir::new("dirs");
    let mut child = Command::new("cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut checks: Vec<(Box<dyn StreamProtocol>, &str, &str)> = vec![
        (Box::new(child.stdin.take().unwrap()), "read", "child stdin"),
        (
            Box::new(child.stdout.take().unwrap()),
            "write",
            "child stdout",
        ),
        (
            Box::new(child.stderr.take().unwrap()),
            "write",
            "child stderr",
        ),
        (Box::new(std::io::stdin()), "write", "stdin"),
        (Box::new(std::io::stdout()), "read", "stdout"),
        (Box::new(std::io::stderr()), "read", "stderr"),
        (Box::new(&b"x"[..]), "write", "byte slice"),
        (Box::new(Vec::new()), "read", "byte vector"),
        (Box::new(Reader::new(&b"x"[..])), "write", "reader"),
        (Box::new(Writer::new(Vec::new())), "read", "writer"),
        (
            Box::new(File::create(dir.path().join("f")).unwrap()),
            "none",
            "file",
        ),
    ];
    for (stream, missing, name) in &mut checks {
        let e = match *missing {
            "read" => stream.read(&mut [0; 4]).unwrap_err(),
            "write" => stream.write(b"x").unwrap_err(),
            _ => continue,
        };
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{name}");
        assert!(e.to_string().contains(*name), "{e}");
        assert!(e.to_string().contains(&format!("cannot {missing}")), "{e}");
        if *missing == "read" {
            let e = IoStream::new(&mut **stream).read_line().unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unsupported, "{name}: {e}");
        }
    }
    drop(checks);
    child.wait().unwrap();
}

#[test]
fn close_twice_and_use_after_close() {
    let mut stream = IoStream::new(Cursor::new(b"data\n".to_vec()));
    stream.close().unwrap();
    stream.close().unwrap();
    assert!(stream.is_closed());
    for e in [
        stream.read(1).unwrap_err(),
        stream.read_line().unwrap_err(),
        stream.read_all().unwrap_err(),
        stream.write(b"x").unwrap_err(),
        stream.flush().unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::NotConnected);
        assert!(e.to_string().contains("memory buffer is closed"), "{e}");
    }
    assert!(stream.next().is_none(), "close ends the line iterator");
    assert!(stream.into_inner().is_none());

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut tcp = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    StreamProtocol::close(&mut tcp).unwrap();
    StreamProtocol::close(&mut tcp).unwrap();
}

#[test]
fn copy_errors_name_both_streams_and_the_count() {
    let mut src: &[u8] = b"some bytes";
    let mut dst = Reader::new(&b""[..]);
    let e = copy(&mut src, &mut dst).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(
        e.to_string().starts_with("copy from byte slice to reader"),
        "{e}"
    );
    assert!(e.to_string().contains("after 0 bytes"), "{e}");
}

#[test]
fn object_safety() {
    let mut boxed: Box<dyn StreamProtocol + Send> = Box::new(Cursor::new(b"a\nb".to_vec()));
    let dynamic: &mut dyn StreamProtocol = &mut boxed;
    let mut sink = Vec::new();
    assert_eq!(copy(dynamic, &mut sink).unwrap(), 3);
    let mut stream: IoStream<Box<dyn StreamProtocol + Send>> =
        IoStream::new(Box::new(&b"x\ny"[..]));
    let lines: Vec<String> = (&mut stream).map(Result::unwrap).collect();
    assert_eq!(lines, ["x", "y"]);
}

#[test]
fn std_streams_describe_where_they_lead() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let tcp = TcpStream::connect(addr).unwrap();
    assert_eq!(tcp.describe(), format!("TCP stream to {addr}"));
    // A line over the limit names the peer (it used to say "TCP stream").
    let (mut peer, _) = listener.accept().unwrap();
    std::io::Write::write_all(&mut peer, b"far too long a line\n").unwrap();
    let mut stream = IoStream::with_max_line_length(tcp, 4);
    let e = stream.read_line().unwrap_err();
    assert!(e.to_string().contains(&addr.to_string()), "{e}");

    let dir = TempDir::new("describe");
    let path = dir.write("data.txt", b"x");
    let file = File::open(&path).unwrap();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    assert_eq!(
        file.describe(),
        format!("file {}", path.canonicalize().unwrap().display())
    );
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    assert!(file.describe().starts_with("file"), "{}", file.describe());
}

#[test]
fn copy_errors_name_the_files() {
    let dir = TempDir::new("copy-names");
    let from = dir.write("from.txt", b"some bytes");
    let to = dir.write("to.txt", b"");
    let mut src = File::open(&from).unwrap();
    let mut dst = File::open(&to).unwrap(); // read-only: writing fails
    let e = copy(&mut src, &mut dst).unwrap_err();
    let message = e.to_string();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    for path in [&from, &to] {
        let shown = path.canonicalize().unwrap().display().to_string();
        assert!(message.contains(&shown), "{message}");
    }
    assert!(message.starts_with("copy from file "), "{message}");
}
