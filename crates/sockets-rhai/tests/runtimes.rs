//! Any number of runtimes and scripts in one process, each with its own
//! handlers (issue 16 §5, failing input A).

use rhai::Scope;
use sockets_rhai::Runtime;

/// A script that serves with its own handler and checks its own answer.
fn serving_script(name: &str) -> String {
    format!(
        r#"
        import "sockets" as sockets;
        import "streams" as streams;
        let server = sockets::serve("127.0.0.1", 0, |raw| {{
            let s = streams::IOStream(raw["stream"]);
            s.writeln("handled by {name}");
            s.close();
        }});
        let client = sockets::dial("127.0.0.1", server.port());
        let answer = client.readLine();
        client.close();
        server.close();
        let errors = server.stats().handlerErrors;
        "#
    )
}

fn run_and_answer(runtime: &Runtime, name: &str) -> (Option<String>, i64) {
    let mut scope = Scope::new();
    runtime
        .run_with_scope(&mut scope, &serving_script(name))
        .unwrap();
    (
        scope.get_value::<String>("answer"),
        scope.get_value::<i64>("errors").unwrap(),
    )
}

#[test]
fn two_runs_in_one_process_each_call_their_own_handler() {
    // Before: the second handler failed "Function not found: anon$… (map)"
    // and its client read end of stream.
    let first = Runtime::new();
    assert_eq!(
        run_and_answer(&first, "one"),
        (Some("handled by one".into()), 0)
    );
    let second = Runtime::new();
    assert_eq!(
        run_and_answer(&second, "two"),
        (Some("handled by two".into()), 0)
    );
    assert_eq!(
        run_and_answer(&first, "three"),
        (Some("handled by three".into()), 0)
    );
}

#[test]
fn scripts_on_one_runtime_run_at_the_same_moment() {
    let runtime = Runtime::new();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let runtime = runtime.clone();
            std::thread::spawn(move || run_and_answer(&runtime, &format!("thread {i}")))
        })
        .collect();
    for (i, thread) in threads.into_iter().enumerate() {
        let (answer, errors) = thread.join().unwrap();
        assert_eq!(answer, Some(format!("handled by thread {i}")));
        assert_eq!(errors, 0);
    }
}

#[test]
fn a_handler_can_start_a_server_of_its_own() {
    let mut scope = Scope::new();
    Runtime::new()
        .run_with_scope(
            &mut scope,
            r#"
            let outer = sockets::serve("127.0.0.1", 0, |raw| {
                let inner = sockets::serve("127.0.0.1", 0, |raw| {
                    raw["stream"].writeln("inner");
                    raw["stream"].close();
                });
                let c = sockets::dial("127.0.0.1", inner.port());
                raw["stream"].writeln("outer saw " + c.readLine());
                c.close();
                inner.close();
                raw["stream"].close();
            });
            let client = sockets::dial("127.0.0.1", outer.port());
            let answer = client.readLine();
            outer.close();
            "#,
        )
        .unwrap();
    assert_eq!(
        scope.get_value::<String>("answer").as_deref(),
        Some("outer saw inner")
    );
}

#[test]
fn a_named_function_is_a_handler_too() {
    let mut scope = Scope::new();
    Runtime::new()
        .run_with_scope(
            &mut scope,
            r#"
            fn greet(raw) { raw["stream"].writeln("named"); raw["stream"].close(); }
            let server = sockets::serve("127.0.0.1", 0, Fn("greet"));
            let client = sockets::dial("127.0.0.1", server.port());
            let answer = client.readLine();
            server.close();
            "#,
        )
        .unwrap();
    assert_eq!(
        scope.get_value::<String>("answer").as_deref(),
        Some("named")
    );
}

#[test]
fn serve_on_an_engine_without_a_runtime_says_what_it_needs() {
    let mut engine = rhai::Engine::new();
    sockets_rhai::register(&mut engine);
    let e = engine
        .run(r#"sockets::serve("127.0.0.1", 0, |raw| {})"#)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("sockets::serve runs only in scripts started by a sockets_rhai::Runtime"),
        "{e}"
    );
}

#[test]
fn library_errors_arrive_as_runtime_errors_with_the_library_message() {
    let e = Runtime::new()
        .run("import \"sockets\" as sockets;\nsockets::dial(\"\", 80);")
        .unwrap_err();
    assert!(
        e.to_string().contains("cannot dial: the host is empty"),
        "{e}"
    );
    let e = Runtime::new()
        .run(r#"streams::open("/nonexistent/input.txt")"#)
        .unwrap_err();
    assert!(
        e.to_string().contains("cannot open /nonexistent/input.txt"),
        "{e}"
    );
}

#[test]
fn an_uncaught_handler_error_closes_its_connection_and_is_counted() {
    let mut scope = Scope::new();
    Runtime::new()
        .run_with_scope(
            &mut scope,
            r#"
            let server = sockets::serve("127.0.0.1", 0, |raw| { throw "boom"; });
            let client = sockets::dial("127.0.0.1", server.port());
            let line = client.readLine();
            server.close();
            let errors = server.stats().handlerErrors;
            "#,
        )
        .unwrap();
    assert!(scope.get_value::<()>("line").is_some(), "end of stream");
    assert_eq!(scope.get_value::<i64>("errors"), Some(1));
}
