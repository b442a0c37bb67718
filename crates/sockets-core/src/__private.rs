//! What `sockets-blocking` needs from this crate and users must not call:
//! hidden from the docs and exempt from semver; it may change in any
//! release. Use `sockets-blocking`'s API instead.

pub use crate::blocking::{block_on, in_async_task};
pub use crate::handler_scope::{HandlerScope, ScopeGuard};
