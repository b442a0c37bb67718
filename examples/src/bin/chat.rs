//! A multi-client chat server on the async API: each connection is split
//! into halves; a reader task sends each line to one hub channel, the hub
//! fans messages out to every client's channel (async-channel), and each
//! client's writer task feeds its `Sink`.
//!
//! ```text
//! chat [--host H] [--port P]
//! ```
//! Clients send their name as the first line, then messages; everyone sees
//! `name: message`, and `* name joined` / `* name left`.

use std::collections::HashMap;
use std::process::ExitCode;

use async_channel::{Receiver, Sender};
use clap::Parser;
use futures::{SinkExt, StreamExt};
use sockets_core::{serve, Conn};

/// Run a chat server: a client's first line is its name.
///
/// Each client sends its name as its first line, then messages, one per
/// line. Everyone else sees `name: message`, and `* name joined` /
/// `* name left` as clients come and go.
///
/// Each client has a mailbox of 256 messages. A client that reads too
/// slowly to keep up loses the messages that do not fit (the room goes on
/// for everyone else); chat logs a warning on stderr when it starts
/// dropping messages for a client and when it delivers to it again.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Examples:
  chat --port 7008
  ncat localhost 7008        then type your name, Enter, and your messages

Logs go to stderr at warn; set RUST_LOG=debug for more."
)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 7008)]
    port: u16,
}

/// Messages waiting for one client; past this, its new messages are dropped.
const MAILBOX: usize = 256;

/// A client as the hub sees it.
struct Member {
    name: String,
    outbox: Sender<String>,
    /// Messages dropped since the last one delivered.
    dropped: u64,
}

/// What the hub hears about.
enum Event {
    Joined {
        id: u64,
        name: String,
        outbox: Sender<String>,
    },
    Said {
        id: u64,
        text: String,
    },
    Left {
        id: u64,
    },
}

fn main() -> ExitCode {
    sockets_examples::cli::init_logging();
    match async_std::task::block_on(run(Args::parse())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chat: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> std::io::Result<()> {
    let (events, inbox) = async_channel::unbounded();
    async_std::task::spawn(hub(inbox));
    let server = serve(&args.host, args.port, move |conn| {
        client(conn, events.clone())
    })
    .await?;
    println!("chat listening on {}", server.local_addr());
    std::future::pending::<()>().await;
    Ok(())
}

/// Fans every message out to every connected client.
async fn hub(inbox: Receiver<Event>) {
    let mut clients: HashMap<u64, Member> = HashMap::new();
    while let Ok(event) = inbox.recv().await {
        let (from, message) = match event {
            Event::Joined { id, name, outbox } => {
                let message = format!("* {name} joined");
                let dropped = 0;
                clients.insert(
                    id,
                    Member {
                        name,
                        outbox,
                        dropped,
                    },
                );
                (id, message)
            }
            Event::Said { id, text } => match clients.get(&id) {
                Some(member) => (id, format!("{}: {text}", member.name)),
                None => continue,
            },
            Event::Left { id } => match clients.remove(&id) {
                Some(member) => (id, format!("* {} left", member.name)),
                None => continue,
            },
        };
        for (other, member) in &mut clients {
            if *other != from {
                deliver(member, &message);
            }
        }
    }
}

/// Puts `message` in the member's mailbox. A client too slow to keep up
/// loses messages, not the room: the hub never waits for one client.
fn deliver(member: &mut Member, message: &str) {
    match member.outbox.try_send(message.to_owned()) {
        Ok(()) if member.dropped > 0 => {
            log::warn!(
                "delivering to {} again after dropping {} message(s)",
                member.name,
                member.dropped
            );
            member.dropped = 0;
        }
        Ok(()) => {}
        Err(async_channel::TrySendError::Full(_)) => {
            if member.dropped == 0 {
                log::warn!(
                    "dropping messages for {}: its mailbox of {MAILBOX} messages is full \
                     (the client reads too slowly)",
                    member.name
                );
            }
            member.dropped += 1;
        }
        Err(async_channel::TrySendError::Closed(_)) => {} // leaving; the hub hears next
    }
}

/// One client: its name first, then its lines until it leaves.
async fn client(conn: Conn, events: Sender<Event>) -> std::io::Result<()> {
    let id = conn.handle;
    let (mut reader, mut writer) = conn.stream.split();
    let Some(name) = reader.lines().next().await.transpose()? else {
        return Ok(());
    };
    let (outbox, mailbox) = async_channel::bounded::<String>(MAILBOX);
    let sending = async_std::task::spawn(async move {
        while let Ok(message) = mailbox.recv().await {
            writer.send(format!("{message}\n")).await?;
        }
        SinkExt::<String>::close(&mut writer).await
    });
    let _ = events.send(Event::Joined { id, name, outbox }).await;
    let talking = async {
        let mut lines = reader.lines();
        while let Some(text) = lines.next().await {
            let _ = events.send(Event::Said { id, text: text? }).await;
        }
        std::io::Result::Ok(())
    };
    let talked = talking.await;
    // Leave the room even after an error, or the hub keeps a dead client.
    let _ = events.send(Event::Left { id }).await;
    talked.and(sending.await)
}
