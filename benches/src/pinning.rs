//! Where the benchmark process may run: the echo scenario and the report
//! both say whether the figures come from one CPU.

/// Whether this process may run on one CPU only (`taskset -c 0`).
pub fn is_pinned() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Cpus_allowed_list:"))
                .map(|l| !l.contains(',') && !l.contains('-'))
        })
        .unwrap_or(false)
}
