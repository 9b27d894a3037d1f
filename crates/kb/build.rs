//! Prepares the embedded gazetteer at build time, so that start-up costs nothing for it:
//! - unpacks `data/kb/places.tsv.gz` into `OUT_DIR/places.tsv` (embedded as text: the loader
//!   reads its records);
//! - folds every name of every row (name, Latin alternates, the derived "X region" /
//!   "X district" forms of regions) and writes an `fst` map from folded name to a run of
//!   postings, plus the postings (`u32` little-endian: row index in the low 28 bits, name
//!   flags in the top 4), so that a lookup is one walk of a static automaton.
//!
//! - files every name of that map again under its consonant key (`src/spelling.rs`), as
//!   `key 0x00 name` → the same value, so that a spelling search reads one key's names.
//!
//! The fold is the crate's own (`src/fold.rs`, included here), so build and run time agree.
//! Row indices follow the loader: data rows of `places.tsv` in file order, which is the order
//! `Data::add_place` appends them (the embedded file is the first place file loaded and its
//! ids are unique, which this script checks).

#[allow(dead_code)]
#[path = "src/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/spelling.rs"]
mod spelling;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

/// Name-form flags, as in `src/lib.rs`.
const PRIMARY: u32 = 1;
const ACRONYM: u32 = 2;
include!("src/name_forms.rs");

fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| *c != '.').count();
    (2..=6).contains(&letters)
        && name
            .chars()
            .all(|c| c == '.' || c.is_uppercase() || c.is_ascii_digit())
        && name.chars().any(char::is_alphabetic)
}

fn key(name: &str) -> String {
    let f = fold::fold(name);
    match f.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => f,
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let src = manifest.join("../../data/kb/places.tsv.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/fold.rs");
    println!("cargo:rerun-if-changed=src/spelling.rs");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/name_forms.rs");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));

    let mut text = String::new();
    let f = std::fs::File::open(&src).expect("data/kb/places.tsv.gz is part of the repository");
    flate2::read::GzDecoder::new(f)
        .read_to_string(&mut text)
        .expect("places.tsv.gz is valid gzip of UTF-8");
    std::fs::write(out.join("places.tsv"), &text).expect("write OUT_DIR/places.tsv");

    // data lines with their byte offsets (the runtime reads rows lazily by offset)
    let mut lines = {
        let mut at = 0usize;
        text.split('\n')
            .map(move |l| {
                let start = at;
                at += l.len() + 1;
                (start, l)
            })
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
    };
    let header: Vec<&str> = lines.next().expect("a header line").1.split('\t').collect();
    assert_eq!(
        header,
        [
            "id",
            "name",
            "country",
            "admin1",
            "admin2",
            "feature",
            "lat",
            "lon",
            "population",
            "alternates"
        ],
        "places.tsv columns (src/embedded.rs reads them in this order)"
    );
    assert!(!text.contains('\r'), "places.tsv has Unix line ends");
    let col = |name: &str| {
        header
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("places.tsv has no column {name}"))
    };
    let (c_id, c_name, c_feat, c_alts) =
        (col("id"), col("name"), col("feature"), col("alternates"));

    let mut map: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut add = |name: &str, row: u32, flags: u32| {
        let k = key(name);
        if k.is_empty() {
            return;
        }
        let mut flags = flags;
        if is_acronym(name) {
            flags |= ACRONYM;
        }
        let v = map.entry(k).or_default();
        if let Some(e) = v.iter_mut().find(|e| **e & 0x0fff_ffff == row) {
            // the same place under two spellings: keep the stronger reading
            let old = *e >> 28;
            let merged = ((old | flags) & PRIMARY) | (old & flags & ACRONYM);
            *e = row | (merged << 28);
        } else {
            v.push(row | (flags << 28));
        }
    };
    let mut ids = BTreeMap::new();
    let mut offsets: Vec<u8> = Vec::new();
    let mut max_tokens = 1usize;
    let mut rows = 0u32;
    for (start, line) in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let row = rows;
        rows += 1;
        offsets.extend_from_slice(&(start as u32).to_le_bytes());
        assert!(
            ids.insert(get(c_id).to_string(), row).is_none(),
            "duplicate id {}",
            get(c_id)
        );
        // what the lazy reader assumes: valid numbers and kinds, no padding
        assert_eq!(f.len(), 10, "row {row}: 10 fields");
        assert!(
            f.iter().all(|x| x.trim() == *x),
            "row {row}: untrimmed field"
        );
        let lat: f64 = get(6).parse().expect("lat is a number");
        let lon: f64 = get(7).parse().expect("lon is a number");
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        assert!(
            get(8).is_empty() || get(8).parse::<u64>().is_ok(),
            "row {row}: population"
        );
        assert!(
            matches!(
                get(5),
                "city" | "admin1" | "admin2" | "region" | "facility" | "water"
            ),
            "row {row}: feature"
        );
        assert!(
            !get(1).is_empty() && !get(2).is_empty(),
            "row {row}: name and country"
        );
        let name = get(c_name);
        let alts: Vec<&str> = get(c_alts).split('|').filter(|a| !a.is_empty()).collect();
        for n in std::iter::once(name).chain(alts.iter().copied()) {
            max_tokens = max_tokens.max(key(n).split(' ').count());
        }
        add(name, row, PRIMARY);
        for a in &alts {
            add(a, row, 0);
        }
        let forms = match get(c_feat) {
            "admin1" => REGION_FORMS,
            "admin2" => DISTRICT_FORMS,
            _ => &[][..],
        };
        if !forms.is_empty() {
            for (k, n) in std::iter::once(name)
                .chain(alts.iter().copied().take(8))
                .enumerate()
            {
                let folded = fold::fold(n);
                let base = match folded.rsplit_once(' ') {
                    Some((b, last)) if REGION_WORDS.contains(&last) => b.to_string(),
                    _ => folded,
                };
                // "Cabo Delgado" for "Cabo Delgado Province"
                add(&base, row, if k == 0 { PRIMARY } else { 0 });
                // "Seno" for "Province du Séno"
                if let Some(rest) = strip_region_prefix(&base) {
                    // not the canonical name: the text's spelling names the place
                    add(rest, row, 0);
                }
                for form in forms {
                    let derived = format!("{base} {form}");
                    max_tokens = max_tokens.max(derived.split(' ').count());
                    add(&derived, row, if k == 0 { PRIMARY } else { 0 });
                }
            }
        }
    }

    let mut postings: Vec<u8> = Vec::new();
    let mut builder = fst::MapBuilder::new(Vec::new()).expect("fst builder");
    let mut count = 0u32;
    for (k, v) in &map {
        let offset = (postings.len() / 4) as u64;
        for e in v {
            postings.extend_from_slice(&e.to_le_bytes());
            count += 1;
        }
        builder
            .insert(k, (offset << 20) | v.len().min(0xf_ffff) as u64)
            .expect("keys come sorted from the BTreeMap");
    }
    let fst_bytes = builder.into_inner().expect("fst finish");
    // the spelling index: the same names and values, under their consonant keys
    let mut spelled: Vec<(Vec<u8>, u64)> = Vec::new();
    {
        let names = fst::Map::new(&fst_bytes[..]).expect("the fst just built");
        let mut stream = fst::IntoStreamer::into_stream(&names);
        while let Some((k, v)) = fst::Streamer::next(&mut stream) {
            let name = std::str::from_utf8(k).expect("keys are strings");
            let ck = spelling::consonant_key(name);
            if ck.chars().count() < spelling::MIN_CONSONANTS {
                continue;
            }
            let mut key = ck.into_bytes();
            key.push(spelling::KEY_END);
            key.extend_from_slice(k);
            spelled.push((key, v));
        }
    }
    spelled.sort_unstable();
    let mut sb = fst::MapBuilder::new(Vec::new()).expect("fst builder");
    for (k, v) in &spelled {
        sb.insert(k, *v).expect("sorted, distinct keys");
    }
    std::fs::write(
        out.join("places.spelled.fst"),
        sb.into_inner().expect("fst finish"),
    )
    .expect("write places.spelled.fst");
    let mut idb = fst::MapBuilder::new(Vec::new()).expect("fst builder");
    for (id, row) in &ids {
        idb.insert(id, u64::from(*row)).expect("sorted ids");
    }
    std::fs::write(
        out.join("places.ids.fst"),
        idb.into_inner().expect("fst finish"),
    )
    .expect("write ids");
    std::fs::write(out.join("places.rows"), &offsets).expect("write rows");
    std::fs::write(out.join("places.fst"), fst_bytes).expect("write places.fst");
    std::fs::write(out.join("places.postings"), &postings).expect("write postings");
    let mut meta = std::fs::File::create(out.join("places_meta.rs")).expect("write meta");
    writeln!(
        meta,
        "/// Data rows of the embedded places.tsv.\n#[allow(dead_code)]\npub(crate) const EMBEDDED_PLACE_ROWS: u32 = {rows};\n\
         /// Longest embedded place name, in folded words.\npub(crate) const EMBEDDED_MAX_TOKENS: usize = {max_tokens};\n\
         /// Postings in places.postings.\n#[allow(dead_code)]\npub(crate) const EMBEDDED_POSTINGS: u32 = {count};"
    )
    .expect("write meta");
}
