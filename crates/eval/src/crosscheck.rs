//! Running the reference `score.py` on the same files and comparing its numbers and report
//! with the port's, so any drift between the two is caught by a test rather than by a
//! surprised reader of two different F1 scores.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{EvalError, score_files};

/// What a cross-check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosscheck {
    /// Differences between the `--json` objects (`key: python vs rust`); empty when they agree.
    pub json_diffs: Vec<String>,
    /// Whether the text reports (with `--show-errors`) are identical.
    pub text_equal: bool,
    pub python_text: String,
    pub rust_text: String,
    pub python_json: Value,
    pub rust_json: Value,
}

impl Crosscheck {
    pub fn agrees(&self) -> bool {
        self.json_diffs.is_empty() && self.text_equal
    }
}

fn run_py(
    script: &Path,
    gold: &Path,
    events: &Path,
    entities: Option<&Path>,
    extra: &str,
) -> Result<Option<String>, EvalError> {
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(gold).arg(events);
    if let Some(e) = entities {
        cmd.arg("--entities").arg(e);
    }
    cmd.arg(extra);
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(EvalError::Io {
                path: PathBuf::from("python3"),
                source,
            });
        }
    };
    if !out.status.success() {
        return Err(EvalError::Format {
            path: script.to_path_buf(),
            message: format!(
                "exited with {}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
        });
    }
    Ok(Some(String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Lists the places where two JSON reports differ, numbers compared to within `tol`.
pub fn json_diffs(python: &Value, rust: &Value, tol: f64) -> Vec<String> {
    let mut out = Vec::new();
    diff_into("", python, rust, tol, &mut out);
    out
}

fn diff_into(path: &str, a: &Value, b: &Value, tol: f64, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = format!("{path}/{k}");
                match y.get(k) {
                    Some(vb) => diff_into(&p, va, vb, tol, out),
                    None => out.push(format!("{p}: only in python ({va})")),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(format!("{path}/{k}: only in rust ({vb})"));
                }
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() > tol || x.is_nan() != y.is_nan() {
                out.push(format!("{path}: python {x} vs rust {y}"));
            }
        }
        _ if a != b => out.push(format!("{path}: python {a} vs rust {b}")),
        _ => {}
    }
}

/// Scores the files with `score.py` (via `python3`) and with this crate and compares both
/// the `--json` numbers (to 1e-9) and the `--show-errors` text report.
///
/// Returns `Ok(None)` when `python3` or the script is not available, so tests can skip.
pub fn crosscheck_files(
    script: &Path,
    gold: &Path,
    events: &Path,
    entities: Option<&Path>,
) -> Result<Option<Crosscheck>, EvalError> {
    if !script.exists() {
        return Ok(None);
    }
    let Some(py_json) = run_py(script, gold, events, entities, "--json")? else {
        return Ok(None);
    };
    let Some(py_text) = run_py(script, gold, events, entities, "--show-errors")? else {
        return Ok(None);
    };
    let python_json: Value = serde_json::from_str(&py_json).map_err(|e| EvalError::Format {
        path: script.to_path_buf(),
        message: format!("printed no JSON: {e}"),
    })?;
    let report = score_files(gold, events, entities)?;
    let rust_json = report.to_json();
    let rust_text = report.render_text(true);
    Ok(Some(Crosscheck {
        json_diffs: json_diffs(&python_json, &rust_json, 1e-9),
        text_equal: py_text == rust_text,
        python_text: py_text,
        rust_text,
        python_json,
        rust_json,
    }))
}
