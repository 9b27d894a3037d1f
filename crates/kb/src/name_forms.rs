// The region-name word lists, shared by the build script (which indexes the embedded gazetteer)
// and the loader (which indexes user overlay files): `build.rs` includes this file with
// `include!`, so both derive exactly the same name forms from one list.

/// Admin1 name endings that the derived forms replace ("Kursk Oblast" → "Kursk region").
const REGION_WORDS: &[&str] = &[
    "oblast",
    "region",
    "province",
    "governorate",
    "kray",
    "krai",
    "republic",
    "prefecture",
    "city",
    "district",
    "state",
    "county",
];
/// Derived forms of an admin1 name.
const REGION_FORMS: &[&str] = &["region", "oblast", "province", "governorate", "state"];
/// Derived forms of an admin2 name.
const DISTRICT_FORMS: &[&str] = &["district", "county"];
