//! Prints how long the embedded knowledge base takes to parse and to index.
//! Run with `cargo run --release -p sitrep-kb --example load_time`.

use std::time::Instant;

fn main() -> Result<(), sitrep_kb::KbError> {
    let t0 = Instant::now();
    let kb = sitrep_kb::Kb::load_default()?;
    let parsed = t0.elapsed();
    kb.warm();
    let total = t0.elapsed();
    let t1 = Instant::now();
    let mut n = 0usize;
    for _ in 0..10_000 {
        for q in [
            "Kremlin",
            "Zelenskiy",
            "Sergey Lavrov",
            "Miami",
            "U.S.",
            "the United Nations",
            "Kharkov region",
        ] {
            n += kb.lookup(q).len();
        }
    }
    let per = t1.elapsed().as_nanos() as f64 / 70_000.0;
    println!(
        "parse {:.1} ms, parse+index {:.1} ms; {} countries, {} orgs, {} places, {} people; \
         max phrase {} tokens; lookup {:.0} ns avg ({n} hits)",
        parsed.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3,
        kb.countries().len(),
        kb.orgs().len(),
        kb.place_count(),
        kb.people().len(),
        kb.max_phrase_tokens(),
        per
    );
    Ok(())
}
