//! Feature hashing. Every feature (template id plus the values it reads) becomes one
//! 64-bit key, so extraction allocates nothing and the model needs no vocabulary. The
//! hash is fixed (not randomly seeded): the same feature must map to the same key in
//! training and in every later run.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Final avalanche (the splitmix64 finaliser).
#[inline]
pub(crate) fn fmix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[inline]
fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(K)
}

/// Hash of a string's bytes.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Hash of a byte string (FNV-1a over the bytes, then the finaliser).
#[inline]
pub(crate) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in b {
        h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
    }
    fmix(h ^ b.len() as u64)
}

/// A feature key from a template id and up to three values. Never 0 (0 marks an empty
/// slot in the model's hash table).
#[inline]
pub(crate) fn feat(tpl: u64, a: u64, b: u64, c: u64) -> u64 {
    let h = fmix(step(step(step(tpl.wrapping_mul(K), a), b), c));
    if h == 0 { 1 } else { h }
}

/// Checksum of the model body: a fast 64-bit hash over 8-byte words. It detects
/// corruption and truncation; it is not meant to resist tampering.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x2545_F491_4F6C_DD1D ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = step(h, u64::from_le_bytes(w));
    }
    for &c in chunks.remainder() {
        h = step(h, u64::from(c));
    }
    fmix(h)
}

/// A small deterministic random number generator (xorshift64*), for shuffling and
/// exploration during training: the same seed gives the same model bytes.
#[cfg(feature = "train")]
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

#[cfg(feature = "train")]
impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(fmix(seed ^ K) | 1)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, n).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n.max(1) as u64) as usize
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}
