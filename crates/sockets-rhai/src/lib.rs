//! [Rhai](https://rhai.rs) bindings of the sockets workspace: blocking
//! scripts dial, serve, read lines and copy streams with the `sockets` and
//! `streams` modules, and servers run script handlers on their own threads.
//!
//! - [`register`] adds the modules and their types to a host's engine.
//! - [`Runtime`] owns the engine in an `Arc` and runs scripts; the handlers
//!   of the servers a script starts get the engine and that script's
//!   compiled code, so any number of engines and scripts run in one
//!   process, one after the other or at the same moment.
//!
//! The crate's `README.md` describes, for script writers, the functions
//! scripts see, the threading model of handlers and how errors arrive.
//!
//! # Host-side code
//! A host application keeps its engine (its functions, limits and `print`)
//! and runs a script that serves with a handler and talks to itself:
//! ```
//! use rhai::{Engine, Scope};
//! use sockets_rhai::Runtime;
//!
//! let mut engine = Engine::new();
//! engine.register_fn("shout", |s: &str| s.to_uppercase());
//! let runtime = Runtime::with_engine(engine);
//!
//! let mut scope = Scope::new();
//! scope.push("greeting", "hello".to_string());
//! runtime.run_with_scope(&mut scope, r#"
//!     import "sockets" as sockets;
//!     import "streams" as streams;
//!
//!     let served = sockets::counter();               // race-free across handlers
//!     let server = sockets::serve("127.0.0.1", 0, |raw| {
//!         served.incr();
//!         let s = streams::IOStream(raw["stream"]);
//!         for line in s.lines() {                    // ends at the client's closeWrite()
//!             s.writeln(shout(line));
//!         }
//!         s.close();
//!     });
//!
//!     let client = sockets::dial("127.0.0.1", server.port());
//!     client.writeln(greeting);
//!     client.closeWrite();
//!     let answers = [];
//!     for line in client.lines() { answers.push(line); }
//!     client.close();
//!     server.close();                                // every handler has returned
//!     let count = served.get();
//! "#)?;
//! assert_eq!(scope.get_value::<i64>("count"), Some(1));
//! let answers = scope.get_value::<rhai::Array>("answers").expect("set by the script");
//! assert_eq!(answers[0].clone().into_string()?, "HELLO");
//! # Ok::<(), Box<rhai::EvalAltResult>>(())
//! ```
//!
//! # Threads
//! Script calls block the calling thread, like `sockets_blocking`; do not
//! run scripts from async code. Each connection's handler runs on its own
//! thread, owned by the server, while the script goes on; `server.close()` returns
//! once every handler has returned.
//!
//! # Text and bytes
//! Text reads (`read(n)`, `readAll()`, `readLine()`, `lines()`) never split
//! a UTF-8 character: a character a read cuts is completed by the next
//! one. Bytes that are not UTF-8 fail with an error naming the stream;
//! `readBytes(n)`, `readAllBytes()` and `write(blob)` move raw bytes as
//! Rhai `Blob`s.

#![forbid(unsafe_code)]

mod error;
mod methods;
mod modules;
mod register;
mod runtime;
mod server;
mod stream;
mod text;

pub use register::register;
pub use runtime::Runtime;
