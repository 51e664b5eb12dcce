//! SplitMix64: tiny, fast, and good enough for picking test data.
//!
//! Every event owns one generator seeded from `(profile, seed, index)`; each
//! shape dimension and each piece of content draws from its own sub-stream
//! ([`Rng::fork`]), so pinning one dimension to a fixed variant leaves every
//! other draw of the event unchanged.

#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub(crate) fn new(state: u64) -> Rng {
        Rng(state)
    }

    /// The generator of event `index` of a corpus.
    pub(crate) fn for_event(salt: u64, seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ salt);
        let a = r.next_u64();
        let mut r = Rng(a ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    /// An independent stream named by `stream` (a per-use constant).
    pub(crate) fn fork(&self, stream: u64) -> Rng {
        let mut r = Rng(self.0 ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        r
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    pub(crate) fn pick<'s, T: ?Sized>(&mut self, items: &[&'s T]) -> &'s T {
        items[self.below(items.len() as u64) as usize]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`, with probability proportional to its weight.
    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut at = self.below(total);
        for &(item, w) in items {
            if at < u64::from(w) {
                return item;
            }
            at -= u64::from(w);
        }
        items[items.len() - 1].0
    }
}
