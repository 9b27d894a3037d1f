//! The embedded gazetteer, read lazily: `build.rs` unpacks `places.tsv`, records where each
//! row starts and maps ids to rows, so start-up parses nothing; a row becomes a [`Place`]
//! the first time something asks for it (a lookup touches a handful of rows).

use std::sync::{Arc, OnceLock};

use crate::types::{Feature, Place};

static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/places.tsv"));
/// Byte offset of each data row in [`TEXT`], `u32` little-endian.
static ROWS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.rows"));
/// Place id → row.
static IDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/places.ids.fst"));

/// Rows of the embedded gazetteer, parsed on first access.
pub(crate) struct Embedded {
    ids: fst::Map<&'static [u8]>,
    cells: Vec<OnceLock<Option<Place>>>,
}

impl std::fmt::Debug for Embedded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Embedded({} places)", self.cells.len())
    }
}

impl Embedded {
    pub(crate) fn load() -> Option<Embedded> {
        let ids = fst::Map::new(IDS).ok()?;
        let n = ROWS.len() / 4;
        let mut cells = Vec::with_capacity(n);
        cells.resize_with(n, OnceLock::new);
        Some(Embedded { ids, cells })
    }

    pub(crate) fn len(&self) -> u32 {
        self.cells.len() as u32
    }

    fn line(i: u32) -> Option<&'static str> {
        let at = |k: usize| -> Option<usize> {
            let b = ROWS.get(k * 4..k * 4 + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let start = at(i as usize)?;
        let rest = TEXT.get(start..)?;
        Some(rest.split('\n').next().unwrap_or(rest))
    }

    /// Row `i` as a place (`None` past the end).
    pub(crate) fn get(&self, i: u32) -> Option<&Place> {
        self.cells
            .get(i as usize)?
            .get_or_init(|| Embedded::line(i).and_then(parse_line))
            .as_ref()
    }

    /// Row `i`, parsed now, for amending by a later file.
    pub(crate) fn get_mut(&mut self, i: u32) -> Option<&mut Place> {
        let cell = self.cells.get_mut(i as usize)?;
        cell.get_or_init(|| Embedded::line(i).and_then(parse_line));
        cell.get_mut()?.as_mut()
    }

    /// The alternates column of row `i`, `|`-separated.
    pub(crate) fn alternates(i: u32) -> &'static str {
        Embedded::line(i)
            .and_then(|l| l.split('\t').nth(9))
            .unwrap_or("")
    }

    pub(crate) fn row_of(&self, id: &str) -> Option<u32> {
        self.ids.get(id).map(|v| v as u32)
    }
}

/// One row of the columns `build.rs` checked: id name country admin1 admin2 feature lat lon
/// population alternates. The build script validated every field, so `None` here means a
/// packaging bug, and the row is simply absent.
fn parse_line(line: &'static str) -> Option<Place> {
    let mut f = line.split('\t');
    let id = f.next()?;
    let name = f.next()?;
    let country = f.next()?;
    let admin1 = f.next()?;
    let admin2 = f.next()?;
    let feature = Feature::parse(f.next()?)?;
    let lat = f.next()?.parse().ok()?;
    let lon = f.next()?.parse().ok()?;
    let population = f.next()?.parse().unwrap_or(0);
    let opt = |s: &str| (!s.is_empty()).then(|| Arc::<str>::from(s));
    Some(Place {
        id: id.to_string(),
        name: name.to_string(),
        country: Arc::from(country),
        admin1: opt(admin1),
        admin2: opt(admin2),
        feature,
        lat,
        lon,
        population,
    })
}
