//! Reading ahead: for reports written in an order that is not the catalogue's (`log` by
//! date, the status page by timeline), the records of the next rows are read a batch ahead
//! of their use, so that their cache misses overlap.
//!
//! In a catalogue larger than the processor's cache, a row taken out of file order costs
//! several cache misses (its spec, its history entry, their text, its sources), and the work
//! that makes the row waits for each load in turn. A short loop that reads one byte of each
//! of those for the next rows makes loads that do not depend on each other, which the
//! processor fetches together; when the rows are made, their records are in the cache.
//! `log --format table` at 100,000 specs: about 0.75x the time to write (docs/performance.md,
//! "Phase 14").
//!
//! What a row's `touch` reads is only a hint: reading too little or too much changes the
//! speed, never the output.

/// How many rows are touched at once, and how far ahead of their use: far enough for the
/// loads to arrive before the rows are made, few enough to stay in the cache meanwhile.
const BATCH: usize = 16;

/// The positions `0..len` in order; before each batch of [`BATCH`] is handed out, the
/// records of the next batch's rows are read with `touch`, given a position (see the
/// module's doc).
pub(crate) fn read_ahead<F: Fn(usize) -> usize>(len: usize, touch: F) -> ReadAhead<F> {
    ReadAhead {
        len,
        next: 0,
        touch,
    }
}

/// The iterator of [`read_ahead`].
pub(crate) struct ReadAhead<F> {
    len: usize,
    next: usize,
    touch: F,
}

impl<F: Fn(usize) -> usize> ReadAhead<F> {
    /// Reads what `touch` reads of the rows `from..from + count` (fewer at the end).
    fn touch(&self, from: usize, count: usize) {
        let end = from.saturating_add(count).min(self.len);
        // Summed and kept from the optimiser, so the loads are made.
        std::hint::black_box((from..end).map(&self.touch).fold(0, usize::wrapping_add));
    }
}

impl<F: Fn(usize) -> usize> Iterator for ReadAhead<F> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let at = self.next;
        if at >= self.len {
            return None;
        }
        if at == 0 {
            // The first batch and the one after it.
            self.touch(0, 2 * BATCH);
        } else if at.is_multiple_of(BATCH) {
            self.touch(at + BATCH, BATCH);
        }
        self.next += 1;
        Some(at)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.len - self.next;
        (left, Some(left))
    }
}

impl<F: Fn(usize) -> usize> ExactSizeIterator for ReadAhead<F> {}

/// The first byte of `text` (0 if it is empty): a load of the text, for a `touch`.
pub(crate) fn first_byte(text: &str) -> usize {
    text.as_bytes().first().map_or(0, |&b| usize::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_once_in_order_and_each_touched_once() {
        for len in [
            0,
            1,
            BATCH - 1,
            BATCH,
            2 * BATCH,
            2 * BATCH + 1,
            5 * BATCH + 3,
        ] {
            let all: Vec<usize> = (0..len).collect();
            let touched = std::cell::RefCell::new(Vec::new());
            let ahead = read_ahead(len, |n| {
                touched.borrow_mut().push(n);
                n
            });
            assert_eq!(ahead.len(), len);
            assert_eq!(ahead.collect::<Vec<_>>(), all);
            assert_eq!(*touched.borrow(), all, "{len} rows");
        }
    }

    #[test]
    fn each_batch_is_touched_before_it_is_handed_out() {
        let touched = std::cell::Cell::new(0);
        let ahead = read_ahead(100, |n| {
            touched.set(touched.get().max(n + 1));
            n
        });
        for n in ahead {
            assert!(
                touched.get() > n,
                "item {n} handed out before it was touched"
            );
            assert!(
                touched.get() <= n + 2 * BATCH,
                "item {n}: touched too far ahead"
            );
        }
    }
}
