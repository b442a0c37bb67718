//! Accepting with no descriptors left: the server neither exits nor spins,
//! and serves again once descriptors are free. Its own test binary, since
//! it lowers this process's RLIMIT_NOFILE.

use std::fs::File;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sockets_core::serve;
use sockets_test_support::run;

/// CPU time this process has used (user + system), read from an already
/// open /proc/self/stat: there will be no descriptor left to open it.
fn cpu_time(stat: &mut File) -> Duration {
    use std::io::{Read, Seek, SeekFrom};
    let mut text = String::new();
    stat.seek(SeekFrom::Start(0)).unwrap();
    stat.read_to_string(&mut text).unwrap();
    let fields: Vec<&str> = text
        .rsplit(") ")
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

#[test]
fn out_of_descriptors_the_server_backs_off_then_serves_again() {
    run(async {
        let server = serve("127.0.0.1", 0, |mut conn| async move {
            conn.stream.writeln("served").await?;
            conn.stream.close().await
        })
        .await
        .unwrap();
        let port = server.local_addr().port();
        // The client is another process: started now, it connects once
        // this one has run out of descriptors, and waits for the greeting.
        let client = Command::new("python3")
            .args(["-c", "import socket,sys,time\ntime.sleep(1.0)\ns=socket.create_connection(('127.0.0.1',int(sys.argv[1])))\ns.settimeout(30)\nsys.stdout.write(s.makefile().readline())"])
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();

        let mut stat = File::open("/proc/self/stat").unwrap();
        // Use up every descriptor, under a lowered limit.
        let (_, hard) = rlimit::getrlimit(rlimit::Resource::NOFILE).unwrap();
        rlimit::setrlimit(rlimit::Resource::NOFILE, 512, hard).unwrap();
        let mut hog = Vec::new();
        while let Ok(file) = File::open("/dev/null") {
            hog.push(file);
        }

        // The client connects into the backlog; accept fails with EMFILE.
        let wall = Instant::now();
        let cpu = cpu_time(&mut stat);
        async_io::Timer::after(Duration::from_secs(3)).await;
        let used = cpu_time(&mut stat) - cpu;
        eprintln!(
            "out of descriptors for {:?}: {used:?} of CPU used, 0 accepted",
            wall.elapsed()
        );
        assert!(
            used < wall.elapsed() / 2,
            "accept loop spun: {used:?} of CPU in {:?}",
            wall.elapsed()
        );
        assert_eq!(server.stats().accepted, 0);

        drop(hog);
        let output =
            async_std::task::spawn_blocking(move || client.wait_with_output().unwrap()).await;
        assert_eq!(String::from_utf8_lossy(&output.stdout), "served\n");
        server.close().await.unwrap();
        assert_eq!(server.stats().accepted, 1);
    });
}
