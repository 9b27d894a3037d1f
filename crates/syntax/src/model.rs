//! The model file: a header (magic, format version, feature set, checksum) and a body
//! holding the label sets, the training-data id, the tag dictionary and two sparse linear
//! models (tagger and parser) with 16-bit quantised weights.
//!
//! Weights are stored per feature as a short list of (class, weight) pairs rather than a
//! dense row: an averaged perceptron touches only a few classes per feature, so sparse
//! rows keep both the file and the scoring loop small.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use crate::error::{ErrorKind, SyntaxError};
use crate::hash::checksum;

/// The first eight bytes of every model file.
pub const MAGIC: &[u8; 8] = b"SITRSYN\x1a";
/// The body layout this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The feature templates this build extracts; bump when `tagger.rs` or `parser.rs`
/// features change, so that an old model is refused instead of silently misread.
pub const FEATURE_SET: u32 = 1;

const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 8;

/// Keys are already hashes: hashing them again would only cost time.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by feature hashes.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Anything that adds per-class scores for a set of active features: the shipped
/// [`Linear`] model, or the weights being trained.
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], scores: &mut [f32]);

    /// Like [`Scorer::score`], but only the scores of the classes the model was told to
    /// put first (see [`Linear::read`]) need be right; a scorer may leave the others at
    /// minus infinity. The parser asks for this when only SHIFT, REDUCE and RIGHT-ARC
    /// can be valid, and the masked layout then adds 4 of the 7 blocks of each row.
    fn score_first(&self, feats: &[u64], scores: &mut [f32]) {
        self.score(feats, scores);
    }

    /// A hint that `feats` will be scored soon: a scorer may start loading their weights.
    fn prefetch(&self, _feats: &[u64]) {}
}

/// One slot of the feature table, 8 bytes (eight to a cache line); 0 marks an empty slot.
/// Bits 40..64 hold 24 bits of the key above those that chose the slot (a fingerprint).
/// If bit 39 is set the feature's only weight is stored inline (class in bits 16..24,
/// weight in bits 0..16), saving the second cache miss for most rare features; if bit 38
/// is set, bits 0..24 number the feature's dense row; otherwise bits 8..32 are the row's
/// start in `ents` and bits 0..8 its length.
type Slot = u64;

const INLINE: u64 = 1 << 39;
const DENSE: u64 = 1 << 38;

/// Rows with at least this many weights are kept dense in memory (all classes, zeros
/// included): adding a dense row is a few SIMD instructions, where a sparse row costs a
/// scattered add per weight. The most frequent features have the longest rows, so a few
/// hundred KB of dense rows (they stay in the L2 cache) take much of the work. Chosen
/// with cachegrind on the EWT dev file: 32 gave the fewest instructions and nearly the
/// fewest cache misses of 8, 16, 32, 48 and 64 (8: +2% instructions, +24% D1 misses).
const DENSE_MIN: usize = 32;

/// Classes per block of a dense row and of the score accumulator (one or two SIMD
/// registers of 16-bit weights).
const LANES: usize = 16;

/// Most classes a model can have (class ids are bytes).
const MAX_CLASSES: usize = 256;

/// The integer score accumulator: one i32 per class, in blocks of [`LANES`].
type Acc = [[i32; LANES]; MAX_CLASSES / LANES];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Ent {
    class: u8,
    w: i16,
}

/// Rows are packed with a 24-bit start: at most this many weights per model.
const MAX_ENTS: usize = 1 << 24;

/// A sparse linear model with quantised weights and an open-addressing feature table.
///
/// `keys`, `starts` and `ents` are the model as stored in the file; `slots`, `dense` and
/// `blocks` are the lookup structures built from them when the model is read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Linear {
    n_classes: usize,
    /// Quantisation scale: stored weight = round(weight * scale).
    scale: f32,
    keys: Vec<u64>,
    starts: Vec<u32>,
    ents: Vec<Ent>,
    slots: Vec<Slot>,
    mask: usize,
    /// Dense rows, `blocks` blocks each.
    dense: Vec<[i16; LANES]>,
    /// Blocks per dense row: `n_classes` rounded up to [`LANES`].
    blocks: usize,
    /// Per class, whether [`Scorer::score_first`] must score it (empty: no such set).
    first: Vec<bool>,
    /// Whether the lookup structures are the masked layout (`rows`, `pos`) instead of
    /// the portable one (`dense`, `ents`); see [`Linear::build_masked`].
    masked: bool,
    /// Masked layout: per feature of two or more weights, `blocks` 16-bit masks (bit `i`
    /// of mask `b`: position `16 b + i` has a weight) followed by the weights in position
    /// order; then [`ROW_PAD`] zeros, so that 16 weights can be loaded from anywhere in a row.
    rows: Vec<u16>,
    /// Masked layout: each class's position in the accumulator. Classes in `first` come
    /// first (positions `0..n_first`), so that scoring them needs only the first blocks.
    pos: Vec<u8>,
    /// Masked layout: how many positions hold `first` classes.
    n_first: usize,
}

/// Features looked up at once in the masked layout: all of a decision's (the parser has
/// 85, the tagger 43), so that every home slot is loaded, and every row prefetched, before
/// the first is needed, and the cache misses of one decision overlap.
const MASKED_CHUNK: usize = 128;

/// Zeros after the last masked row: the most blocks a row is read with, plus one.
const ROW_PAD: usize = (MAX_MASKED_BLOCKS + 1) * LANES;

/// The masked layout is used for models of up to this many blocks of classes (128).
const MAX_MASKED_BLOCKS: usize = 8;

/// Whether this CPU can decode with the masked layout: AVX-512 with the 16-bit expand
/// instruction (VBMI2), e.g. AMD Zen 4 and Intel Ice Lake or later.
fn masked_supported() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx512vbmi2")
            && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Features are looked up in chunks: first every chunk member's home slot is loaded
/// with no branch in between, so the cache misses overlap instead of queueing behind
/// unpredictable found/not-found branches; decoding is bound by these misses.
const CHUNK: usize = 32;

impl Scorer for Linear {
    /// Weights are integers and a sentence's features are far fewer than 2^24 / 2^15,
    /// so the sums are exact in i32 and in f32 alike: summing in i32, in any order, gives
    /// bit for bit the scores the float sum of the trained model gives.
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        if self.masked {
            self.score_masked(feats, scores, self.blocks, self.n_classes);
            return;
        }
        let mut acc: Acc = [[0; LANES]; MAX_CLASSES / LANES];
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been checked to support AVX2.
            unsafe { self.accumulate_avx2(feats, &mut acc) };
        } else {
            self.accumulate(feats, &mut acc);
        }
        #[cfg(not(target_arch = "x86_64"))]
        self.accumulate(feats, &mut acc);
        for (s, a) in scores.iter_mut().zip(acc.as_flattened()) {
            *s += *a as f32;
        }
    }

    /// Prefetches the features' home slots in the table.
    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        for &k in feats {
            prefetch_addr(self.slots.as_ptr().wrapping_add((k as usize) & self.mask));
        }
    }

    #[inline]
    fn score_first(&self, feats: &[u64], scores: &mut [f32]) {
        if self.masked {
            self.score_masked(feats, scores, self.n_first.div_ceil(LANES), self.n_first);
        } else {
            self.score(feats, scores);
        }
    }
}

impl Linear {
    /// Scores with the masked layout, adding the first `nb` blocks of every row; classes
    /// at positions from `limit` on are left at minus infinity.
    #[inline]
    fn score_masked(&self, feats: &[u64], scores: &mut [f32], nb: usize, limit: usize) {
        let mut acc: Acc = [[0; LANES]; MAX_CLASSES / LANES];
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `masked` is only set where `masked_supported` found the CPU features
        // the masked functions are compiled for.
        unsafe {
            match nb {
                1 => self.accumulate_masked::<1>(feats, &mut acc),
                2 => self.accumulate_masked::<2>(feats, &mut acc),
                3 => self.accumulate_masked::<3>(feats, &mut acc),
                4 => self.accumulate_masked::<4>(feats, &mut acc),
                5 => self.accumulate_masked::<5>(feats, &mut acc),
                6 => self.accumulate_masked::<6>(feats, &mut acc),
                7 => self.accumulate_masked::<7>(feats, &mut acc),
                _ => self.accumulate_masked::<8>(feats, &mut acc),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (feats, nb);
        let flat = acc.as_flattened();
        for (s, &p) in scores.iter_mut().zip(&self.pos) {
            let p = p as usize;
            *s += if p < limit {
                flat.get(p).map_or(0.0, |&a| a as f32)
            } else {
                f32::NEG_INFINITY
            };
        }
    }

    /// Adds the first `NB` blocks of the rows of the features present in the model to
    /// `out` (by position), as [`Linear::accumulate`] does for the portable layout. The
    /// block sums stay in `NB` vector registers across all rows; a row's block is its
    /// next popcount(mask) weights, expanded into the mask's lanes by one instruction, so
    /// that every row costs the same few instructions and no branch depends on its length
    /// (the portable layout's sparse rows cost a scattered add each, and mispredicted
    /// loop exits).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512vbmi2,popcnt")]
    fn accumulate_masked<const NB: usize>(&self, feats: &[u64], out: &mut Acc) {
        use core::arch::x86_64::{
            __m512i, _mm256_maskz_expand_epi16, _mm512_add_epi32, _mm512_cvtepi16_epi32,
            _mm512_loadu_si512, _mm512_setzero_si512, _mm512_storeu_si512,
        };
        let mut acc: [__m512i; NB] = [_mm512_setzero_si512(); NB];
        let mut home: [Slot; MASKED_CHUNK] = [0; MASKED_CHUNK];
        let mut found: [usize; MASKED_CHUNK] = [0; MASKED_CHUNK];
        let stride = self.blocks;
        let rows = self.rows.as_slice();
        for chunk in feats.chunks(MASKED_CHUNK) {
            for (h, &k) in home.iter_mut().zip(chunk) {
                *h = self
                    .slots
                    .get((k as usize) & self.mask)
                    .copied()
                    .unwrap_or(0);
                // Most features present sit in their home slot: start loading its row
                // now, with no branch on the slot in between, so that the rows' cache
                // misses overlap the slots'. For another key, an empty or an inline slot
                // the address is meaningless, and a prefetch of it harmless.
                prefetch_addr(rows.as_ptr().wrapping_add((*h & 0xffff_ffff) as usize));
            }
            let mut nf = 0;
            for (&k, &h) in chunk.iter().zip(&home) {
                let Some(sl) = self.find(k, h) else {
                    continue;
                };
                if sl & INLINE != 0 {
                    if let Some(a) = out.as_flattened_mut().get_mut(((sl >> 16) & 0xff) as usize) {
                        *a += i32::from(sl as u16 as i16);
                    }
                    continue;
                }
                let off = (sl & 0xffff_ffff) as usize;
                // A row of up to 25 weights spans at most these two cache lines.
                prefetch(rows.get(off));
                prefetch(rows.get(off + 31));
                found[nf] = off;
                nf += 1;
            }
            for &off in &found[..nf] {
                // Reading 16 weights from anywhere within the row's first `NB` blocks
                // stays inside `rows`: a row holds at most 16 weights a block, and
                // [`ROW_PAD`] zeros follow the last one.
                let (Some(masks), true) = (
                    rows.get(off..off + NB),
                    off + stride + LANES * NB + LANES <= rows.len(),
                ) else {
                    continue;
                };
                let mut wp = off + stride;
                for (a, &m) in acc.iter_mut().zip(masks) {
                    // SAFETY: `wp + 16 <= rows.len()` (checked above for the row), and
                    // an unaligned 32-byte load has no other requirement.
                    let v = unsafe { load256(rows.as_ptr().add(wp)) };
                    let e = _mm256_maskz_expand_epi16(m, v);
                    *a = _mm512_add_epi32(*a, _mm512_cvtepi16_epi32(e));
                    wp += m.count_ones() as usize;
                }
            }
        }
        for (o, a) in out.iter_mut().zip(&acc) {
            // SAFETY: a block is 16 i32, 64 bytes: one unaligned 512-bit load and store.
            unsafe {
                let p: *mut __m512i = o.as_mut_ptr().cast();
                _mm512_storeu_si512(p, _mm512_add_epi32(_mm512_loadu_si512(p), *a));
            }
        }
    }
}

impl Linear {
    /// [`Linear::accumulate`] compiled for AVX2: a dense row is then added with a third
    /// of the instructions (eight 16-bit weights widened and added per instruction).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn accumulate_avx2(&self, feats: &[u64], acc: &mut Acc) {
        self.accumulate(feats, acc);
    }

    /// Adds the weights of the features present in the model to `acc`.
    ///
    /// Per chunk of features: load every home slot, then resolve the slots to rows and
    /// prefetch the rows, then add the rows. Each phase issues its memory reads back to
    /// back, so their cache misses overlap instead of queueing one behind the other.
    #[inline(always)]
    fn accumulate(&self, feats: &[u64], acc: &mut Acc) {
        let mut home: [Slot; CHUNK] = [0; CHUNK];
        let mut found: [Slot; CHUNK] = [0; CHUNK];
        let mut dense: [usize; CHUNK] = [0; CHUNK];
        let blocks = self.blocks.min(acc.len());
        // Start loading every home slot at once: later chunks' slots arrive while the
        // earlier ones are being added.
        for &k in feats.iter().skip(CHUNK) {
            prefetch(self.slots.get((k as usize) & self.mask));
        }
        for chunk in feats.chunks(CHUNK) {
            for (h, &k) in home.iter_mut().zip(chunk) {
                *h = self
                    .slots
                    .get((k as usize) & self.mask)
                    .copied()
                    .unwrap_or(0);
            }
            let (mut nf, mut nd) = (0, 0);
            for (&k, &h) in chunk.iter().zip(&home) {
                let Some(sl) = self.find(k, h) else {
                    continue;
                };
                if sl & INLINE != 0 {
                    acc.as_flattened_mut()[((sl >> 16) & 0xff) as usize] +=
                        i32::from(sl as u16 as i16);
                    continue;
                }
                if sl & DENSE != 0 {
                    let a = (sl & 0xff_ffff) as usize * blocks;
                    // Dense rows are few and mostly cached: the first and last lines
                    // are prefetched, the adjacent-line prefetcher does the rest.
                    let row = self.dense.get(a..a + blocks).unwrap_or_default();
                    prefetch(row.first());
                    prefetch(row.last());
                    dense[nd] = a;
                    nd += 1;
                } else {
                    let a = ((sl >> 8) & 0xff_ffff) as usize;
                    prefetch(self.ents.get(a));
                    if sl & 0xff > 16 {
                        prefetch(self.ents.get(a + 16));
                    }
                    found[nf] = sl;
                    nf += 1;
                }
            }
            add_sparse(acc, &self.ents, &found[..nf]);
            add_rows(acc, &self.dense, &dense[..nd], blocks);
        }
    }
}

/// Adds the sparse rows of `slots` (start in bits 8..32, length in bits 0..8) from `ents`.
/// Not inlined: in its own frame the loop keeps its pointers in registers, where inlined
/// into the lookup loop it shuffled ten registers per row.
#[inline(never)]
fn add_sparse(acc: &mut Acc, ents: &[Ent], slots: &[Slot]) {
    let flat = acc.as_flattened_mut();
    let mut add = |e: &Ent| flat[e.class as usize] += i32::from(e.w);
    for &sl in slots {
        let (a, n) = (((sl >> 8) & 0xff_ffff) as usize, (sl & 0xff) as usize);
        let Some(mut row) = ents.get(a..a + n) else {
            continue;
        };
        // Four at a time, then the last one to three without a loop: rows are short
        // (12 weights on average), and a counted remainder loop cost as much as the adds.
        while let [e0, e1, e2, e3, rest @ ..] = row {
            add(e0);
            add(e1);
            add(e2);
            add(e3);
            row = rest;
        }
        match row {
            [e0, e1, e2] => {
                add(e0);
                add(e1);
                add(e2);
            }
            [e0, e1] => {
                add(e0);
                add(e1);
            }
            [e0] => add(e0),
            _ => {}
        }
    }
}

/// Adds the dense rows starting at `starts` (each `blocks` blocks of `dense`) to the
/// accumulator. The sums of up to four blocks at a time stay in registers while every
/// row's blocks are added to them: adding row after row into memory made each add of a
/// block wait for the previous row's store of it (store-to-load forwarding), and with the
/// group's width a constant each row costs one bounds check and no loop over blocks
/// (2026-12-02: a third of the instructions of the block-by-block loop before it).
#[inline(always)]
fn add_rows(acc: &mut Acc, dense: &[[i16; LANES]], starts: &[usize], blocks: usize) {
    if starts.is_empty() {
        return;
    }
    match blocks {
        1 => add_group::<1>(acc, dense, starts, 0),
        2 => add_group::<2>(acc, dense, starts, 0),
        3 => add_group::<3>(acc, dense, starts, 0),
        4 => add_group::<4>(acc, dense, starts, 0),
        5 => {
            add_group::<4>(acc, dense, starts, 0);
            add_group::<1>(acc, dense, starts, 4);
        }
        6 => {
            add_group::<4>(acc, dense, starts, 0);
            add_group::<2>(acc, dense, starts, 4);
        }
        7 => {
            add_group::<4>(acc, dense, starts, 0);
            add_group::<3>(acc, dense, starts, 4);
        }
        8 => {
            add_group::<4>(acc, dense, starts, 0);
            add_group::<4>(acc, dense, starts, 4);
        }
        _ => {
            for (b, out) in acc.iter_mut().enumerate().take(blocks) {
                let mut sum = *out;
                for &a in starts {
                    if let Some(row) = dense.get(a + b) {
                        for (x, &w) in sum.iter_mut().zip(row) {
                            *x += i32::from(w);
                        }
                    }
                }
                *out = sum;
            }
        }
    }
}

/// Adds blocks `off..off + N` of every dense row starting at `starts` (the caller keeps
/// `off + N` within a row).
#[inline(always)]
fn add_group<const N: usize>(acc: &mut Acc, dense: &[[i16; LANES]], starts: &[usize], off: usize) {
    let Some(out) = acc.get_mut(off..off + N) else {
        return;
    };
    let mut sum = [[0i32; LANES]; N];
    sum.copy_from_slice(out);
    for &a in starts {
        let Some(row) = dense.get(a + off..a + off + N) else {
            continue;
        };
        for (s, r) in sum.iter_mut().zip(row) {
            for (x, &w) in s.iter_mut().zip(r) {
                *x += i32::from(w);
            }
        }
    }
    out.copy_from_slice(&sum);
}

/// An unaligned 32-byte load kept apart from the instruction that uses it: folded into
/// a masked expand (`vpexpandw ymm{k}, [mem]`), the load reads only the mask's elements,
/// which AMD Zen 4 runs as a slow microcoded sequence.
///
/// # Safety
/// `p` must be valid for reading 32 bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
#[inline]
unsafe fn load256(p: *const u16) -> core::arch::x86_64::__m256i {
    let v: core::arch::x86_64::__m256i;
    // SAFETY: the caller guarantees 32 readable bytes at `p`; the instruction touches
    // nothing else (no stack, no flags).
    unsafe {
        core::arch::asm!(
            "vmovdqu {v}, ymmword ptr [{p}]",
            v = out(ymm_reg) v,
            p = in(reg) p,
            options(pure, readonly, nostack, preserves_flags),
        );
    }
    v
}

/// Asks the CPU to start loading the cache line at `p`, which need not point into any
/// object: a prefetch never faults and reads nothing into the program.
#[inline(always)]
fn prefetch_addr<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: see above; SSE is part of x86_64.
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Asks the CPU to start loading the cache line of `x` (a hint; nothing on other targets).
#[inline(always)]
fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(r) = x {
        // SAFETY: a prefetch only hints the cache; it never faults or reads into the
        // program, and `r` is a valid reference in any case. SSE is part of x86_64.
        unsafe {
            core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(
                (r as *const T).cast(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

impl Linear {
    /// Builds the model from averaged float weights, quantising to 16 bits and dropping
    /// weights that round below `prune` quantisation steps.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub(crate) fn from_weights(
        n_classes: usize,
        mut feats: Vec<(u64, Vec<(u8, f32)>)>,
        prune: i16,
    ) -> Linear {
        feats.sort_by_key(|f| f.0);
        let max = feats
            .iter()
            .flat_map(|f| f.1.iter().map(|e| e.1.abs()))
            .fold(0f32, f32::max)
            .max(1e-9);
        let scale = 32767.0 / max;
        // Rows are packed with a 24-bit start; prune harder until the weights fit.
        let mut prune = prune.unsigned_abs().max(1);
        let kept = |p: u16| {
            feats
                .iter()
                .flat_map(|f| &f.1)
                .filter(|e| (e.1 * scale).round().abs() >= f32::from(p))
                .count()
        };
        while kept(prune) >= MAX_ENTS {
            prune = prune.saturating_mul(2);
        }
        let mut lin = Linear {
            n_classes,
            scale,
            ..Linear::default()
        };
        lin.starts.push(0);
        for (key, ws) in feats {
            let before = lin.ents.len();
            let mut ws = ws;
            ws.sort_by_key(|e| e.0);
            for (class, w) in ws {
                let q = (w * scale).round().clamp(-32767.0, 32767.0) as i16;
                if q.unsigned_abs() >= prune {
                    lin.ents.push(Ent { class, w: q });
                }
            }
            if lin.ents.len() > before {
                lin.keys.push(key);
                lin.starts.push(lin.ents.len() as u32);
            }
        }
        lin.build_slots();
        lin
    }

    /// Builds the lookup structures: the masked layout where the CPU has it and the
    /// classes fit, the portable one otherwise.
    fn build_slots(&mut self) {
        self.build(masked_supported());
    }

    /// Builds the masked layout if `masked` is asked for and the CPU has it (scoring with
    /// it runs AVX-512 instructions), the portable one otherwise.
    pub(crate) fn build(&mut self, masked: bool) {
        let blocks = self.n_classes.div_ceil(LANES);
        // Row offsets are stored in 32 bits; a model this size is far beyond any trained.
        let fits = self.ents.len() + self.keys.len() * blocks + ROW_PAD < 1 << 32;
        if masked && masked_supported() && blocks <= MAX_MASKED_BLOCKS && fits {
            self.build_masked();
        } else {
            self.build_portable();
        }
    }

    /// The masked layout (see `rows` and [`Linear::accumulate_masked`]).
    fn build_masked(&mut self) {
        let cap = (self.keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        self.slots = vec![0; cap];
        self.mask = cap - 1;
        self.blocks = self.n_classes.div_ceil(LANES);
        self.dense = Vec::new();
        self.masked = true;
        // Positions: the `first` classes in order, then the others.
        self.pos = vec![0; self.n_classes];
        let first = |c: usize| self.first.get(c).copied().unwrap_or(false);
        let mut next = 0u8;
        for want in [true, false] {
            for c in 0..self.n_classes {
                if first(c) == want {
                    self.pos[c] = next;
                    next = next.wrapping_add(1);
                }
            }
        }
        self.n_first = (0..self.n_classes).filter(|&c| first(c)).count();
        if self.n_first == 0 {
            self.n_first = self.n_classes;
        }
        let multi = self.starts.windows(2).filter(|w| w[1] - w[0] >= 2).count();
        self.rows = Vec::with_capacity(1 + self.ents.len() + multi * self.blocks + ROW_PAD);
        // Offset 0 stays unused: a slot of all zeros marks an empty slot.
        self.rows.push(0);
        let shift = cap.trailing_zeros();
        let mut row: Vec<(u8, i16)> = Vec::new();
        for (i, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            row.clear();
            row.extend(
                self.ents[a..b]
                    .iter()
                    .map(|e| (self.pos[e.class as usize], e.w)),
            );
            row.sort_unstable_by_key(|e| e.0);
            let payload = match row.as_slice() {
                [(p, w)] => INLINE | (u64::from(*p) << 16) | u64::from(*w as u16),
                _ => {
                    let off = self.rows.len();
                    self.rows.resize(off + self.blocks, 0);
                    for &(p, w) in &row {
                        self.rows[off + p as usize / LANES] |= 1 << (p as usize % LANES);
                        self.rows.push(w as u16);
                    }
                    off as u64
                }
            };
            let mut p = (k as usize) & self.mask;
            while self.slots[p] != 0 {
                p = (p + 1) & self.mask;
            }
            self.slots[p] = (((k >> shift) & 0xff_ffff) << 40) | payload;
        }
        self.rows.resize(self.rows.len() + ROW_PAD, 0);
    }

    fn build_portable(&mut self) {
        self.masked = false;
        self.rows = Vec::new();
        self.pos = (0..self.n_classes).map(|c| c as u8).collect();
        self.n_first = self.n_classes;
        // Load factor at most 2/3: probes stay within one or two cache lines.
        let cap = (self.keys.len() * 3 / 2 + 1).next_power_of_two().max(16);
        self.slots = vec![0; cap];
        self.mask = cap - 1;
        self.blocks = self.n_classes.div_ceil(LANES);
        self.dense.clear();
        let n_dense = self
            .starts
            .windows(2)
            .filter(|w| (w[1] - w[0]) as usize >= DENSE_MIN)
            .count();
        self.dense.reserve_exact(n_dense * self.blocks);
        let shift = cap.trailing_zeros();
        for (i, &k) in self.keys.iter().enumerate() {
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            let row = &self.ents[a..b];
            let payload = match row {
                [e] => INLINE | (u64::from(e.class) << 16) | u64::from(e.w as u16),
                _ if row.len() >= DENSE_MIN => {
                    let r = self.dense.len() / self.blocks.max(1);
                    self.dense
                        .resize(self.dense.len() + self.blocks, [0; LANES]);
                    let flat = self.dense.as_flattened_mut();
                    for e in row {
                        flat[r * self.blocks * LANES + e.class as usize] = e.w;
                    }
                    DENSE | r as u64
                }
                _ => ((a as u64) << 8) | (b - a) as u64,
            };
            let mut p = (k as usize) & self.mask;
            while self.slots[p] != 0 {
                p = (p + 1) & self.mask;
            }
            self.slots[p] = (((k >> shift) & 0xff_ffff) << 40) | payload;
        }
    }

    /// The slot of feature `key`, given its home slot already loaded.
    #[inline]
    fn find(&self, key: u64, home: Slot) -> Option<Slot> {
        let fp = ((key >> self.mask.count_ones()) & 0xff_ffff) << 40;
        let mut s = home;
        let mut p = (key as usize) & self.mask;
        loop {
            if s == 0 {
                return None;
            }
            if s & (0xff_ffff << 40) == fp {
                return Some(s);
            }
            p = (p + 1) & self.mask;
            s = self.slots.get(p).copied().unwrap_or(0);
        }
    }

    /// A copy without the weights below `min` quantisation steps (and without the
    /// features left with none): a smaller, faster model, at some cost in accuracy.
    pub(crate) fn pruned(&self, min: u16) -> Linear {
        let mut lin = Linear {
            n_classes: self.n_classes,
            scale: self.scale,
            first: self.first.clone(),
            ..Linear::default()
        };
        lin.starts.push(0);
        for (i, &k) in self.keys.iter().enumerate() {
            let before = lin.ents.len();
            let row = &self.ents[self.starts[i] as usize..self.starts[i + 1] as usize];
            lin.ents
                .extend(row.iter().filter(|e| e.w.unsigned_abs() >= min));
            if lin.ents.len() > before {
                lin.keys.push(k);
                lin.starts.push(lin.ents.len() as u32);
            }
        }
        lin.build_slots();
        lin
    }

    /// Number of features and of non-zero weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.ents.len())
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        put_u32(out, self.n_classes as u32);
        out.extend_from_slice(&self.scale.to_le_bytes());
        put_u32(out, self.keys.len() as u32);
        put_u32(out, self.ents.len() as u32);
        for k in &self.keys {
            out.extend_from_slice(&k.to_le_bytes());
        }
        for w in self.starts.windows(2) {
            out.push((w[1] - w[0]) as u8);
        }
        for e in &self.ents {
            out.push(e.class);
        }
        for e in &self.ents {
            out.extend_from_slice(&e.w.to_le_bytes());
        }
    }

    /// Reads a model's weights; `first` marks the classes [`Scorer::score_first`] must
    /// score (none: empty), which decides the order of classes in the masked layout.
    pub(crate) fn read(r: &mut Reader<'_>, first: &[bool]) -> Result<Linear, String> {
        let n_classes = r.u32()? as usize;
        if n_classes == 0 || n_classes > MAX_CLASSES {
            return Err(format!("{n_classes} classes (expected 1..={MAX_CLASSES})"));
        }
        let scale = f32::from_bits(r.u32()?);
        let n_feats = r.u32()? as usize;
        let n_ents = r.u32()? as usize;
        let keys_b = r.bytes(n_feats.checked_mul(8).ok_or("feature count overflow")?)?;
        let keys: Vec<u64> = keys_b
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        if keys.contains(&0) || keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err("feature keys are not sorted and unique".into());
        }
        let lens = r.bytes(n_feats)?;
        let mut starts = Vec::with_capacity(n_feats + 1);
        let mut acc = 0u32;
        starts.push(0);
        for &l in lens {
            acc += u32::from(l);
            starts.push(acc);
        }
        if acc as usize != n_ents || n_ents >= MAX_ENTS {
            return Err(format!(
                "row lengths sum to {acc}, expected {n_ents} weights"
            ));
        }
        let classes = r.bytes(n_ents)?;
        let ws = r.bytes(n_ents.checked_mul(2).ok_or("weight count overflow")?)?;
        let mut ents = Vec::with_capacity(n_ents);
        for (c, w) in classes.iter().zip(ws.chunks_exact(2)) {
            if *c as usize >= n_classes {
                return Err(format!("class {c} out of range ({n_classes} classes)"));
            }
            ents.push(Ent {
                class: *c,
                w: i16::from_le_bytes([w[0], w[1]]),
            });
        }
        let mut lin = Linear {
            n_classes,
            scale,
            keys,
            starts,
            ents,
            first: first.to_vec(),
            ..Linear::default()
        };
        lin.build_slots();
        Ok(lin)
    }
}

/// One tag of the combined UPOS+XPOS tag set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagName {
    pub upos: String,
    pub xpos: String,
}

/// Everything a trained model holds. See [`crate::Model`] for the public face.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModelData {
    pub train_id: String,
    pub tags: Vec<TagName>,
    pub labels: Vec<String>,
    /// Lower-cased word hash -> hash of the tags seen with it in training.
    pub tagdict: IdMap<u64>,
    pub tagger: Linear,
    pub parser: Linear,
}

impl ModelData {
    /// The whole file: header then body.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut body = Vec::new();
        put_str(&mut body, &self.train_id);
        put_u32(&mut body, self.tags.len() as u32);
        for t in &self.tags {
            put_str(&mut body, &t.upos);
            put_str(&mut body, &t.xpos);
        }
        put_u32(&mut body, self.labels.len() as u32);
        for l in &self.labels {
            put_str(&mut body, l);
        }
        let mut dict: Vec<(u64, u64)> = self.tagdict.iter().map(|(k, v)| (*k, *v)).collect();
        dict.sort_unstable();
        put_u32(&mut body, dict.len() as u32);
        for (k, v) in dict {
            body.extend_from_slice(&k.to_le_bytes());
            body.extend_from_slice(&v.to_le_bytes());
        }
        self.tagger.write(&mut body);
        self.parser.write(&mut body);

        let mut out = Vec::with_capacity(HEADER_LEN + body.len());
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, FORMAT_VERSION);
        put_u32(&mut out, FEATURE_SET);
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(&body).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// Reads a whole model file; `source` names it in errors.
    pub(crate) fn from_bytes(bytes: &[u8], source: &str) -> Result<ModelData, SyntaxError> {
        let err = |k: ErrorKind| SyntaxError::new(k, source);
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return Err(err(ErrorKind::NotAModel));
        }
        let mut h = Reader {
            b: &bytes[8..HEADER_LEN],
            pos: 0,
        };
        let malformed = |m: String| SyntaxError::new(ErrorKind::Malformed(m), source);
        let version = h.u32().map_err(malformed)?;
        if version != FORMAT_VERSION {
            return Err(err(ErrorKind::Version {
                found: version,
                expected: FORMAT_VERSION,
            }));
        }
        let fset = h.u32().map_err(malformed)?;
        if fset != FEATURE_SET {
            return Err(err(ErrorKind::FeatureSet {
                found: fset,
                expected: FEATURE_SET,
            }));
        }
        let len = h.u64().map_err(malformed)?;
        let sum = h.u64().map_err(malformed)?;
        let body = &bytes[HEADER_LEN..];
        if body.len() as u64 != len || checksum(body) != sum {
            return Err(err(ErrorKind::Checksum));
        }
        Self::read_body(body).map_err(malformed)
    }

    fn read_body(body: &[u8]) -> Result<ModelData, String> {
        let mut r = Reader { b: body, pos: 0 };
        let train_id = r.str()?;
        let n_tags = r.u32()? as usize;
        if n_tags == 0 || n_tags > 255 {
            return Err(format!("{n_tags} tags (expected 1..=255)"));
        }
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let upos = r.str()?;
            let xpos = r.str()?;
            tags.push(TagName { upos, xpos });
        }
        let n_labels = r.u32()? as usize;
        if n_labels == 0 || 2 + 2 * n_labels > 255 {
            return Err(format!("{n_labels} dependency labels (expected 1..=126)"));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            labels.push(r.str()?);
        }
        if !labels.iter().any(|l| l == "root") {
            return Err("the label set has no \"root\"".into());
        }
        let n_dict = r.u32()? as usize;
        let mut tagdict = IdMap::default();
        tagdict.reserve(n_dict.min(1 << 22));
        for _ in 0..n_dict {
            let k = r.u64()?;
            let v = r.u64()?;
            tagdict.insert(k, v);
        }
        let tagger = Linear::read(&mut r, &[])?;
        let parser = Linear::read(&mut r, &crate::parser::first_classes(n_labels))?;
        if tagger.n_classes != n_tags {
            return Err(format!(
                "tagger has {} classes for {n_tags} tags",
                tagger.n_classes
            ));
        }
        if parser.n_classes != 2 + 2 * n_labels {
            return Err(format!(
                "parser has {} classes for {n_labels} labels",
                parser.n_classes
            ));
        }
        if r.pos != body.len() {
            return Err(format!(
                "{} trailing bytes after the parser weights",
                body.len() - r.pos
            ));
        }
        Ok(ModelData {
            train_id,
            tags,
            labels,
            tagdict,
            tagger,
            parser,
        })
    }

    /// Reads a model file from disk.
    pub(crate) fn load(path: &Path) -> Result<ModelData, SyntaxError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| SyntaxError::new(ErrorKind::Io(e.to_string()), &name))?;
        Self::from_bytes(&bytes, &name)
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// A bounds-checked little-endian reader: every read past the end is an error.
pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| {
                format!(
                    "truncated: wanted {n} bytes at offset {}, {} left",
                    self.pos,
                    self.b.len() - self.pos
                )
            })?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn u32(&mut self) -> Result<u32, String> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, String> {
        let b = self.bytes(8)?;
        Ok(u64::from_le_bytes([
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
        ]))
    }
    fn str(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| "a label is not UTF-8".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::fmix;

    /// The lookup structures (inline, sparse and dense rows, SIMD or not) add up exactly
    /// what the stored rows say: the scores of a naive sum over `keys`/`ents`.
    ///
    /// Every width of dense row the block-group adder specialises (1 to 8 blocks of 16
    /// classes) and the general loop beyond it (9 and 16 blocks) are covered.
    #[test]
    fn scores_equal_the_naive_sum_over_stored_rows() {
        for n_classes in [104, 5, 20, 40, 60, 70, 90, 120, 140, 256] {
            scores_equal_naive_sum(n_classes);
        }
    }

    fn scores_equal_naive_sum(n_classes: usize) {
        let feats: Vec<(u64, Vec<(u8, f32)>)> = (1..3000u64)
            .map(|k| {
                let h = fmix(k);
                let len = [1, 2, 3, 5, 8, 9, 30, 104][(h % 8) as usize].min(n_classes);
                let mut row: Vec<(u8, f32)> = (0..len)
                    .map(|j| {
                        let c = ((h >> 8) as usize + j * 11) % n_classes;
                        (
                            c as u8,
                            ((fmix(h ^ j as u64) % 2001) as f32 - 1000.0) / 10.0,
                        )
                    })
                    .collect();
                // A feature weighs each class at most once.
                row.sort_by_key(|e| e.0);
                row.dedup_by_key(|e| e.0);
                (h | 1, row)
            })
            .collect();
        let mut lin = Linear::from_weights(n_classes, feats, 1);
        lin.build(false);
        assert_eq!(
            lin.dense.is_empty(),
            n_classes < DENSE_MIN,
            "some rows are dense"
        );
        let keys_of = |t: u64| -> Vec<u64> {
            // Mostly present keys, some absent, some repeated; more than one chunk.
            (0..(t % 150 + 1))
                .map(|j| {
                    let k = fmix(t * 1000 + j);
                    if k.is_multiple_of(5) {
                        k | 1
                    } else {
                        fmix(k % 2999 + 1) | 1
                    }
                })
                .collect()
        };
        for t in 0..200u64 {
            let keys = keys_of(t);
            let mut got = vec![0f32; n_classes];
            lin.score(&keys, &mut got);
            let want = naive_sum(&lin, &keys);
            assert_eq!(got, want, "{n_classes} classes, feature set {t}");
            // The portable path too (`score` takes the AVX2 one where the CPU has it).
            let mut acc: Acc = [[0; LANES]; MAX_CLASSES / LANES];
            lin.accumulate(&keys, &mut acc);
            let portable: Vec<f32> = acc.as_flattened()[..n_classes]
                .iter()
                .map(|&a| a as f32)
                .collect();
            assert_eq!(
                portable, want,
                "{n_classes} classes, feature set {t}, portable path"
            );
        }
        // The masked layout, where this CPU has it (and the classes fit): every score, and
        // with a set of classes put first, those classes' scores.
        for first in [vec![], (0..n_classes).map(|c| c % 3 != 1).collect()] {
            lin.first = first;
            lin.build(true);
            if !lin.masked {
                eprintln!("masked layout not tested for {n_classes} classes on this CPU");
                return;
            }
            for t in 0..200u64 {
                let keys = keys_of(t);
                let want = naive_sum(&lin, &keys);
                let mut got = vec![0f32; n_classes];
                lin.score(&keys, &mut got);
                assert_eq!(got, want, "{n_classes} classes, feature set {t}, masked");
                let mut got = vec![0f32; n_classes];
                lin.score_first(&keys, &mut got);
                for (c, (g, w)) in got.iter().zip(&want).enumerate() {
                    if lin.first.is_empty() || lin.first[c] {
                        assert_eq!(g, w, "{n_classes} classes, set {t}, class {c}, first");
                    } else {
                        assert_eq!(*g, f32::NEG_INFINITY, "class {c} is not scored first");
                    }
                }
            }
        }
    }

    /// The scores of a naive sum over the stored rows (`keys`, `starts`, `ents`).
    fn naive_sum(lin: &Linear, keys: &[u64]) -> Vec<f32> {
        let mut s = vec![0f32; lin.n_classes];
        for k in keys {
            if let Ok(i) = lin.keys.binary_search(k) {
                let (a, b) = (lin.starts[i] as usize, lin.starts[i + 1] as usize);
                for e in &lin.ents[a..b] {
                    s[e.class as usize] += f32::from(e.w);
                }
            }
        }
        s
    }
}
