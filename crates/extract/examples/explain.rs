//! Runs extraction on one text with the shipped knowledge base and prints the layers:
//! `cargo run -p sitrep-extract --example explain -- "TEXT" [YYYY-MM-DD]`.
use sitrep_extract::{Extractor, Rules};
use sitrep_model::Document;

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let published = args
        .next()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let (Ok(rules), Ok(kb)) = (Rules::builtin(), sitrep_kb::Kb::load_default()) else {
        eprintln!("cannot load rules or knowledge base");
        return;
    };
    let ex = Extractor::new(rules, kb);
    let doc = Document {
        id: "x".into(),
        published,
        text: text.clone(),
        ..Document::default()
    };
    let an = sitrep_text::analyze(&text);
    for s in &an.sentences {
        let line: Vec<String> = an.tokens[s.tok_start..s.tok_end]
            .iter()
            .map(|t| format!("{}/{:?}", t.norm, t.tag))
            .collect();
        println!("{}", line.join(" "));
        for c in an.chunks.iter().filter(|c| {
            c.tok_start >= s.tok_start
                && c.tok_end <= s.tok_end
                && c.kind == sitrep_model::ChunkKind::Verb
        }) {
            let w: Vec<&str> = an.tokens[c.tok_start..c.tok_end]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            println!(
                "  VG [{}] {:?} {:?} neg={}",
                w.join(" "),
                c.voice,
                c.tense,
                c.negated
            );
        }
    }
    let out = ex.extract_analysed(&doc, &an);
    for e in &out.entities {
        println!("ENTITY {} {:?} {:?} {:?}", e.id, e.kind, e.country, e.roles);
    }
    for e in &out.events {
        let a: Vec<String> = e
            .actors
            .iter()
            .map(|p| format!("{}[{}]", p.name, p.country.clone().unwrap_or_default()))
            .collect();
        let r: Vec<String> = e
            .recipients
            .iter()
            .map(|p| format!("{}[{}]", p.name, p.country.clone().unwrap_or_default()))
            .collect();
        println!(
            "EVENT {} {:?} aux={:?} {} -> {} loc={:?} date={:?} mag={:?} claim={:?} rule={}",
            e.event_type,
            e.mode,
            e.aux,
            a.join(", "),
            r.join(", "),
            e.location.as_ref().map(|l| (&l.name, &l.country)),
            e.date.as_ref().map(|d| (d.start, d.end, &d.text)),
            e.magnitude
                .iter()
                .map(|m| format!("{}={:?}{}", m.measure, m.count, m.unit))
                .collect::<Vec<_>>(),
            e.claimed_by.iter().map(|c| &c.name).collect::<Vec<_>>(),
            e.rule
        );
    }
}
