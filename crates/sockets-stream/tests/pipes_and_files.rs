//! Sockets streaming alongside files and child processes through copy().

use std::fs::File;
use std::process::{Command, Stdio};

use sockets_blocking::{dial, serve, DialOptions};
use sockets_stream::{copy, IoStream, StreamProtocol};
use sockets_test_support::peers::TempDir;
use sockets_test_support::run_blocking;

#[test]
fn a_server_pipes_each_connection_through_sort() {
    run_blocking(|| {
        let server = serve("127.0.0.1", 0, |mut raw| {
            let mut sort = Command::new("sort")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?;
            let mut to_sort = IoStream::new(sort.stdin.take().expect("piped"));
            copy(&mut raw.stream, &mut to_sort)?;
            to_sort.close()?; // drops the pipe: sort sees end of input
            copy(&mut sort.stdout.take().expect("piped"), &mut raw.stream)?;
            sort.wait()?;
            raw.stream.close()
        })
        .unwrap();
        let port = server.local_addr().port();
        let clients: Vec<_> = (0..4)
            .map(|c| {
                std::thread::spawn(move || {
                    let mut client = dial("127.0.0.1", port, DialOptions::default()).unwrap();
                    let words: Vec<String> = (0..500)
                        .map(|i| format!("w{:04}-{c}", (i * 7919) % 500))
                        .collect();
                    let mut src: &[u8] = &words.join("\n").into_bytes();
                    copy(&mut src, &mut client).unwrap();
                    client.writeln("").unwrap(); // ends the last word's line
                    client.close_write().unwrap();
                    let got: Vec<String> =
                        IoStream::new(client).lines().map(Result::unwrap).collect();
                    let mut expected = words.clone();
                    expected.sort();
                    assert!(
                        got == expected,
                        "client {c}: sorted output differs ({} lines)",
                        got.len()
                    );
                })
            })
            .collect();
        for client in clients {
            client.join().unwrap();
        }
        server.close().unwrap();
        assert_eq!(server.stats().handler_errors, 0);
    });
}

/// FNV-1a, enough to compare uploads.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[test]
fn uploads_of_0_1_and_10_mib_land_byte_for_byte() {
    run_blocking(|| {
        let dir = TempDir::new("uploads");
        let inbox = dir.path().join("inbox");
        std::fs::create_dir(&inbox).unwrap();
        let target = inbox.clone();
        let server = serve("127.0.0.1", 0, move |mut raw| {
            let mut file = File::create(target.join(format!("upload-{}", raw.handle)))?;
            let n = copy(&mut raw.stream, &mut file)?;
            file.sync_all()?;
            raw.stream.writeln(&n.to_string())?;
            raw.stream.close()
        })
        .unwrap();
        let sizes = [0usize, 1, 10 << 20];
        for (i, size) in sizes.into_iter().enumerate() {
            let data: Vec<u8> = (0..size).map(|j| (j * 31 % 251) as u8).collect();
            let source = dir.write(&format!("source-{i}"), &data);
            let mut file = File::open(&source).unwrap();
            let mut client = dial(
                "127.0.0.1",
                server.local_addr().port(),
                DialOptions::default(),
            )
            .unwrap();
            // File -> plain socket: the zero-copy path.
            assert_eq!(copy(&mut file, &mut client).unwrap(), size as u64);
            client.close_write().unwrap();
            assert_eq!(client.read_line().unwrap(), Some(size.to_string()));
            client.close().unwrap();
        }
        server.close().unwrap();
        for (i, size) in sizes.into_iter().enumerate() {
            let landed = std::fs::read(inbox.join(format!("upload-{}", i + 1))).unwrap();
            let data: Vec<u8> = (0..size).map(|j| (j * 31 % 251) as u8).collect();
            assert_eq!(landed.len(), size);
            assert_eq!(checksum(&landed), checksum(&data), "upload of {size} bytes");
        }
    });
}

#[test]
fn file_to_file_and_file_to_pipe_copies() {
    let dir = TempDir::new("copies");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    let source = dir.write("source", &data);
    let mut from = File::open(&source).unwrap();
    let mut to = File::create(dir.path().join("copy")).unwrap();
    assert_eq!(copy(&mut from, &mut to).unwrap(), data.len() as u64);
    assert_eq!(std::fs::read(dir.path().join("copy")).unwrap(), data);

    let mut wc = Command::new("wc")
        .arg("-c")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = wc.stdin.take().unwrap();
    let mut from = File::open(&source).unwrap();
    assert_eq!(copy(&mut from, &mut stdin).unwrap(), data.len() as u64);
    StreamProtocol::close(&mut stdin).unwrap();
    drop(stdin);
    let out = wc.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        data.len().to_string()
    );
}
