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
/// Kind words that open a region's name in GeoNames' local spelling ("Province du Séno",
/// "Departamento de Lempira", "City of Tshwane"), folded: reports name the region without
/// them ("Dori, Seno"), so the rest of the name is indexed too.
const REGION_PREFIXES: &[&str] = &[
    "province du ",
    "province de la ",
    "province de l ",
    "province des ",
    "province de ",
    "province of ",
    "departement du ",
    "departement de ",
    "departamento de ",
    "departamento del ",
    "municipio de ",
    "provincia de ",
    "provincia di ",
    "provincia del ",
    "partido de ",
    "distrito de ",
    "prefecture de ",
    "cercle de ",
    "arrondissement de ",
    "region de ",
    "daira de ",
    "city of ",
    "commune of ",
    "municipality of ",
];

/// A folded region name without its opening kind words, when it has them.
#[allow(dead_code)]
fn strip_region_prefix(folded: &str) -> Option<&str> {
    REGION_PREFIXES
        .iter()
        .find_map(|p| folded.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
}
