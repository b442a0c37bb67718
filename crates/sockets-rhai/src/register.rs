//! [`register`]: the modules and types on a host's engine.

use std::sync::Arc;

use rhai::module_resolvers::{FileModuleResolver, ModuleResolversCollection, StaticModuleResolver};
use rhai::{Engine, Module};

use crate::methods::register_types;
use crate::modules::{sockets_module, streams_module};

/// Adds the `sockets` and `streams` modules and their types (`Stream`,
/// `Server`, `Counter`, `Lines`) to `engine`.
///
/// Scripts reach the modules as `sockets::` and `streams::` at once, and
/// through `import "sockets" as sockets;` as well: the engine's module
/// resolver becomes one that knows the two modules and otherwise loads
/// script files as `Engine::new`'s does. A resolver the host installs
/// afterwards replaces it; scripts then still reach `sockets::` and
/// `streams::` without `import`.
///
/// Everything but `sockets::serve` works on any engine; `serve` needs a
/// script run by [`Runtime`](crate::Runtime), which gives its handlers the
/// engine and the script on their threads.
///
/// # Examples
/// A script on the host's engine dials a listener of the host:
/// ```
/// use std::io::Read;
///
/// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let mut engine = rhai::Engine::new();
/// sockets_rhai::register(&mut engine);
///
/// let mut scope = rhai::Scope::new();
/// scope.push("port", i64::from(listener.local_addr()?.port()));
/// engine
///     .run_with_scope(&mut scope, r#"
///         import "sockets" as sockets;
///         let client = sockets::dial("127.0.0.1", port);
///         client.writeln("hello from rhai");
///         client.close();
///     "#)
///     .map_err(std::io::Error::other)?;
///
/// let mut received = String::new();
/// listener.accept()?.0.read_to_string(&mut received)?;
/// assert_eq!(received, "hello from rhai\n");
/// # std::io::Result::Ok(())
/// ```
pub fn register(engine: &mut Engine) {
    register_types(engine);
    let sockets: Arc<Module> = sockets_module().into();
    let streams: Arc<Module> = streams_module().into();
    let mut modules = StaticModuleResolver::new();
    modules.insert("sockets", (*sockets).clone());
    modules.insert("streams", (*streams).clone());
    let mut resolvers = ModuleResolversCollection::new();
    resolvers.push(modules);
    resolvers.push(FileModuleResolver::new());
    engine.set_module_resolver(resolvers);
    engine.register_static_module("sockets", sockets);
    engine.register_static_module("streams", streams);
}
