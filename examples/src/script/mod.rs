//! A Rhai binding of the blocking facade, so the scripting module's
//! examples run nearly verbatim:
//!
//! ```text
//! import "sockets" as sockets;
//! import "streams" as streams;
//!
//! let client = sockets::dial("127.0.0.1", 8080);            // or dial(h, p, #{tls: true, timeoutMs: 500})
//! client.writeln("GET / HTTP/1.0"); client.writeln(""); print(client.readAll()); client.close();
//!
//! let served = 0;
//! let server = sockets::serve("127.0.0.1", 0, |raw| {
//!     served += 1;                                           // visible after server.close()
//!     let s = streams::IOStream(raw["stream"]);
//!     s.writeln("hello from sockets");
//!     s.close();
//! });
//! server.close();                                           // the barrier: every handler has returned
//! ```
//!
//! # State shared with handlers
//! Handlers run on other threads, on a copy of the script's compiled code.
//! In the original module, handlers see and change module-level globals
//! but not locals captured by the closure. Rhai closures capture their
//! outer variables *by sharing*, so here both work: a variable the handler
//! closure mentions (like `served` above) is shared with the script, and
//! its changes are visible after `server.close()`. Each single operation on
//! a shared variable is locked, but `served += 1` in handlers running at the
//! same moment can still race (read, then write): count with
//! `sockets::counter()` (`incr()`, `get()`) when handlers overlap.
//!
//! Errors surface as Rhai runtime errors whose message is the io::Error's.

mod handles;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rhai::module_resolvers::StaticModuleResolver;
use rhai::{Dynamic, Engine, EvalAltResult, FnPtr, Module, AST};

pub use handles::{Counter, Lines, LinesIter, ScriptServer, ScriptStream};

/// The compiled script and an engine to call its closures from handler
/// threads.
struct Program {
    engine: Engine,
    ast: AST,
}

static PROGRAM: OnceLock<Arc<Program>> = OnceLock::new();

type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

/// An io::Error as a Rhai runtime error with the same message.
pub(crate) fn script_error(e: std::io::Error) -> Box<EvalAltResult> {
    e.to_string().into()
}

/// An engine with the `sockets` and `streams` modules, importable and
/// also reachable as `sockets::` / `streams::` without an import.
pub fn engine() -> Engine {
    let mut engine = Engine::new();
    handles::register_types(&mut engine);
    let sockets: Arc<Module> = handles::sockets_module().into();
    let streams: Arc<Module> = handles::streams_module().into();
    let mut resolver = StaticModuleResolver::new();
    resolver.insert("sockets", (*sockets).clone());
    resolver.insert("streams", (*streams).clone());
    engine.set_module_resolver(resolver);
    engine.register_static_module("sockets", sockets);
    engine.register_static_module("streams", streams);
    engine
}

/// Runs the script in `path`; `args` are the script's `ARGS` array.
///
/// # Errors
/// A compile error or an uncaught runtime error, as a message.
pub fn run_file(path: &Path, args: &[String]) -> Result<(), String> {
    let engine = engine();
    let ast = engine
        .compile_file(path.to_path_buf())
        .map_err(|e| e.to_string())?;
    install(&ast);
    let mut scope = rhai::Scope::new();
    let args: rhai::Array = args.iter().cloned().map(Dynamic::from).collect();
    scope.push_constant("ARGS", args);
    engine
        .run_ast_with_scope(&mut scope, &ast)
        .map_err(|e| e.to_string())
}

/// Runs script source text (for tests).
///
/// # Errors
/// A compile error or an uncaught runtime error, as a message.
pub fn run_source(source: &str) -> Result<(), String> {
    let engine = engine();
    let ast = engine.compile(source).map_err(|e| e.to_string())?;
    install(&ast);
    engine.run_ast(&ast).map_err(|e| e.to_string())
}

/// Makes `ast` the program whose closures handlers call.
fn install(ast: &AST) {
    let program = Arc::new(Program {
        engine: engine(),
        ast: ast.clone(),
    });
    // One program per process: a runner runs one script.
    let _ = PROGRAM.set(program);
}

/// Calls a script closure with one argument, from any thread.
pub(crate) fn call(handler: &FnPtr, argument: Dynamic) -> std::io::Result<()> {
    let program = PROGRAM
        .get()
        .ok_or_else(|| std::io::Error::other("no script is running"))?;
    handler
        .call::<Dynamic>(&program.engine, &program.ast, (argument,))
        .map(drop)
        .map_err(|e| std::io::Error::other(e.to_string()))
}
