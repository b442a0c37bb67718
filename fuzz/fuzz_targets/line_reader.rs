//! The line reader over fuzzer bytes: random chunk boundaries, CR/LF
//! placement, invalid UTF-8, limits near the line lengths. When no line is
//! over the limit, the lines must be exactly what a plain split gives;
//! otherwise no line returned may be over the limit.
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
    if expected.iter().all(|l| l.len() <= max_len) {
        let got: Vec<&[u8]> = lines.iter().map(|l| l.as_deref().expect("no line is too long")).collect();
        assert_eq!(got, expected);
    } else {
        assert!(lines.iter().flatten().all(|l| l.len() <= max_len));
    }
});
