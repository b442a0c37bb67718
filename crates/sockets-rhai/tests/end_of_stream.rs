//! End of stream is visible to scripts and a read after it returns at once
//! (issue 13: an example must end on any input).

use rhai::Scope;
use sockets_rhai::Runtime;
use sockets_test_support::peers::TempDir;

/// The pattern of `examples/scripts/lines.rhai`: send a file, half-close,
/// read the answers until end of stream.
const ECHO_UPPER: &str = r#"
    let server = sockets::serve("127.0.0.1", 0, |raw| {
        let s = streams::IOStream(raw["stream"]);
        for line in s.lines() { s.writeln(line.to_upper()); }
        s.close();
    });
    let client = sockets::dial("127.0.0.1", server.port());
    let sent = streams::copy(streams::open(path), client);
    client.closeWrite();
    let answers = [];
    for line in client.lines() { answers.push(line); }
    let after = [client.readLine(), client.read(8), client.readAll()];
    client.close();
    server.close();
"#;

#[test]
fn every_input_file_ends_with_its_answers() {
    let dir = TempDir::new("rhai-eos");
    for (name, contents, expected) in [
        ("empty", &b""[..], &[][..]),
        ("one", b"alpha\n", &["ALPHA"][..]),
        ("two-no-newline", b"alpha\nbeta", &["ALPHA", "BETA"][..]),
        ("four", b"a\nb\nc\nd\n", &["A", "B", "C", "D"][..]),
    ] {
        let path = dir.write(name, contents);
        let mut scope = Scope::new();
        scope.push("path", path.to_string_lossy().into_owned());
        Runtime::new()
            .run_with_scope(&mut scope, ECHO_UPPER)
            .unwrap();
        let answers: Vec<String> = scope
            .get_value::<rhai::Array>("answers")
            .unwrap()
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(answers, expected, "{name}");
        assert_eq!(scope.get_value::<i64>("sent"), Some(contents.len() as i64));
        let after = scope.get_value::<rhai::Array>("after").unwrap();
        assert!(after[0].is_unit(), "{name}: readLine() after the end is ()");
        assert_eq!(after[1].clone().into_string().unwrap(), "");
        assert_eq!(after[2].clone().into_string().unwrap(), "");
    }
}

#[test]
fn close_write_on_a_file_says_only_sockets_have_one() {
    let dir = TempDir::new("rhai-close-write");
    let path = dir.write("f", b"x");
    let mut scope = Scope::new();
    scope.push("path", path.to_string_lossy().into_owned());
    let e = Runtime::new()
        .run_with_scope(&mut scope, "streams::open(path).closeWrite()")
        .unwrap_err();
    assert!(e.to_string().contains("only sockets have one"), "{e}");
}
