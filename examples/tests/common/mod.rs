//! What both example-program test files need: the programs, their output
//! as text, the port a server announces, and an openssl peer.

// Each test file uses its own subset.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// One of the example programs, ready to be given arguments.
pub fn program(name: &str) -> Command {
    let path = match name {
        "tour" => env!("CARGO_BIN_EXE_tour"),
        "http-get" => env!("CARGO_BIN_EXE_http-get"),
        "echo-server" => env!("CARGO_BIN_EXE_echo-server"),
        "chat" => env!("CARGO_BIN_EXE_chat"),
        "ncat" => env!("CARGO_BIN_EXE_ncat"),
        "make-cert" => env!("CARGO_BIN_EXE_make-cert"),
        "script" => env!("CARGO_BIN_EXE_script"),
        other => panic!("no program {other}"),
    };
    Command::new(path)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Reads the line a server prints first ("... listening on ADDR") and
/// returns the port at its end.
pub fn announced_port(from: &mut impl BufRead) -> u16 {
    let mut line = String::new();
    from.read_line(&mut line).unwrap();
    line.trim().rsplit(':').next().unwrap().parse().unwrap()
}

/// A child process killed on drop.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `openssl s_server -www` (answers GET / with a status page) with these
/// files; returns it and its port.
pub fn openssl_www(cert: &Path, key: &Path) -> (Killed, String) {
    let mut child = Command::new("openssl")
        .args(["s_server", "-www", "-accept", "127.0.0.1:0", "-cert"])
        .arg(cert)
        .arg("-key")
        .arg(key)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("s_server exited").unwrap();
        if let Some(addr) = line.strip_prefix("ACCEPT ") {
            break addr.rsplit(':').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (Killed(child), port)
}
