//! The methods of the script types, named as in the scripting module the
//! workspace is modelled on (`readLine`, `readAll`, `writeln`).

use std::sync::atomic::Ordering;

use rhai::{Blob, Dynamic, Engine, Map};

use crate::error::{script_error, RhaiResult};
use crate::server::{Counter, ScriptServer};
use crate::stream::ScriptStream;

/// `stream.lines()`: iterated lazily, one `readLine()` per step, so a
/// handler can answer each line as it comes.
#[derive(Clone, Debug)]
pub(crate) struct Lines(ScriptStream);

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
pub(crate) struct LinesIter(Option<ScriptStream>);

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

/// A byte count from a script: `n >= 0`.
fn byte_count(operation: &str, n: i64) -> RhaiResult<usize> {
    usize::try_from(n).map_err(|_| format!("{operation}(n) needs n >= 0, not {n}").into())
}

/// Registers `Stream`, `Lines`, `Server` and `Counter` with their methods.
pub(crate) fn register_types(engine: &mut Engine) {
    register_stream(engine);
    engine
        .register_type_with_name::<Lines>("Lines")
        .register_iterator_result::<Lines, String>();
    engine
        .register_type_with_name::<ScriptServer>("Server")
        .register_fn("close", |s: &mut ScriptServer| -> RhaiResult<()> {
            s.close().map_err(script_error)
        })
        .register_fn("port", |s: &mut ScriptServer| i64::from(s.port()))
        .register_fn("localAddr", |s: &mut ScriptServer| s.local_addr())
        .register_fn("stats", |s: &mut ScriptServer| s.stats());
    engine
        .register_type_with_name::<Counter>("Counter")
        .register_fn("incr", |c: &mut Counter| {
            c.0.fetch_add(1, Ordering::SeqCst) + 1
        })
        .register_fn("get", |c: &mut Counter| c.0.load(Ordering::SeqCst));
}

fn register_stream(engine: &mut Engine) {
    engine
        .register_type_with_name::<ScriptStream>("Stream")
        .register_fn(
            "read",
            |s: &mut ScriptStream, n: i64| -> RhaiResult<String> {
                let n = byte_count("read", n)?;
                s.lock().read_text(n).map_err(script_error)
            },
        )
        .register_fn(
            "readBytes",
            |s: &mut ScriptStream, n: i64| -> RhaiResult<Blob> {
                let n = byte_count("readBytes", n)?;
                s.lock().read_bytes(n).map_err(script_error)
            },
        )
        .register_fn("readAll", |s: &mut ScriptStream| -> RhaiResult<String> {
            s.lock().read_all_text().map_err(script_error)
        })
        .register_fn("readAllBytes", |s: &mut ScriptStream| -> RhaiResult<Blob> {
            s.lock().read_all_bytes().map_err(script_error)
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
        .register_fn("closeWrite", |s: &mut ScriptStream| -> RhaiResult<()> {
            s.lock().close_write().map_err(script_error)
        })
        .register_fn("close", |s: &mut ScriptStream| -> RhaiResult<()> {
            s.lock().close().map_err(script_error)
        })
        .register_fn("isClosed", |s: &mut ScriptStream| s.lock().is_closed())
        .register_fn("localAddr", |s: &mut ScriptStream| s.local_addr())
        .register_fn("remoteAddr", |s: &mut ScriptStream| s.remote_addr());
}

/// A server's counters as a script map.
pub(crate) fn stats_map(stats: sockets_blocking::ServerStats) -> Map {
    let mut map = Map::new();
    map.insert("accepted".into(), (stats.accepted as i64).into());
    map.insert("active".into(), (stats.active as i64).into());
    map.insert("handlerErrors".into(), (stats.handler_errors as i64).into());
    map.insert("handlerPanics".into(), (stats.handler_panics as i64).into());
    map
}
