//! One document cannot take down a run: a panic in its analysis (a bug, found by an input
//! nobody foresaw) is caught at the document's boundary and reported as a skipped input, and
//! the run goes on with the others.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run `work`; a panic comes back as `Err` with its message.
pub(crate) fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    // Unwind safety: on a panic the closure's partial state is dropped and never read again.
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(guarded(|| 3), Ok(3));
        let err = guarded(|| -> u8 { panic!("index out of range at {}", 7) }).unwrap_err();
        assert_eq!(err, "index out of range at 7");
    }
}
