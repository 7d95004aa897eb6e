//! One stable sort for every list Steady puts in order. The standard `sort_by` is generic, so each
//! element type and comparison gets its own copy of the whole sort algorithm (about 3.5 KB of the
//! app's `.wasm` each). Here the algorithm runs once, on positions, behind a `dyn` comparison; only
//! the small step that moves the items into place is copied per type.

use std::cmp::Ordering;

/// Sorts `items` as `slice::sort_by` does: stable, so equal items keep their order.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    reorder(items, order);
}

/// Sorts `items` by a key as `slice::sort_by_key` does: stable, so items with equal keys keep their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in sorted order. Never inlined, so that no caller gets its own copy of the sort.
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves each item to its place, where `order[i]` is the position of the item that belongs at `i`:
/// follows each cycle of the permutation with swaps, marking places done as it fills them.
fn reorder<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        loop {
            let next = order[current];
            order[current] = current;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut standard = items;
            // Keys repeat often, so the second field shows whether equal items kept their order.
            sort_by_key(&mut ours, |(key, _)| *key);
            standard.sort_by_key(|(key, _)| *key);
            prop_assert_eq!(ours, standard);
        }

        #[test]
        fn sort_by_follows_the_comparison_given(items in proptest::collection::vec(any::<i32>(), 0..200)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort_by(&mut ours, |a, b| b.cmp(a));
            standard.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(ours, standard);
        }
    }

    #[test]
    fn equal_items_keep_their_order() {
        let mut names = vec![("b", 1), ("a", 2), ("b", 0), ("a", 1)];
        sort_by_key(&mut names, |(name, _)| *name);
        assert_eq!(names, [("a", 2), ("a", 1), ("b", 1), ("b", 0)]);
    }
}
