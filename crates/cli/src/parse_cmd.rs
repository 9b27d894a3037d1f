//! `sitrep parse`: the tagger's and parser's analysis of a text, as CoNLL-U (for any UD
//! tool) or as an indented tree (for a person reading a terminal), so that rule writers
//! can see why a rule did or did not fire.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use sitrep_syntax::conllu::{Sentence, write_conllu};
use sitrep_syntax::{Model, sentence_words};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum ParseFormat {
    /// CoNLL-U, with each word's byte range in the input in MISC (`TokenRange=start:end`).
    Conllu,
    /// One line per word, indented under its head.
    Table,
}

#[derive(Args)]
pub struct ParseArgs {
    /// Plain-text file to analyse ("-" or none: stdin).
    file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseFormat::Conllu)]
    format: ParseFormat,
    /// A model file to use instead of the built-in one.
    #[arg(long)]
    model: Option<PathBuf>,
}

pub fn run(args: ParseArgs) -> Result<ExitCode> {
    let loaded;
    let model: &Model = match &args.model {
        Some(p) => {
            loaded = Model::load(p)?;
            &loaded
        }
        None => Model::builtin().map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let text = match args.file.as_deref() {
        Some(p) if p != Path::new("-") => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading stdin")?;
            s
        }
    };
    let an = sitrep_text::analyze(&text);
    let mut analyser = model.analyser();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (si, s) in an.sentences.iter().enumerate() {
        let words = sentence_words(&text, &an, s.tok_start, s.tok_end);
        if words.is_empty() {
            continue;
        }
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        // As extraction reads news: edited text (no lower-case proper nouns). The names the
        // knowledge base knows are not marked here.
        let mut a = sitrep_syntax::Analysis::default();
        analyser.analyse_names(&forms, &vec![false; forms.len()], &mut a);
        let mut sent = a.to_sentence(model, &forms);
        sent.sent_id = Some((si + 1).to_string());
        sent.text = text
            .get(s.start..s.end)
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        for (w, u) in sent.words.iter_mut().zip(&words) {
            w.misc = format!("TokenRange={}:{}", u.start, u.end);
        }
        match args.format {
            ParseFormat::Conllu => {
                out.write_all(write_conllu(std::slice::from_ref(&sent)).as_bytes())?
            }
            ParseFormat::Table => write_table(&mut out, &sent)?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The sentence as a tree: each word under its head, with label, UPOS and lemma.
fn write_table(out: &mut impl Write, s: &Sentence) -> Result<()> {
    writeln!(out, "# {}", s.text.as_deref().unwrap_or(""))?;
    let n = s.words.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (i, w) in s.words.iter().enumerate() {
        if w.head <= n {
            children[w.head].push(i + 1);
        }
    }
    // Depth-first from the root, in word order; a visited set guards against cycles.
    let mut seen = vec![false; n + 1];
    let mut stack: Vec<(usize, usize)> = children[0].iter().rev().map(|&c| (c, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        let w = &s.words[i - 1];
        writeln!(
            out,
            "{:3} {}{:<w$} {:<12} {:<6} {}",
            i,
            "  ".repeat(depth),
            w.form,
            w.deprel,
            w.upos,
            w.lemma,
            w = 20usize.saturating_sub(2 * depth).max(1)
        )?;
        for &c in children[i].iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    writeln!(out)?;
    Ok(())
}
