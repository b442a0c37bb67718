//! The stream protocol of the scripting module this workspace is modelled
//! on: read, write, close and iterate lines, so that `copy(src, dst)` and
//! line iteration work on sockets, files, child-process pipes and memory
//! buffers alike.
//!
//! Not written yet: this crate is a documented skeleton until its issue
//! lands (it builds on `sockets-blocking`).

#![forbid(unsafe_code)]
