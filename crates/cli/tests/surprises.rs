//! The command line without surprises: what a new user hit on a fresh clone, each on the real
//! binary with files written here (invented text).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .output()
        .expect("run sitrep")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn lines_json(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

const REPORT: &str =
    "Kenyan police arrested at least 30 protesters in Nairobi on Sunday, officials said.";
const REPORT2: &str =
    "Russian forces launched 40 drones at Kharkiv overnight, the Ukrainian air force said.";

#[test]
fn text_files_keep_their_names_duplicates_are_read_once_binaries_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("nairobi-arrests.txt"), REPORT).expect("write");
    std::fs::write(d.join("copy-of-arrests.txt"), REPORT).expect("write");
    std::fs::write(d.join("kharkiv.txt"), REPORT2).expect("write");
    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n".to_vec();
    pdf.extend([0u8, 1, 2, 3]);
    std::fs::write(d.join("scan.pdf"), pdf).expect("write");
    let out = run(
        d,
        &[
            "extract",
            "nairobi-arrests.txt",
            "copy-of-arrests.txt",
            "scan.pdf",
            "kharkiv.txt",
            "--published",
            "2026-05-04T10:00:00Z",
            "--format",
            "jsonl",
            "--entities",
            "ent.jsonl",
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a binary input fails the run: {err}"
    );
    assert!(
        err.contains("scan.pdf") && err.contains("PDF"),
        "the binary is named: {err}"
    );
    assert!(
        err.contains("copy-of-arrests.txt")
            && err.contains("same text as document nairobi-arrests"),
        "the duplicate gets a notice: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let recs = lines_json(&out);
    let docs: Vec<&str> = recs
        .iter()
        .filter(|r| r["record"] == "event")
        .flat_map(|r| r["evidence"].as_array().into_iter().flatten())
        .filter_map(|e| e["doc"].as_str())
        .collect();
    assert!(docs.contains(&"nairobi-arrests"), "{docs:?}");
    assert!(docs.contains(&"kharkiv"), "{docs:?}");
    assert!(!docs.contains(&"copy-of-arrests"), "{docs:?}");
    // The ISO timestamp anchored "on Sunday" (2026-05-03).
    let arrest = recs
        .iter()
        .find(|r| r["evidence"][0]["doc"] == "nairobi-arrests")
        .expect("an event from the text file");
    assert_eq!(arrest["date"]["start"], "2026-05-03", "{arrest}");
}

#[test]
fn published_takes_iso_times_and_errors_name_the_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("a.txt"), REPORT).expect("write");
    for ok in [
        "2026-11-17T10:00:00Z",
        "2026-11-17T23:30:00-05:00",
        "2026-11-17",
    ] {
        let out = run(
            d,
            &["extract", "a.txt", "--published", ok, "--format", "jsonl"],
        );
        assert!(out.status.success(), "{ok}: {}", text(&out.stderr));
    }
    let out = run(d, &["extract", "a.txt", "--published", "next week"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("accepted")
            && err.contains("2026-11-17T10:00:00Z")
            && err.contains("RFC 2822"),
        "{err}"
    );
    // Without a date: one warning, however many documents.
    std::fs::write(d.join("b.txt"), REPORT2).expect("write");
    let out = run(d, &["extract", "a.txt", "b.txt", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(
        err.matches("relative dates").count(),
        1,
        "one warning about undated text: {err}"
    );
    assert!(err.contains("--published"), "{err}");
}

#[test]
fn out_extension_picks_the_format_unless_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("a.txt"), REPORT).expect("write");
    let args = |out: &str| {
        vec![
            "extract".to_string(),
            "a.txt".into(),
            "--published".into(),
            "2026-05-04".into(),
            "--out".into(),
            out.into(),
        ]
    };
    let ok = |out: &str| {
        let a = args(out);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = run(d, &a);
        assert!(o.status.success(), "{out}: {}", text(&o.stderr));
        std::fs::read(d.join(out)).expect("written")
    };
    assert!(ok("e.csv").starts_with(b"id,type,mode,context,"));
    assert!(ok("e.json").starts_with(b"[\n  {\n    \"record\": \"event\""));
    assert!(ok("e.jsonl").starts_with(b"{\"record\":\"event\""));
    assert!(ok("e.parquet").starts_with(b"PAR1"));
    let o = run(d, &["extract", "a.txt", "--out", "e.xyz"]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains(".parquet"), "{}", text(&o.stderr));
}

#[test]
fn future_tense_weekdays_resolve_forward_and_past_ones_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // 2026-05-06 is a Wednesday.
    std::fs::write(
        d.join("vote.txt"),
        "Kenya will hold talks with Uganda on Friday, officials said.",
    )
    .expect("write");
    std::fs::write(
        d.join("met.txt"),
        "The foreign ministers of France and Germany met in Berlin on Friday.",
    )
    .expect("write");
    let out = run(
        d,
        &[
            "extract",
            "vote.txt",
            "met.txt",
            "--published",
            "2026-05-06",
            "--format",
            "jsonl",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let recs = lines_json(&out);
    let date_of = |doc: &str| {
        recs.iter()
            .filter(|r| r["record"] == "event")
            .find(|r| r["evidence"][0]["doc"] == doc)
            .map(|r| r["date"]["start"].clone())
    };
    assert_eq!(
        date_of("met"),
        Some(serde_json::json!("2026-05-01")),
        "past tense: the Friday before"
    );
    assert_eq!(
        date_of("vote"),
        Some(serde_json::json!("2026-05-08")),
        "future tense: the Friday after; {recs:?}"
    );
}

/// A reader that stops after the first line: the command ends quietly (no panic, no error).
fn stops_quietly(dir: &Path, args: &[&str]) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).expect("read");
    // The pipe is closed here (the reader dropped).
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert!(!first.is_empty(), "{args:?} wrote nothing");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert!(!err.contains("error"), "{args:?}: {err}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert!(
            status.success() || status.signal() == Some(13),
            "{args:?}: {status:?} {err}"
        );
    }
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // Enough output that the reader leaves while the command still writes.
    let mut corpus = String::new();
    for i in 0..400 {
        corpus.push_str(
            &serde_json::json!({"id": format!("p{i}"), "published": "2026-05-06",
                "text": format!("{REPORT2} Officials counted {i} drones in Kharkiv.")})
            .to_string(),
        );
        corpus.push('\n');
    }
    std::fs::write(d.join("c.jsonl"), &corpus).expect("write");
    let ingest = run(d, &["ingest", "c.jsonl", "--db", "c.db", "--quiet"]);
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    stops_quietly(d, &["extract", "c.jsonl", "--format", "jsonl", "--quiet"]);
    stops_quietly(d, &["bench", "c.jsonl", "--quiet"]);
    stops_quietly(d, &["timeline", "--db", "c.db", "--format", "jsonl"]);
    stops_quietly(d, &["export", "--db", "c.db", "--format", "csv"]);
    stops_quietly(d, &["demo", "--format", "jsonl"]);
    stops_quietly(d, &["--help"]);
}

#[test]
fn help_lists_every_subcommand() {
    let out = run(Path::new("."), &["help"]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for sub in [
        "extract",
        "eval",
        "entities",
        "kb",
        "demo",
        "bench",
        "ingest",
        "timeline",
        "events",
        "actors",
        "stats",
        "export",
        "search",
        "store-bench",
        "serve",
        "parse",
        "watch",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{sub} "))),
            "`sitrep help` lacks {sub}:\n{help}"
        );
    }
}

#[test]
fn serve_refuses_a_missing_store_and_names_a_busy_port() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let out = run(d, &["serve", "--db", "missing.db", "--bind", "127.0.0.1:0"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("missing.db") && err.contains("no such store"),
        "{err}"
    );
    assert!(!d.join("missing.db").exists(), "no empty store was created");

    std::fs::write(d.join("a.txt"), REPORT).expect("write");
    let ingest = run(
        d,
        &[
            "ingest",
            "a.txt",
            "--db",
            "s.db",
            "--published",
            "2026-05-04",
        ],
    );
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    // Counts read as English: one document is "1 document".
    let said = text(&ingest.stderr);
    assert!(
        said.contains("holds 1 document,") && !said.contains("1 documents"),
        "{said}"
    );
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = busy.local_addr().expect("addr").port().to_string();
    let bind = format!("127.0.0.1:{port}");
    let out = run(d, &["serve", "--db", "s.db", "--bind", &bind]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "one clear message: {err}");
    assert!(errors[0].contains(&port), "{err}");
}

#[test]
fn timeline_and_search_show_full_ids_limit_exactly_and_parse_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let docs = [
        (
            "k1",
            "2026-05-06",
            "Russian forces launched 40 drones at Kharkiv overnight, the Ukrainian air force said.",
        ),
        (
            "k2",
            "2026-05-07",
            "Russian forces launched 12 missiles at Odesa overnight, the Ukrainian navy said.",
        ),
        (
            "k3",
            "2026-05-08",
            "Kenyan police arrested at least 30 protesters in Nairobi on Sunday, officials said.",
        ),
        (
            "k4",
            "2026-05-09",
            "The foreign ministers of France and Germany met in Berlin on Monday to discuss air defence.",
        ),
    ];
    let mut s = String::new();
    for (id, date, t) in docs {
        s.push_str(&serde_json::json!({"id": id, "published": date, "text": t}).to_string());
        s.push('\n');
    }
    std::fs::write(d.join("k.jsonl"), s).expect("write");
    let ingest = run(d, &["ingest", "k.jsonl", "--db", "k.db", "--quiet"]);
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));

    let out = run(
        d,
        &[
            "timeline", "--db", "k.db", "--format", "table", "--limit", "2",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "--limit 2 gives 2 rows:\n{table}");
    for r in rows {
        let id = r.split_whitespace().next().unwrap_or_default();
        let shown = run(d, &["events", "--db", "k.db", "--id", id]);
        assert!(
            shown.status.success(),
            "id {id:?} from the table is whole: {table}"
        );
    }

    let hits = |q: &[&str], limit: &str| -> Vec<serde_json::Value> {
        let mut a = vec![
            "search", "--db", "k.db", "--format", "jsonl", "--limit", limit,
        ];
        a.extend(q);
        let out = run(d, &a);
        if text(&out.stderr).contains("no match") {
            return Vec::new();
        }
        assert!(out.status.success(), "{q:?}: {}", text(&out.stderr));
        lines_json(&out)
    };
    let docs_of = |hs: &[serde_json::Value]| {
        let mut v: Vec<String> = hs
            .iter()
            .filter_map(|h| h["doc"].as_str().map(str::to_string))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // Each document matches in its text and its evidence: 2 hits each, cut exactly.
    assert_eq!(hits(&["launched"], "3").len(), 3);
    assert_eq!(docs_of(&hits(&["launched"], "20")), ["k1", "k2"]);
    assert_eq!(
        docs_of(&hits(&["Kharkiv", "OR", "Nairobi"], "20")),
        ["k1", "k3"]
    );
    assert_eq!(docs_of(&hits(&["launched", "NOT", "Odesa"], "20")), ["k1"]);
    assert_eq!(docs_of(&hits(&["\"air defence\""], "20")), ["k4"]);
    assert!(docs_of(&hits(&["\"defence air\""], "20")).is_empty());
    // The search table shows event ids in full too: each one opens with `events --id`.
    let out = run(
        d,
        &["search", "--db", "k.db", "--format", "table", "launched"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let ids: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|r| r.split_whitespace().next())
        .filter(|id| id.starts_with("ev_"))
        .collect();
    assert!(
        !ids.is_empty(),
        "no evidence hit in the search table:\n{table}"
    );
    for id in ids {
        let shown = run(d, &["events", "--db", "k.db", "--id", id]);
        assert!(
            shown.status.success(),
            "id {id:?} from the search table is whole: {table}"
        );
    }
    let out = run(d, &["search", "--db", "k.db", "NOT", "Kyiv"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("NOT needs a word"),
        "{}",
        text(&out.stderr)
    );
}

/// A sentence whose attacker is a mention ("Moscow's forces") of an entity with another name.
const MENTION: &str =
    "Moscow's forces shelled Kharkiv on Monday, killing three people, Ukrainian officials said.";

#[test]
fn tables_and_actors_show_canonical_names_while_records_keep_the_mention() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("kharkiv-shelling.txt"), MENTION).expect("write");
    let args = |format: &str| {
        vec![
            "extract".to_string(),
            "kharkiv-shelling.txt".into(),
            "--published".into(),
            "2026-11-18".into(),
            "--format".into(),
            format.into(),
        ]
    };
    let jsonl = Command::new(BIN)
        .args(args("jsonl"))
        .args(["--entities", "ent.jsonl"])
        .current_dir(d)
        .stdin(Stdio::null())
        .output()
        .expect("run sitrep");
    assert!(jsonl.status.success(), "{}", text(&jsonl.stderr));
    let events = lines_json(&jsonl);
    let ents: std::collections::HashMap<String, String> =
        std::fs::read_to_string(d.join("ent.jsonl"))
            .expect("entities")
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("entity line"))
            .map(|e| {
                (
                    e["id"].as_str().unwrap_or_default().to_string(),
                    e["name"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
    // The premise: the record names the attacker as the text did, and its entity is Russia.
    let ev = events
        .iter()
        .find(|e| e["type"] == "ASSAULT")
        .unwrap_or_else(|| panic!("no assault in {events:?}"));
    let actor = &ev["actors"][0];
    assert_eq!(
        actor["name"], "Moscow's forces",
        "the record keeps the mention: {ev}"
    );
    let entity = actor["entity"].as_str().expect("resolved to an entity");
    assert_eq!(
        ents.get(entity).map(String::as_str),
        Some("Russia"),
        "{ents:?}"
    );

    let table = run(
        d,
        &args("table").iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(table.status.success(), "{}", text(&table.stderr));
    let table = text(&table.stdout);
    let row = table.lines().nth(1).unwrap_or_default();
    assert!(row.contains("Russia → Ukraine"), "extract table: {table}");
    assert!(!row.contains("Moscow's forces →"), "extract table: {table}");

    let ingest = run(
        d,
        &[
            "ingest",
            "kharkiv-shelling.txt",
            "--published",
            "2026-11-18",
            "--db",
            "m.db",
            "--quiet",
        ],
    );
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    let timeline = run(d, &["timeline", "--db", "m.db", "--format", "table"]);
    assert!(timeline.status.success(), "{}", text(&timeline.stderr));
    let timeline = text(&timeline.stdout);
    assert!(
        timeline.contains("Russia → Ukraine"),
        "timeline: {timeline}"
    );
    assert!(
        !timeline.contains("Moscow's forces"),
        "timeline: {timeline}"
    );
    // JSON Lines keep the record and give the canonical names beside it.
    let stored = lines_json(&run(d, &["timeline", "--db", "m.db", "--format", "jsonl"]));
    assert_eq!(stored[0]["actors"][0]["name"], "Moscow's forces");
    assert_eq!(stored[0]["entity_names"][entity], "Russia");

    for format in ["table", "csv", "jsonl"] {
        let out = run(d, &["actors", "--db", "m.db", "--format", format]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let shown = text(&out.stdout);
        assert!(
            shown.contains("Russia"),
            "actors --format {format}: {shown}"
        );
        assert!(
            !shown.contains("Moscow"),
            "actors --format {format}: {shown}"
        );
    }
}

#[test]
fn eval_show_errors_lists_attribute_mismatches_and_hits_never_exceed_gold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let doc = serde_json::json!({"id": "e1", "published": "2026-11-18", "text":
        "Russian forces shelled Kharkiv on Monday, killing three people, Ukrainian officials said."});
    std::fs::write(d.join("docs.jsonl"), format!("{doc}\n")).expect("write");
    // Gold written for this test: the right event with a wrong place and toll, and an
    // optional second reading of it.
    let gold = serde_json::json!({"docs": [{"id": "e1", "published": "2026-11-18", "events": [
        {"id": "g1", "type": "ASSAULT", "actors": ["RUS"], "recipients": ["UKR"],
         "location": {"name": "Odesa", "country": "UKR"}, "date": {"start": "2026-11-16"},
         "magnitude": [{"measure": "killed", "count": 5, "qualifier": "exact", "unit": "person"}]},
        {"id": "g2", "type": "ASSAULT", "actors": ["RUS"], "recipients": ["UKR"], "required": false}
    ]}]});
    std::fs::write(d.join("gold.json"), gold.to_string()).expect("write");
    let eval = |extra: &[&str]| {
        let mut a = vec!["eval", "--gold", "gold.json", "docs.jsonl"];
        a.extend(extra);
        let out = run(d, &a);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let report = eval(&["--show-errors"]);
    let row: Vec<&str> = report
        .lines()
        .find(|l| l.starts_with("ASSAULT "))
        .unwrap_or_else(|| panic!("no ASSAULT row in\n{report}"))
        .split_whitespace()
        .collect();
    let (gold_n, hits): (u32, u32) = (row[1].parse().expect("gold"), row[2].parse().expect("hits"));
    assert!(hits <= gold_n, "more hits than gold: {report}");
    let mismatch = report
        .lines()
        .find(|l| l.starts_with("MISMATCH e1 g1 ~ "))
        .unwrap_or_else(|| panic!("no mismatch line in\n{report}"));
    for part in [
        "place: gold Odesa (UKR) system Kharkiv (UKR)",
        "count: gold killed=5 system killed=3",
    ] {
        assert!(mismatch.contains(part), "{part:?} not in {mismatch}");
    }
    assert!(!eval(&[]).contains("MISMATCH"), "only with --show-errors");
}
