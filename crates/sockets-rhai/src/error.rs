//! How library errors reach scripts.

use rhai::EvalAltResult;

/// The result of a function called from a script.
pub(crate) type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

/// An `io::Error` as a Rhai runtime error with the same message, which a
/// script can `catch` as a string.
pub(crate) fn script_error(e: std::io::Error) -> Box<EvalAltResult> {
    e.to_string().into()
}
