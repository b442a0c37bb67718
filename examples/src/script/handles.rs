//! The script-side types: streams (sockets and `IOStream`s), servers and
//! counters, and the `sockets` / `streams` modules.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rhai::{Blob, Dynamic, Engine, FnPtr, Map, Module};
use sockets_blocking::{DialOptions, Socket};
use sockets_stream::{IoStream, StreamProtocol};

use super::{call, script_error, RhaiResult};

type Shared = Arc<Mutex<IoStream<Box<dyn StreamProtocol + Send>>>>;

/// A stream in a script: a socket, or anything wrapped by `IOStream`.
/// Clones share the same stream.
#[derive(Clone, Debug)]
pub struct ScriptStream {
    inner: Shared,
    local_addr: String,
    remote_addr: String,
}

/// `stream.lines()`: iterated lazily, one `readLine()` per step, so a
/// handler can answer each line as it comes.
#[derive(Clone, Debug)]
pub struct Lines(ScriptStream);

impl IntoIterator for Lines {
    type Item = RhaiResult<String>;
    type IntoIter = LinesIter;

    fn into_iter(self) -> LinesIter {
        LinesIter(Some(self.0))
    }
}

/// The iterator behind [`Lines`]; it ends at end of stream and after an
/// error (which the script sees).
#[derive(Debug)]
pub struct LinesIter(Option<ScriptStream>);

impl Iterator for LinesIter {
    type Item = RhaiResult<String>;

    fn next(&mut self) -> Option<RhaiResult<String>> {
        let stream = self.0.as_ref()?;
        let item = stream.lock().read_line().map_err(script_error).transpose();
        if !matches!(item, Some(Ok(_))) {
            self.0 = None;
        }
        item
    }
}

/// A running server in a script.
#[derive(Clone, Debug)]
pub struct ScriptServer(Arc<sockets_blocking::Server>);

/// A counter handlers can increment at the same moment without races.
#[derive(Clone, Debug, Default)]
pub struct Counter(Arc<AtomicI64>);

impl ScriptStream {
    fn from_socket(socket: Socket) -> ScriptStream {
        ScriptStream {
            local_addr: socket.local_addr().to_string(),
            remote_addr: socket.remote_addr().to_string(),
            inner: Arc::new(Mutex::new(IoStream::new(Box::new(socket)))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, IoStream<Box<dyn StreamProtocol + Send>>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

fn dial(host: &str, port: i64, options: Map) -> RhaiResult<ScriptStream> {
    let port =
        u16::try_from(port).map_err(|_| format!("cannot dial {host}: {port} is not a port"))?;
    let mut dial_options = DialOptions::default();
    if let Some(tls) = options.get("tls") {
        dial_options = dial_options.tls(
            tls.as_bool()
                .map_err(|t| format!("tls must be a bool, not {t}"))?,
        );
    }
    if let Some(ms) = options.get("timeoutMs") {
        let ms = ms
            .as_int()
            .map_err(|t| format!("timeoutMs must be an int, not {t}"))?;
        let limit =
            Duration::from_millis(u64::try_from(ms).map_err(|_| "timeoutMs must be positive")?);
        dial_options = dial_options.timeout(limit).read_timeout(Some(limit));
    }
    sockets_blocking::dial(host, port, dial_options)
        .map(ScriptStream::from_socket)
        .map_err(script_error)
}

fn serve(host: &str, port: i64, handler: FnPtr) -> RhaiResult<ScriptServer> {
    let port =
        u16::try_from(port).map_err(|_| format!("cannot serve on {host}: {port} is not a port"))?;
    let server = sockets_blocking::serve(host, port, move |conn| {
        let mut raw = Map::new();
        raw.insert("handle".into(), Dynamic::from(conn.handle as i64));
        raw.insert("localAddr".into(), conn.local_addr.to_string().into());
        raw.insert("remoteAddr".into(), conn.remote_addr.to_string().into());
        raw.insert(
            "stream".into(),
            Dynamic::from(ScriptStream::from_socket(conn.stream)),
        );
        call(&handler, raw.into())
    })
    .map_err(script_error)?;
    Ok(ScriptServer(Arc::new(server)))
}

fn copy(src: &mut ScriptStream, dst: ScriptStream) -> RhaiResult<i64> {
    if Arc::ptr_eq(&src.inner, &dst.inner) {
        return Err("cannot copy a stream into itself".into());
    }
    let (mut from, mut to) = (src.lock(), dst.lock());
    let copied = sockets_stream::copy(&mut *from, &mut *to).map_err(script_error)?;
    Ok(copied as i64)
}

fn open(path: &str, write: bool) -> RhaiResult<ScriptStream> {
    let file = match write {
        false => std::fs::File::open(path),
        true => std::fs::File::create(path),
    }
    .map_err(|e| format!("cannot open {path}: {e}"))?;
    Ok(ScriptStream {
        inner: Arc::new(Mutex::new(IoStream::new(Box::new(file)))),
        local_addr: String::new(),
        remote_addr: String::new(),
    })
}

/// The `sockets` module: `dial`, `serve`, `counter`.
pub(super) fn sockets_module() -> Module {
    let mut module = Module::new();
    module.set_native_fn("dial", |host: &str, port: i64| dial(host, port, Map::new()));
    module.set_native_fn("dial", dial);
    module.set_native_fn("serve", serve);
    module.set_native_fn("counter", || Ok(Counter::default()));
    module
}

/// The `streams` module: `IOStream`, `copy`, `open`, `create`.
pub(super) fn streams_module() -> Module {
    let mut module = Module::new();
    module.set_native_fn("IOStream", |stream: ScriptStream| Ok(stream));
    module.set_native_fn("copy", copy);
    module.set_native_fn("open", |path: &str| open(path, false));
    module.set_native_fn("create", |path: &str| open(path, true));
    module
}

/// The methods of the script types, named as in the original module.
pub(super) fn register_types(engine: &mut Engine) {
    engine
        .register_type_with_name::<ScriptStream>("Stream")
        .register_fn(
            "read",
            |s: &mut ScriptStream, n: i64| -> RhaiResult<String> {
                let n = usize::try_from(n).map_err(|_| "read(n) needs n >= 0")?;
                s.lock().read(n).map(text).map_err(script_error)
            },
        )
        .register_fn("readAll", |s: &mut ScriptStream| -> RhaiResult<String> {
            s.lock().read_all().map(text).map_err(script_error)
        })
        .register_fn("readLine", |s: &mut ScriptStream| -> RhaiResult<Dynamic> {
            let line = s.lock().read_line().map_err(script_error)?;
            Ok(line.map_or(Dynamic::UNIT, Dynamic::from))
        })
        .register_fn("lines", |s: &mut ScriptStream| Lines(s.clone()))
        .register_fn(
            "write",
            |s: &mut ScriptStream, text: &str| -> RhaiResult<()> {
                s.lock().write(text.as_bytes()).map_err(script_error)
            },
        )
        .register_fn(
            "write",
            |s: &mut ScriptStream, bytes: Blob| -> RhaiResult<()> {
                s.lock().write(&bytes).map_err(script_error)
            },
        )
        .register_fn(
            "writeln",
            |s: &mut ScriptStream, text: &str| -> RhaiResult<()> {
                s.lock().writeln(text).map_err(script_error)
            },
        )
        .register_fn("flush", |s: &mut ScriptStream| -> RhaiResult<()> {
            s.lock().flush().map_err(script_error)
        })
        .register_fn("close", |s: &mut ScriptStream| -> RhaiResult<()> {
            s.lock().close().map_err(script_error)
        })
        .register_fn("isClosed", |s: &mut ScriptStream| s.lock().is_closed())
        .register_fn("localAddr", |s: &mut ScriptStream| s.local_addr.clone())
        .register_fn("remoteAddr", |s: &mut ScriptStream| s.remote_addr.clone());
    engine
        .register_type_with_name::<Lines>("Lines")
        .register_iterator_result::<Lines, String>();
    engine
        .register_type_with_name::<ScriptServer>("Server")
        .register_fn("close", |s: &mut ScriptServer| -> RhaiResult<()> {
            s.0.close().map_err(script_error)
        })
        .register_fn("port", |s: &mut ScriptServer| {
            i64::from(s.0.local_addr().port())
        })
        .register_fn("localAddr", |s: &mut ScriptServer| {
            s.0.local_addr().to_string()
        })
        .register_fn("stats", |s: &mut ScriptServer| {
            let stats = s.0.stats();
            let mut map = Map::new();
            map.insert("accepted".into(), (stats.accepted as i64).into());
            map.insert("active".into(), (stats.active as i64).into());
            map.insert("handlerErrors".into(), (stats.handler_errors as i64).into());
            map.insert("handlerPanics".into(), (stats.handler_panics as i64).into());
            map
        });
    engine
        .register_type_with_name::<Counter>("Counter")
        .register_fn("incr", |c: &mut Counter| {
            c.0.fetch_add(1, Ordering::SeqCst) + 1
        })
        .register_fn("get", |c: &mut Counter| c.0.load(Ordering::SeqCst));
}
