//! A big file that every rebuild of `handbook serve` writes again (`data/graph.json`: 4.7 MB at
//! 1,000 pages, 48 MB at 10,000), each version written into the memory of the one before the
//! last. Fresh memory of that size cost a rebuild up to 20 ms at 1,000 pages and over 100 ms at
//! 10,000 (the system handing out and zeroing pages); the version before the last is no longer
//! served once the last one is, so its memory is free to take again.

use axum::body::Bytes;

/// The last two versions of a file.
#[derive(Debug, Default)]
pub struct Recycled {
    last: Option<Bytes>,
    before: Option<Bytes>,
}

impl Recycled {
    /// The next version, as `write` puts it into an empty string, in the memory of the version
    /// before the last when nothing else holds it anymore.
    pub fn next(&mut self, write: impl FnOnce(&mut String)) -> Bytes {
        let memory = self.before.take().and_then(|bytes| bytes.try_into_mut().ok()).map(|mut bytes| {
            bytes.clear();
            Vec::from(bytes)
        });
        let mut text = String::from_utf8(memory.unwrap_or_default()).expect("an empty buffer is text");
        write(&mut text);
        let bytes = Bytes::from(text.into_bytes());
        self.before = self.last.replace(bytes.clone());
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memory_of_the_version_before_the_last_is_taken_again_once_it_is_free() {
        let mut file = Recycled::default();
        let one = file.next(|t| t.push_str(&"1".repeat(1000)));
        let first = one.as_ptr();
        drop(one);
        let two = file.next(|t| t.push_str(&"2".repeat(1000)));
        assert_eq!(file.next(|t| t.push_str("three")), "three");
        assert_eq!(file.last.as_ref().map(|b| b.as_ptr()), Some(first), "the first version's memory, which no one held");
        // A version still held elsewhere (a request being served) is left alone.
        let four = file.next(|t| t.push_str("four"));
        assert_ne!(four.as_ptr(), two.as_ptr());
        assert_eq!((&two[..1], &four[..]), (&b"2"[..], &b"four"[..]));
    }
}
