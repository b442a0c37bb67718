//! The blocking facade over [`sockets_core`]: the same sockets for code
//! without an async runtime (script bindings, command-line tools, tests).
//!
//! Not written yet: this crate is a documented skeleton until its issue
//! lands. Until then, block on the core's futures yourself, outside any async
//! task:
//!
//! ```
//! use sockets_core::{dial, DialOptions};
//!
//! let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! let port = listener.local_addr()?.port();
//! let socket = async_std::task::block_on(dial("127.0.0.1", port, DialOptions::default()))?;
//! assert_eq!(socket.remote_addr().port(), port);
//! # std::io::Result::Ok(())
//! ```

#![forbid(unsafe_code)]

pub use sockets_core::{DialOptions, ServeOptions, ServerStats};
