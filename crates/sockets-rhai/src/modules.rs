//! The `sockets` and `streams` modules.

use std::time::Duration;

use rhai::{Map, Module};
use sockets_blocking::DialOptions;

use crate::error::{script_error, RhaiResult};
use crate::server::{serve, Counter};
use crate::stream::ScriptStream;

/// `sockets::dial(host, port, #{tls: bool, timeoutMs: int, ca: path})`.
fn dial(host: &str, port: i64, options: Map) -> RhaiResult<ScriptStream> {
    let port = u16::try_from(port)
        .map_err(|_| format!("cannot dial {host}: {port} is not a port (ports are 1 to 65535)"))?;
    let mut dial_options = DialOptions::default();
    if let Some(tls) = options.get("tls") {
        dial_options = dial_options.tls(
            tls.as_bool()
                .map_err(|t| format!("tls must be a bool, not {t}"))?,
        );
    }
    if let Some(path) = options.get("ca") {
        let path = path
            .clone()
            .into_string()
            .map_err(|t| format!("ca must be the path of a PEM file (a string), not {t}"))?;
        let pem = std::fs::read(&path)
            .map_err(|e| format!("cannot dial {host}: cannot read the CA file {path}: {e}"))?;
        dial_options = dial_options.ca_pem(pem);
    }
    if let Some(ms) = options.get("timeoutMs") {
        let ms = ms
            .as_int()
            .map_err(|t| format!("timeoutMs must be an int, not {t}"))?;
        let limit = Duration::from_millis(
            u64::try_from(ms).map_err(|_| format!("timeoutMs must be positive, not {ms}"))?,
        );
        dial_options = dial_options
            .timeout(limit)
            .read_timeout(Some(limit))
            .write_timeout(Some(limit));
    }
    sockets_blocking::dial(host, port, dial_options)
        .map(ScriptStream::from_socket)
        .map_err(script_error)
}

/// `streams::copy(src, dst)`: the number of bytes copied.
fn copy(src: &mut ScriptStream, dst: ScriptStream) -> RhaiResult<i64> {
    if src.same_as(&dst) {
        return Err("cannot copy a stream into itself".into());
    }
    let (mut from, mut to) = (src.lock(), dst.lock());
    let copied = from.copy_to(&mut to).map_err(script_error)?;
    Ok(i64::try_from(copied).unwrap_or(i64::MAX))
}

/// `streams::open(path)` reads a file; `streams::create(path)` writes one.
fn open(path: &str, write: bool) -> RhaiResult<ScriptStream> {
    let file = match write {
        false => std::fs::File::open(path),
        true => std::fs::File::create(path),
    }
    .map_err(|e| format!("cannot open {path}: {e}"))?;
    Ok(ScriptStream::from_protocol(Box::new(file)))
}

/// The `sockets` module: `dial`, `serve`, `counter`.
pub(crate) fn sockets_module() -> Module {
    let mut module = Module::new();
    module.set_native_fn("dial", |host: &str, port: i64| dial(host, port, Map::new()));
    module.set_native_fn("dial", dial);
    module.set_native_fn("serve", serve);
    module.set_native_fn("counter", || Ok(Counter::default()));
    module
}

/// The `streams` module: `IOStream`, `copy`, `open`, `create`.
pub(crate) fn streams_module() -> Module {
    let mut module = Module::new();
    module.set_native_fn("IOStream", |stream: ScriptStream| Ok(stream));
    module.set_native_fn("copy", copy);
    module.set_native_fn("open", |path: &str| open(path, false));
    module.set_native_fn("create", |path: &str| open(path, true));
    module
}
