//! Prints the linguistic layer of a text (tokens with tags and lemmas, chunks), for rule writers.
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let an = sitrep_text::analyze(&text);
    for (si, s) in an.sentences.iter().enumerate() {
        println!("# sentence {si} caption={} para={}", s.caption, s.paragraph);
        let line: Vec<String> = an.tokens[s.tok_start..s.tok_end]
            .iter()
            .map(|t| format!("{}/{:?}/{}", t.norm, t.tag, t.lemma))
            .collect();
        println!("{}", line.join(" "));
        for c in an
            .chunks
            .iter()
            .filter(|c| c.tok_start >= s.tok_start && c.tok_end <= s.tok_end)
        {
            let words: Vec<&str> = an.tokens[c.tok_start..c.tok_end]
                .iter()
                .map(|t| t.norm.as_str())
                .collect();
            println!(
                "  {:?} [{}] {:?} {:?} neg={}",
                c.kind,
                words.join(" "),
                c.voice,
                c.tense,
                c.negated
            );
        }
    }
}
