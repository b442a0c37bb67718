//! Text from byte reads: a UTF-8 character cut by a read is carried over to
//! the next read, never replaced by U+FFFD.

use std::io;

/// The bytes of a character a read has cut (at most 3), waiting for the
/// rest of it.
#[derive(Debug, Default)]
pub(crate) struct Utf8Carry {
    pending: Vec<u8>,
}

impl Utf8Carry {
    /// Decodes the carried bytes followed by `bytes`. A character cut at
    /// the end is kept for the next call, so the text may be empty.
    ///
    /// # Errors
    /// `InvalidData` when the bytes are not UTF-8; they are dropped, so the
    /// next read starts afresh.
    pub(crate) fn decode(&mut self, bytes: &[u8], stream: &str) -> io::Result<String> {
        let mut all = std::mem::take(&mut self.pending);
        all.extend_from_slice(bytes);
        match String::from_utf8(all) {
            Ok(text) => Ok(text),
            Err(e) if e.utf8_error().error_len().is_none() => {
                let valid = e.utf8_error().valid_up_to();
                let mut all = e.into_bytes();
                self.pending = all.split_off(valid);
                Ok(String::from_utf8(all).expect("valid up to here"))
            }
            Err(e) => Err(not_text(e.as_bytes().len(), stream)),
        }
    }

    /// The check at end of stream: nothing may be left of a character.
    ///
    /// # Errors
    /// `InvalidData` when the stream ended inside a character.
    pub(crate) fn finish(&mut self, stream: &str) -> io::Result<()> {
        match std::mem::take(&mut self.pending).len() {
            0 => Ok(()),
            n => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{stream} ended inside a UTF-8 character ({n} of its bytes arrived)"),
            )),
        }
    }

    /// Hands the carried bytes to a byte read, which takes them first.
    pub(crate) fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.pending)
    }

    /// Carries `bytes` again, as they are: a byte read took fewer than
    /// were carried.
    pub(crate) fn put_back(&mut self, bytes: Vec<u8>) {
        self.pending = bytes;
    }

    /// How many bytes are carried.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    /// How many bytes still complete the carried character (0 when none is
    /// carried).
    pub(crate) fn missing(&self) -> usize {
        match self.pending.first() {
            None => 0,
            Some(&lead) => utf8_width(lead).saturating_sub(self.pending.len()).max(1),
        }
    }

    /// Whether a character is carried.
    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

/// The length of the character a lead byte starts (1 for anything else, so
/// decoding reports it).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

fn not_text(n: usize, stream: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "{n} bytes read from {stream} are not UTF-8 text; \
             read binary data with readBytes(n)"
        ),
    )
}

/// A line that is not UTF-8, in the script's words: the library's hint
/// names a Rust API; scripts read bytes with `readBytes(n)`. The message
/// (with the peer's address) and the kind are kept; any other error passes
/// through unchanged.
pub(crate) fn script_line_error(e: io::Error) -> io::Error {
    let message = e.to_string();
    let not_utf8 = sockets_blocking::LineSplitter::is_line_error(&e) && message.contains("UTF-8");
    match (not_utf8, message.rsplit_once("; ")) {
        (true, Some((what, _rust_hint))) => io::Error::new(
            e.kind(),
            format!("{what}; read binary data with readBytes(n)"),
        ),
        _ => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_by_every_possible_read_size_comes_out_whole() {
        let text = "a€𝄞é".repeat(50);
        for size in 1..=9 {
            let mut carry = Utf8Carry::default();
            let mut out = String::new();
            for chunk in text.as_bytes().chunks(size) {
                out += &carry.decode(chunk, "test").unwrap();
            }
            carry.finish("test").unwrap();
            assert_eq!(out, text, "read size {size}");
        }
    }

    #[test]
    fn missing_counts_the_bytes_that_complete_the_character() {
        let mut carry = Utf8Carry::default();
        assert_eq!(carry.missing(), 0);
        assert_eq!(carry.decode(&"€".as_bytes()[..1], "test").unwrap(), "");
        assert_eq!(carry.missing(), 2);
        assert!(!carry.is_empty());
    }

    #[test]
    fn invalid_bytes_fail_and_are_dropped() {
        let mut carry = Utf8Carry::default();
        let e = carry.decode(b"ab\xffcd", "socket").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().contains("5 bytes read from socket"), "{e}");
        assert_eq!(carry.decode(b"ok", "socket").unwrap(), "ok");
    }

    #[test]
    fn end_of_stream_inside_a_character_fails_once() {
        let mut carry = Utf8Carry::default();
        assert_eq!(
            carry.decode("x€".as_bytes().split_at(2).0, "file").unwrap(),
            "x"
        );
        let e = carry.finish("file").unwrap_err();
        assert!(e
            .to_string()
            .contains("file ended inside a UTF-8 character"));
        carry.finish("file").unwrap();
    }
}
