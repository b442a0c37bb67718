//! [`Runtime`]: an engine with the modules, shared with handler threads,
//! and the run of one script that its handlers call back into.

use std::path::Path;
use std::sync::Arc;

use rhai::{CallFnOptions, Dynamic, Engine, EvalAltResult, FnPtr, NativeCallContext, Scope, AST};

/// The entry a run calls once the script's statements have run (see
/// [`Runtime::run_ast_with_scope`]).
const ENTRY: &str = "__sockets_rhai_entry";

/// Runs scripts that use the `sockets` and `streams` modules, on an engine
/// shared with the threads their handlers run on.
///
/// A handler given to `sockets::serve` runs on a server thread after the
/// native call has returned, so it needs the engine and the script's
/// compiled code for as long as the server lives. The runtime keeps the
/// engine in an `Arc`, and each run hands `Arc`s of both to the handlers of
/// the servers it starts: any number of runtimes and scripts, sequential or
/// at the same moment, run in one process without sharing anything.
///
/// A run sets Rhai's evaluation tag (`NativeCallContext::tag`) to its own
/// state; functions of the host that read the tag see that value instead of
/// the engine's default tag while a script runs.
///
/// # Examples
/// A host application's own engine, with its own function, gets the modules:
/// ```
/// use rhai::{Engine, Scope};
/// use sockets_rhai::Runtime;
///
/// let mut engine = Engine::new();
/// engine.register_fn("greeting", || "hello from the host");
/// let runtime = Runtime::with_engine(engine);
///
/// let mut scope = Scope::new();
/// runtime.run_with_scope(&mut scope, r#"
///     import "sockets" as sockets;
///     import "streams" as streams;
///     let server = sockets::serve("127.0.0.1", 0, |raw| {
///         let s = streams::IOStream(raw["stream"]);
///         s.writeln(greeting());
///         s.close();
///     });
///     let client = sockets::dial("127.0.0.1", server.port());
///     let answer = client.readLine();
///     client.close();
///     server.close();
/// "#)?;
/// assert_eq!(scope.get_value::<String>("answer").as_deref(), Some("hello from the host"));
/// # Ok::<(), Box<rhai::EvalAltResult>>(())
/// ```
#[derive(Clone)]
pub struct Runtime {
    engine: Arc<Engine>,
}

impl Runtime {
    /// A runtime on `Engine::new()` with the `sockets` and `streams`
    /// modules.
    ///
    /// # Examples
    /// ```
    /// let runtime = sockets_rhai::Runtime::new();
    /// runtime.run(r#"let s = sockets::serve("127.0.0.1", 0, |raw| {}); s.close();"#)?;
    /// # Ok::<(), Box<rhai::EvalAltResult>>(())
    /// ```
    pub fn new() -> Runtime {
        Runtime::with_engine(Engine::new())
    }

    /// A runtime on the host's `engine`, after [`register`](crate::register)
    /// has added the modules to it. The host's own functions, types,
    /// limits and `print` handler stay as they are; its module resolver is
    /// replaced (see [`register`](crate::register)).
    ///
    /// # Examples
    /// ```
    /// let mut engine = rhai::Engine::new();
    /// engine.set_max_operations(1_000_000);
    /// let runtime = sockets_rhai::Runtime::with_engine(engine);
    /// assert_eq!(runtime.engine().max_operations(), 1_000_000);
    /// ```
    pub fn with_engine(mut engine: Engine) -> Runtime {
        crate::register(&mut engine);
        Runtime {
            engine: Arc::new(engine),
        }
    }

    /// The engine, to compile scripts or call their functions.
    ///
    /// # Examples
    /// ```
    /// let runtime = sockets_rhai::Runtime::new();
    /// let ast = runtime.engine().compile("40 + 2")?;
    /// assert_eq!(runtime.engine().eval_ast::<i64>(&ast)?, 42);
    /// # Ok::<(), Box<rhai::EvalAltResult>>(())
    /// ```
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Compiles and runs `source`.
    ///
    /// # Errors
    /// A compile error, or a runtime error the script did not catch (a
    /// library error arrives with the library's message).
    ///
    /// # Examples
    /// ```
    /// let runtime = sockets_rhai::Runtime::new();
    /// let e = runtime.run(r#"sockets::dial("", 80)"#).unwrap_err();
    /// assert!(e.to_string().contains("cannot dial: the host is empty"), "{e}");
    /// ```
    pub fn run(&self, source: &str) -> Result<(), Box<EvalAltResult>> {
        self.run_with_scope(&mut Scope::new(), source)
    }

    /// Compiles and runs `source` in `scope`: the script sees the scope's
    /// variables, and its top-level variables are left in it.
    ///
    /// # Errors
    /// As [`run`](Self::run).
    ///
    /// # Examples
    /// ```
    /// let runtime = sockets_rhai::Runtime::new();
    /// let mut scope = rhai::Scope::new();
    /// scope.push("n", 20_i64);
    /// runtime.run_with_scope(&mut scope, "let twice = n * 2;")?;
    /// assert_eq!(scope.get_value::<i64>("twice"), Some(40));
    /// # Ok::<(), Box<rhai::EvalAltResult>>(())
    /// ```
    pub fn run_with_scope(
        &self,
        scope: &mut Scope<'_>,
        source: &str,
    ) -> Result<(), Box<EvalAltResult>> {
        let ast = self.engine.compile_with_scope(scope, source)?;
        self.run_ast_with_scope(scope, ast)
    }

    /// Runs the script in the file at `path`; `args` are the script's
    /// `ARGS` array (a constant), as a command-line runner passes them.
    ///
    /// # Errors
    /// The file cannot be read (the message names it), a compile error, or
    /// an uncaught runtime error.
    ///
    /// # Examples
    /// ```
    /// let path = std::env::temp_dir().join(format!("args-{}.rhai", std::process::id()));
    /// std::fs::write(&path, r#"if ARGS[0] != "one" { throw "wrong ARGS" }"#).unwrap();
    /// let runtime = sockets_rhai::Runtime::new();
    /// let outcome = runtime.run_file(&path, &["one".to_string()]);
    /// std::fs::remove_file(&path).unwrap();
    /// outcome?;
    /// # Ok::<(), Box<rhai::EvalAltResult>>(())
    /// ```
    pub fn run_file(&self, path: &Path, args: &[String]) -> Result<(), Box<EvalAltResult>> {
        let mut scope = Scope::new();
        let args: rhai::Array = args.iter().cloned().map(Dynamic::from).collect();
        scope.push_constant("ARGS", args);
        let ast = self
            .engine
            .compile_file_with_scope(&scope, path.to_path_buf())?;
        self.run_ast_with_scope(&mut scope, ast)
    }

    /// Runs a compiled script in `scope`. Servers it starts keep the
    /// script's code alive until they are closed or dropped.
    ///
    /// # Errors
    /// A runtime error the script did not catch.
    ///
    /// # Examples
    /// ```
    /// let runtime = sockets_rhai::Runtime::new();
    /// let ast = runtime.engine().compile(r#"let c = sockets::counter(); c.incr(); let n = c.get();"#)?;
    /// let mut scope = rhai::Scope::new();
    /// runtime.run_ast_with_scope(&mut scope, ast)?;
    /// assert_eq!(scope.get_value::<i64>("n"), Some(1));
    /// # Ok::<(), Box<rhai::EvalAltResult>>(())
    /// ```
    pub fn run_ast_with_scope(
        &self,
        scope: &mut Scope<'_>,
        ast: AST,
    ) -> Result<(), Box<EvalAltResult>> {
        // Rhai hands a tag to every native call of one evaluation, but only
        // through a function call; an empty entry function makes the run
        // one: the statements run first (`eval_ast`), then the entry.
        let mut ast = ast;
        ast.combine(self.engine.compile(format!("fn {ENTRY}() {{}}"))?);
        let run = RunContext {
            engine: Arc::clone(&self.engine),
            ast: Arc::new(ast),
        };
        let options = CallFnOptions::new()
            .eval_ast(true)
            .rewind_scope(false)
            .with_tag(run.clone());
        self.engine
            .call_fn_with_options::<Dynamic>(options, scope, &run.ast, ENTRY, ())
            .map(drop)
    }
}

impl Default for Runtime {
    fn default() -> Runtime {
        Runtime::new()
    }
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").finish_non_exhaustive()
    }
}

/// One run of a script: what its handlers need on their threads.
#[derive(Clone)]
pub(crate) struct RunContext {
    engine: Arc<Engine>,
    ast: Arc<AST>,
}

impl RunContext {
    /// The run a native call belongs to, if a [`Runtime`] started it.
    pub(crate) fn of(context: &NativeCallContext<'_>) -> Option<RunContext> {
        context.tag()?.clone().try_cast::<RunContext>()
    }

    /// Calls the script's `handler` with `argument`, on this thread, in
    /// this run (so a handler can start servers too).
    pub(crate) fn call(&self, handler: &FnPtr, argument: Dynamic) -> std::io::Result<()> {
        let mut args: Vec<Dynamic> = handler.curry().to_vec();
        args.push(argument);
        let mut options = CallFnOptions::new()
            .eval_ast(false)
            .rewind_scope(true)
            .with_tag(self.clone());
        // A handler named by `Fn("name")` may be a registered function.
        options.in_all_namespaces = true;
        self.engine
            .call_fn_with_options::<Dynamic>(
                options,
                &mut Scope::new(),
                &self.ast,
                handler.fn_name(),
                args,
            )
            .map(drop)
            .map_err(|e| std::io::Error::other(format!("script handler failed: {e}")))
    }
}
