//! `sockets::serve` and what it returns: handlers run on the server's
//! threads, each with the engine and the script that started the server.

use std::sync::atomic::AtomicI64;
use std::sync::Arc;

use rhai::{Dynamic, FnPtr, Map, NativeCallContext};

use crate::error::{script_error, RhaiResult};
use crate::runtime::RunContext;
use crate::stream::ScriptStream;

/// A running server in a script.
#[derive(Clone, Debug)]
pub(crate) struct ScriptServer(Arc<sockets_blocking::Server>);

/// A counter handlers can increment at the same moment without races.
#[derive(Clone, Debug, Default)]
pub(crate) struct Counter(pub(crate) Arc<AtomicI64>);

impl ScriptServer {
    pub(crate) fn close(&self) -> std::io::Result<()> {
        self.0.close()
    }

    pub(crate) fn port(&self) -> u16 {
        self.0.local_addr().port()
    }

    pub(crate) fn local_addr(&self) -> String {
        self.0.local_addr().to_string()
    }

    pub(crate) fn stats(&self) -> Map {
        crate::methods::stats_map(self.0.stats())
    }
}

/// `sockets::serve(host, port, handler)`: `handler(raw)` runs once per
/// connection on a handler thread, with `raw` a map of `handle`,
/// `localAddr`, `remoteAddr` and `stream`.
pub(crate) fn serve(
    context: NativeCallContext<'_>,
    host: &str,
    port: i64,
    handler: FnPtr,
) -> RhaiResult<ScriptServer> {
    let port =
        u16::try_from(port).map_err(|_| format!("cannot serve on {host}: {port} is not a port (ports are 0 to 65535; 0 picks a free one)"))?;
    let run = RunContext::of(&context).ok_or(
        "sockets::serve runs only in scripts started by a sockets_rhai::Runtime: \
         its handlers need the engine and the script",
    )?;
    let server = sockets_blocking::serve(host, port, move |conn| {
        let mut raw = Map::new();
        raw.insert("handle".into(), Dynamic::from(conn.handle as i64));
        raw.insert("localAddr".into(), conn.local_addr.to_string().into());
        raw.insert("remoteAddr".into(), conn.remote_addr.to_string().into());
        raw.insert(
            "stream".into(),
            Dynamic::from(ScriptStream::from_socket(conn.stream)),
        );
        run.call(&handler, raw.into())
    })
    .map_err(script_error)?;
    Ok(ScriptServer(Arc::new(server)))
}
