//! copy()'s kernel paths (copy_file_range, sendfile) fall back to the
//! buffered loop wherever the kernel declines, from the exact byte reached:
//! copy() succeeds wherever std::io::copy does, with the same bytes.
#![cfg(target_os = "linux")]

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use sockets_blocking::{dial, DialOptions};
use sockets_stream::{copy, IoStream};
use sockets_test_support::peers::TempDir;
use sockets_test_support::run_blocking;

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Copies `source` to a fresh file opened by `open` (with `prefix` already
/// in it), through copy() and through std::io::copy; both must agree.
fn copy_both_ways(dir: &TempDir, source: &Path, prefix: &[u8], open: fn(&Path) -> File) {
    let ours = dir.write("ours", prefix);
    let std_copy = dir.write("std", prefix);
    let n = copy(&mut File::open(source).unwrap(), &mut open(&ours)).unwrap();
    let m = std::io::copy(&mut File::open(source).unwrap(), &mut open(&std_copy)).unwrap();
    assert_eq!(n, m);
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        std::fs::read(&std_copy).unwrap()
    );
}

fn append(path: &Path) -> File {
    OpenOptions::new().append(true).open(path).unwrap()
}

#[test]
fn an_append_mode_destination_gets_every_byte() {
    // The kernel refuses copy_file_range into O_APPEND files with EBADF.
    let dir = TempDir::new("append");
    let data = pattern(3_000_000);
    let source = dir.write("source", &data);
    let log = dir.write("log", b"log start\n");
    let n = copy(&mut File::open(&source).unwrap(), &mut append(&log)).unwrap();
    assert_eq!(n, data.len() as u64);
    assert_eq!(
        std::fs::read(&log).unwrap(),
        [&b"log start\n"[..], &data].concat()
    );
    copy_both_ways(&dir, &source, b"prefix\n", append);

    // The same through IoStream, whose descriptor is the file's.
    let mut wrapped = IoStream::new(append(&log));
    assert_eq!(
        copy(&mut File::open(&source).unwrap(), &mut wrapped).unwrap(),
        n
    );
    assert_eq!(std::fs::metadata(&log).unwrap().len(), 10 + 2 * n);
}

#[test]
fn a_destination_on_another_filesystem_gets_every_byte() {
    let dir = TempDir::new("cross-fs");
    let data = pattern(1_500_000);
    let source = dir.write("source", &data);
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        eprintln!("no /dev/shm here: this copy stays on one filesystem");
    }
    let other = if shm.is_dir() { shm } else { dir.path() };
    let target = other.join(format!("sockets-copy-test-{}", std::process::id()));
    let n = copy(
        &mut File::open(&source).unwrap(),
        &mut File::create(&target).unwrap(),
    );
    let landed = std::fs::read(&target);
    let _ = std::fs::remove_file(&target);
    assert_eq!(n.unwrap(), data.len() as u64);
    assert_eq!(landed.unwrap(), data);
}

#[test]
fn overlapping_ranges_of_one_file_copy_as_std_does() {
    // copy_file_range refuses overlapping ranges of one file (EINVAL).
    let dir = TempDir::new("overlap");
    let data = pattern(200_000);
    let path = dir.write("one", &data);
    let mut dst = OpenOptions::new().write(true).open(&path).unwrap();
    assert_eq!(
        copy(&mut File::open(&path).unwrap(), &mut dst).unwrap(),
        data.len() as u64
    );
    assert_eq!(std::fs::read(&path).unwrap(), data);
}

#[test]
fn proc_files_are_copied_whole_not_as_empty() {
    // /proc files report size 0 and the kernel paths may copy 0 bytes from
    // them: the buffered loop must then read them (as std::io::copy does).
    let dir = TempDir::new("proc");
    for proc_file in ["/proc/version", "/proc/self/cmdline"] {
        let expected = std::fs::read(proc_file).unwrap();
        assert!(!expected.is_empty());
        let target = dir.path().join("copy");
        let n = copy(
            &mut File::open(proc_file).unwrap(),
            &mut File::create(&target).unwrap(),
        )
        .unwrap();
        assert_eq!(n, expected.len() as u64, "{proc_file} to a file");
        assert_eq!(std::fs::read(&target).unwrap(), expected);

        // To a pipe (sendfile's path): `wc -c` counts what arrives.
        let mut wc = Command::new("wc")
            .arg("-c")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = wc.stdin.take().unwrap();
        let n = copy(&mut File::open(proc_file).unwrap(), &mut stdin).unwrap();
        drop(stdin);
        let out = wc.wait_with_output().unwrap();
        assert_eq!(n, expected.len() as u64, "{proc_file} to a pipe");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), n.to_string());
    }
}

#[test]
fn a_pipe_source_and_a_file_that_was_read_from_continue_at_the_right_byte() {
    let dir = TempDir::new("pipes");
    let data = pattern(2_000_000);
    let source = dir.write("source", &data);
    // A pipe as the source: the buffered loop.
    let mut cat = Command::new("cat")
        .arg(&source)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let target = dir.path().join("from-pipe");
    let n = copy(
        &mut cat.stdout.take().unwrap(),
        &mut File::create(&target).unwrap(),
    )
    .unwrap();
    cat.wait().unwrap();
    assert_eq!(n, data.len() as u64);
    assert_eq!(std::fs::read(&target).unwrap(), data);

    // A file already read from, and a destination already written to: the
    // kernel path starts at both current offsets.
    let mut from = File::open(&source).unwrap();
    from.seek(SeekFrom::Start(12_345)).unwrap();
    let mut to = File::create(&target).unwrap();
    to.write_all(b"head").unwrap();
    assert_eq!(
        copy(&mut from, &mut to).unwrap(),
        (data.len() - 12_345) as u64
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        [&b"head"[..], &data[12_345..]].concat()
    );
}

/// A blocking socket to a std peer that reads one byte, runs `meddle`,
/// then reads everything: the copy is under way (and, with more bytes than
/// loopback buffers hold, cannot have finished) when `meddle` runs.
fn copy_to_a_peer_that_meddles(
    source: &Path,
    meddle: impl FnOnce() + Send + 'static,
) -> (u64, Vec<u8>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let peer = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut received = vec![0u8; 1];
        stream.read_exact(&mut received).unwrap();
        meddle();
        stream.read_to_end(&mut received).unwrap();
        received
    });
    let mut socket = dial("127.0.0.1", port, DialOptions::default()).unwrap();
    let n = copy(&mut File::open(source).unwrap(), &mut socket).unwrap();
    socket.close().unwrap();
    (n, peer.join().unwrap())
}

#[test]
fn a_file_that_grows_during_the_copy_is_sent_to_its_new_end() {
    run_blocking(|| {
        let dir = TempDir::new("grows");
        let data = pattern(16 << 20);
        let source = dir.write("source", &data);
        let more = pattern(1 << 20);
        let (path, extra) = (source.clone(), more.clone());
        let (n, received) = copy_to_a_peer_that_meddles(&source, move || {
            append(&path).write_all(&extra).unwrap();
        });
        assert_eq!(n, (data.len() + more.len()) as u64);
        assert!(received == [data, more].concat(), "the bytes differ");
    });
}

#[test]
fn a_file_that_shrinks_during_the_copy_ends_the_copy_cleanly() {
    run_blocking(|| {
        let dir = TempDir::new("shrinks");
        let data = pattern(16 << 20);
        let source = dir.write("source", &data);
        let path = source.clone();
        let (n, received) = copy_to_a_peer_that_meddles(&source, move || {
            OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(1 << 20)
                .unwrap();
        });
        // The copy ends, having counted exactly what the peer got, and the
        // bytes the file still has arrived intact. (Bytes past the cut that
        // were already queued in the kernel are sent from the page cache
        // as they are now: sendfile's semantics, std::io::copy's too.)
        assert_eq!(received.len() as u64, n);
        assert!(n < data.len() as u64);
        let kept = received.len().min(1 << 20);
        let first_difference = received[..kept].iter().zip(&data).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "{n} bytes sent");
    });
}
