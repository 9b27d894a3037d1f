//! The progress bar of `extract` and `ingest`: drawn on a terminal once a run has taken more
//! than a second, never when the output is not a terminal or with `--quiet`.
//!
//! The terminal is a pseudo-terminal from util-linux's `script` (present wherever the
//! project is built: Debian, Ubuntu, Fedora and Alpine ship it); the test says so and does
//! nothing where it is missing. The documents arrive on stdin from a shell that pauses
//! between them, so the run takes over a second however fast the machine is.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_sitrep");

/// A shell pipeline that feeds three documents to `sitrep ARGS` over 2.5 s.
fn slow_pipeline(args: &str) -> String {
    let doc = |i: u32| {
        format!(
            "{{\"id\":\"d{i}\",\"published\":\"2031-03-04\",\"text\":\"Valdorian forces shelled Lusk on Monday, killing {i} people.\"}}"
        )
    };
    format!(
        "(echo '{}'; sleep 1.5; echo '{}'; sleep 1; echo '{}') | '{BIN}' {args}",
        doc(1),
        doc(2),
        doc(3)
    )
}

fn have_script() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `pipeline` with a pseudo-terminal as its stdout and stderr; returns what the
/// terminal showed.
fn on_a_terminal(dir: &Path, pipeline: &str) -> String {
    let out = Command::new("script")
        .current_dir(dir)
        .args(["-qefc", pipeline, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{pipeline}: {shown}");
    shown
}

/// The bar's message ("… docs, … MB, … docs/s").
fn has_bar(s: &str) -> bool {
    s.contains("docs/s")
}

#[test]
fn the_bar_shows_on_a_terminal_only_and_not_with_quiet() {
    if !have_script() {
        eprintln!("skipped: util-linux `script` (a pseudo-terminal) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (cmd, args) in [
        ("extract", "extract --no-parser --format jsonl -o out.jsonl"),
        ("ingest", "ingest --no-parser --db t.db"),
    ] {
        let shown = on_a_terminal(dir.path(), &slow_pipeline(args));
        assert!(has_bar(&shown), "{cmd} on a terminal: no bar in {shown:?}");
        let shown = on_a_terminal(dir.path(), &slow_pipeline(&format!("--quiet {args}")));
        assert!(!has_bar(&shown), "{cmd} --quiet: {shown:?}");
        // Not a terminal: stdout and stderr are pipes.
        let out = Command::new("sh")
            .current_dir(dir.path())
            .args(["-c", &slow_pipeline(args)])
            .output()
            .unwrap();
        assert!(out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!has_bar(&said), "{cmd} into a pipe: {said:?}");
        assert!(
            !said.contains('\u{1b}'),
            "{cmd}: terminal codes in a pipe: {said:?}"
        );
    }
    // A run under a second draws nothing, even on a terminal.
    let quick = format!(
        "echo '{{\"id\":\"q\",\"text\":\"Police arrested 3 people in Lusk.\"}}' | '{BIN}' extract --no-parser --format jsonl -o q.jsonl"
    );
    assert!(!has_bar(&on_a_terminal(dir.path(), &quick)));
}
