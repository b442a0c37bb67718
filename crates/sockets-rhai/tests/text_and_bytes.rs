//! Text reads never split a UTF-8 character; bytes move as `Blob`s
//! (issue 16 §5, failing input B).

use rhai::{Blob, Scope};
use sockets_rhai::Runtime;
use sockets_test_support::peers::{chunked, python, std_echo_peer, std_peer_writing};

/// Runs `source` with `port` in scope and returns the scope.
fn run_with_port(port: u16, source: &str) -> Scope<'static> {
    let mut scope = Scope::new();
    scope.push("port", i64::from(port));
    Runtime::new().run_with_scope(&mut scope, source).unwrap();
    scope
}

/// Joins `read(size)` pieces until end of stream.
const JOIN_READS: &str = r#"
    let s = sockets::dial("127.0.0.1", port);
    let text = "";
    let pieces = 0;
    loop {
        let piece = s.read(size);
        if piece == "" { break; }
        text += piece;
        pieces += 1;
    }
    let again = s.read(size);           // ended: returns at once
    s.close();
"#;

#[test]
fn a_thousand_euro_signs_read_64_bytes_at_a_time_arrive_whole() {
    // Before: 1005 characters, 75 of them U+FFFD.
    let peer = python(
        "import socket\n\
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n\
print('PORT', s.getsockname()[1], flush=True)\n\
c, _ = s.accept(); c.sendall('\u{20ac}'.encode() * 1000); c.close()\n",
    );
    let mut scope = Scope::new();
    scope.push("port", i64::from(peer.port));
    scope.push("size", 64_i64);
    Runtime::new()
        .run_with_scope(&mut scope, JOIN_READS)
        .unwrap();
    let text = scope.get_value::<String>("text").unwrap();
    assert_eq!(text.chars().count(), 1000);
    assert_eq!(text, "€".repeat(1000));
    assert_eq!(scope.get_value::<String>("again").as_deref(), Some(""));
}

#[test]
fn every_read_size_and_every_cut_gives_whole_characters() {
    let text = "a€𝄞é\n".repeat(40);
    for size in [1_i64, 2, 3, 5, 64] {
        let (port, peer) = std_peer_writing(chunked(text.as_bytes(), &[1, 2, 7, 9, 50, 51, 199]));
        let mut scope = Scope::new();
        scope.push("port", i64::from(port));
        scope.push("size", size);
        Runtime::new()
            .run_with_scope(&mut scope, JOIN_READS)
            .unwrap();
        peer.join().unwrap();
        assert_eq!(
            scope.get_value::<String>("text").unwrap(),
            text,
            "read({size})"
        );
    }
}

#[test]
fn a_line_after_a_read_that_cut_a_character_starts_with_the_whole_character() {
    let (port, peer) = std_peer_writing(vec!["€uro\nnext\n".as_bytes().to_vec()]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let first = s.read(1);          // the whole "€", not a third of it
        let line = s.readLine();
        let next = s.readLine();
        let end = s.readLine();
        let end_again = s.readLine();
        "#,
    );
    peer.join().unwrap();
    assert_eq!(scope.get_value::<String>("first").as_deref(), Some("€"));
    assert_eq!(scope.get_value::<String>("line").as_deref(), Some("uro"));
    assert_eq!(scope.get_value::<String>("next").as_deref(), Some("next"));
    assert!(
        scope.get_value::<()>("end").is_some(),
        "readLine() gives () at end"
    );
    assert!(scope.get_value::<()>("end_again").is_some());
}

#[test]
fn bytes_that_are_not_text_fail_the_text_read_and_arrive_with_read_bytes() {
    let (port, peer) = std_peer_writing(vec![vec![0xff, 0x00, 0xfe]]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let message = "";
        try { s.read(16); } catch (e) { message = e; }
        s.close();
        "#,
    );
    peer.join().unwrap();
    let message = scope.get_value::<String>("message").unwrap();
    assert!(
        message.contains("3 bytes read from socket to 127.0.0.1:")
            && message.contains("are not UTF-8 text; read binary data with readBytes(n)"),
        "{message}"
    );

    let (port, peer) = std_peer_writing(vec![vec![0xff, 0x00, 0xfe]]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let bytes = s.readAllBytes();
        "#,
    );
    peer.join().unwrap();
    assert_eq!(
        scope.get_value::<Blob>("bytes"),
        Some(vec![0xff, 0x00, 0xfe])
    );
}

#[test]
fn blobs_go_out_with_write_and_come_back_with_read_bytes() {
    let (port, peer) = std_echo_peer();
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let sent = blob();
        for i in 0..256 { sent.push(i); }
        s.write(sent);
        s.closeWrite();                 // the echo peer ends after echoing
        let head = s.readBytes(10);
        while head.len() < 10 { head += s.readBytes(10 - head.len()); }
        let rest = s.readAllBytes();
        let end = s.readBytes(10);
        s.close();
        "#,
    );
    peer.join().unwrap();
    let all: Blob = (0..=255).collect();
    assert_eq!(scope.get_value::<Blob>("head").unwrap(), all[..10]);
    assert_eq!(scope.get_value::<Blob>("rest").unwrap(), all[10..]);
    assert_eq!(scope.get_value::<Blob>("end").unwrap(), Blob::new());
}

#[test]
fn a_byte_read_after_a_cut_character_takes_the_carried_bytes_first() {
    let (port, peer) = std_peer_writing(vec!["x€".as_bytes().to_vec()]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let x = s.read(1);
        let bytes = s.readAllBytes();
        "#,
    );
    peer.join().unwrap();
    assert_eq!(scope.get_value::<String>("x").as_deref(), Some("x"));
    assert_eq!(scope.get_value::<Blob>("bytes").unwrap(), "€".as_bytes());
}

#[test]
fn a_stream_that_ends_inside_a_character_fails_with_a_clear_error() {
    let (port, peer) = std_peer_writing(vec![b"ok \xe2\x82".to_vec()]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let ok = s.read(64);
        let message = "";
        try { s.read(64); } catch (e) { message = e; }
        let after = s.read(64);         // the error is reported once
        "#,
    );
    peer.join().unwrap();
    assert_eq!(scope.get_value::<String>("ok").as_deref(), Some("ok "));
    let message = scope.get_value::<String>("message").unwrap();
    assert!(
        message.contains("ended inside a UTF-8 character (2 of its bytes arrived)"),
        "{message}"
    );
    assert_eq!(scope.get_value::<String>("after").as_deref(), Some(""));
}

#[test]
fn a_line_that_is_not_text_names_the_script_s_byte_read_and_the_next_line_reads() {
    let (port, peer) = std_peer_writing(vec![b"\xff\xfe\nnext\n".to_vec()]);
    let scope = run_with_port(
        port,
        r#"
        let s = sockets::dial("127.0.0.1", port);
        let message = "";
        try { s.readLine(); } catch (e) { message = e; }
        let next = s.readLine();
        s.close();
        "#,
    );
    peer.join().unwrap();
    let message = scope.get_value::<String>("message").unwrap();
    let address = format!("127.0.0.1:{port}");
    assert!(message.contains(&address), "{message}");
    assert!(message.contains("is not valid UTF-8"), "{message}");
    assert!(
        message.ends_with("read binary data with readBytes(n)"),
        "{message}"
    );
    assert!(!message.contains("read_line_bytes"), "{message}");
    assert_eq!(scope.get_value::<String>("next").as_deref(), Some("next"));
}
