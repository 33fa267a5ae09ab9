//! Work shared between two threads, for large catalogues: the reader's two parts, and the
//! two halves of the specs that validation and `select` go through.

/// Lists at least this long are worth going through in two halves on two threads; below
/// it a thread costs more than it saves.
pub(crate) const HALVES_FROM: usize = 2000;

/// `first` on this thread and `second` on another, at once. A panic in `second` is resumed
/// here, as if it had happened on this thread.
pub(crate) fn join<A, B: Send>(
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    std::thread::scope(|scope| {
        let other = scope.spawn(second);
        let a = first();
        match other.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// `items` cut in two halves, when it is long enough to be worth two threads.
pub(crate) fn halves<T>(items: &[T]) -> Option<(&[T], &[T])> {
    (items.len() >= HALVES_FROM).then(|| items.split_at(items.len() / 2))
}
