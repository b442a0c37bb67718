//! The line reader over fuzzer bytes: random chunk boundaries, CR/LF
//! placement, invalid UTF-8, limits near the line lengths. The lines must be
//! exactly what a plain split gives, each line over the limit as one error
//! (the reader resyncs after it), however the bytes were cut.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (head, data) = input.split_at(input.len().min(9));
    let max_len = usize::from(*head.first().unwrap_or(&8)) % 64 + 1;
    let cuts: Vec<usize> = head.iter().skip(1).map(|b| usize::from(*b) * 3).collect();
    let lines = sockets_core::fuzz::read_lines(data, &cuts, max_len);

    let expected: Vec<&[u8]> = {
        let mut pieces: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
        if data.ends_with(b"\n") || data.is_empty() {
            pieces.pop();
        }
        let ends_in_newline = data.ends_with(b"\n");
        let count = pieces.len();
        pieces
            .into_iter()
            .enumerate()
            .map(|(i, p)| match p.strip_suffix(b"\r") {
                // "\r" is part of the line only on an unterminated last line.
                Some(stripped) if i + 1 < count || ends_in_newline => stripped,
                _ => p,
            })
            .collect()
    };
    // Each line over the limit is one error, then reading resyncs after it:
    // the same answer however the bytes were cut.
    let expected: Vec<Result<&[u8], ()>> = expected
        .into_iter()
        .map(|l| if l.len() > max_len { Err(()) } else { Ok(l) })
        .collect();
    let got: Vec<Result<&[u8], ()>> = lines.iter().map(|l| l.as_deref().map_err(|_| ())).collect();
    assert_eq!(got, expected);
});
