//! The JSON API end to end over loopback: every endpoint, errors, limits and ingest.

mod common;

use common::{TestServer, malicious_document, start, start_with};
use serde_json::{Value, json};
use sitrep_server::loadgen::{HttpResponse, request};
use std::sync::OnceLock;
use std::time::Duration;

fn shared() -> &'static TestServer {
    static S: OnceLock<TestServer> = OnceLock::new();
    S.get_or_init(start)
}

fn get(s: &TestServer, path: &str) -> HttpResponse {
    request(s.addr, "GET", path, &[], &[]).unwrap()
}

fn ok_json(s: &TestServer, path: &str) -> Value {
    let r = get(s, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{path}"
    );
    r.json()
}

fn error_of(r: &HttpResponse) -> String {
    r.json()["error"].as_str().unwrap_or_default().to_string()
}

fn post(s: &TestServer, token: Option<&str>, body: &[u8]) -> HttpResponse {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = auth.as_deref() {
        headers.push(("Authorization", a));
    }
    request(s.addr, "POST", "/api/documents", &headers, body).unwrap()
}

#[test]
fn events_page_and_filter() {
    let s = shared();
    let all = ok_json(s, "/api/events");
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 10, "{all}");
    assert_eq!(
        all["events"].as_array().unwrap().len() as u64,
        total.min(50)
    );
    let page = ok_json(s, "/api/events?limit=5&offset=5");
    let evs = page["events"].as_array().unwrap();
    assert_eq!(evs.len(), 5);
    assert_eq!(evs[0]["id"], all["events"][5]["id"]);
    let assaults = ok_json(s, "/api/events?type=assault&limit=500");
    let list = assaults["events"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|e| e["type"] == "ASSAULT"));
    assert_eq!(assaults["total"].as_u64().unwrap(), list.len() as u64);
    let rus = ok_json(s, "/api/events?actor=RUS&type=ASSAULT");
    for e in rus["events"].as_array().unwrap() {
        assert!(e.to_string().contains("RUS"));
    }
    let dated = ok_json(s, "/api/events?since=2026-04-01&until=2026-04-30&limit=500");
    for e in dated["events"].as_array().unwrap() {
        let start = e["date"]["start"].as_str().unwrap();
        assert!(start <= "2026-04-30", "{start}");
    }
    assert!(dated["total"].as_u64().unwrap() < total);
    let text = ok_json(s, "/api/events?text=mortar");
    assert!(text["total"].as_u64().unwrap() >= 1);
    let none = ok_json(s, "/api/events?country=NZL");
    assert_eq!(none["total"], 0);
}

#[test]
fn bad_parameters_are_400_with_a_message() {
    let s = shared();
    for (path, needle) in [
        ("/api/events?since=yesterday", "YYYY-MM-DD"),
        ("/api/events?until=2026-13-01", "YYYY-MM-DD"),
        ("/api/events?since=2026-05-01&until=2026-04-01", "after"),
        ("/api/events?type=BOMBING", "PLOVER"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=lots", "limit"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?colour=red", "unknown parameter"),
        ("/api/events?country=U1K", "country"),
        ("/api/network?type=nope", "PLOVER"),
        ("/api/map?since=bad", "YYYY-MM-DD"),
        ("/api/stats?limit=3", "unknown parameter"),
        ("/api/entities?limit=x", "limit"),
        ("/api/search", "required"),
        ("/api/search?q=%20%2B%2B", "word"),
        ("/api/search?q=NOT%20Kharkiv", "NOT needs a word"),
    ] {
        let r = get(s, path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        let msg = error_of(&r);
        assert!(msg.contains(needle), "{path}: {msg}");
    }
}

#[test]
fn event_comes_with_evidence_that_points_into_its_document() {
    let s = shared();
    let all = ok_json(s, "/api/events?limit=500");
    let mut checked = 0;
    for e in all["events"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let ev = ok_json(s, &format!("/api/events/{id}"));
        assert_eq!(ev["id"], id);
        for item in ev["evidence"].as_array().unwrap() {
            let doc_id = item["doc"].as_str().unwrap();
            let (start, end) = (
                item["start"].as_u64().unwrap() as usize,
                item["end"].as_u64().unwrap() as usize,
            );
            assert!(item["sentence"].is_u64());
            let doc = ok_json(s, &format!("/api/documents/{doc_id}"));
            let text = doc["text"].as_str().unwrap();
            assert_eq!(&text[start..end], item["text"].as_str().unwrap());
            checked += 1;
        }
    }
    assert!(checked >= 10);
}

#[test]
fn documents_have_text_title_and_date() {
    let s = shared();
    let d = ok_json(s, "/api/documents/sample-001");
    assert_eq!(d["id"], "sample-001");
    assert!(d["title"].as_str().unwrap().contains("ministers"));
    assert_eq!(d["published"], "2026-03-10");
    assert!(d["text"].as_str().unwrap().len() > 100);
}

#[test]
fn unknown_ids_and_paths_are_404() {
    let s = shared();
    for path in [
        "/api/events/ev_does_not_exist",
        "/api/documents/nope",
        "/api/nothing-here",
    ] {
        let r = get(s, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!error_of(&r).is_empty(), "{path}");
    }
    assert_eq!(get(s, "/nothing.html").status, 404);
}

#[test]
fn entities_stats_search_network_map() {
    let s = shared();
    let ents = ok_json(s, "/api/entities?limit=5");
    let actors = ents["actors"].as_array().unwrap();
    assert!(!actors.is_empty() && actors.len() <= 5);
    assert!(ents["total"].as_u64().unwrap() >= actors.len() as u64);
    assert!(actors[0]["by_type"].is_object());
    assert!(actors[0]["counterparties"].is_array());
    let rus = ok_json(s, "/api/entities?actor=RUS");
    assert!(!rus["actors"].as_array().unwrap().is_empty());

    let stats = ok_json(s, "/api/stats");
    let bins = stats["bins"].as_array().unwrap();
    assert!(!bins.is_empty());
    assert!(["day", "week", "month", "year"].contains(&stats["grain"].as_str().unwrap()));
    assert!(bins.iter().any(|d| {
        d["killed_by_claimant"]
            .as_object()
            .unwrap()
            .keys()
            .any(|k| k != "unattributed")
    }));
    let only = ok_json(s, "/api/stats?type=CONSULT");
    for b in only["bins"].as_array().unwrap() {
        assert_eq!(b["by_type"].as_object().unwrap().len(), 1);
        assert!(b["by_type"]["CONSULT"].is_u64());
    }
    let daily = ok_json(s, "/api/stats?grain=day");
    assert_eq!(daily["grain"], "day");
    assert!(daily["bins"].as_array().unwrap().len() >= bins.len());

    let hits = ok_json(s, "/api/search?q=Kharkiv");
    assert!(!hits["hits"].as_array().unwrap().is_empty());

    let net = ok_json(s, "/api/network");
    let nodes: Vec<&str> = net["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    let edges = net["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(nodes.contains(&e["source"].as_str().unwrap()));
        assert!(nodes.contains(&e["target"].as_str().unwrap()));
        let sum: u64 = e["by_type"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(sum, e["events"].as_u64().unwrap());
    }
    let hostile = ok_json(s, "/api/network?type=ASSAULT");
    for e in hostile["edges"].as_array().unwrap() {
        assert_eq!(e["by_type"].as_object().unwrap().len(), 1);
        assert!(e["by_type"]["ASSAULT"].is_u64());
    }

    let map = ok_json(s, "/api/map");
    let pts = map["places"].as_array().unwrap();
    assert!(!pts.is_empty());
    for p in pts {
        let (lat, lon) = (p["lat"].as_f64().unwrap(), p["lon"].as_f64().unwrap());
        assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
        assert!(p["events"].as_u64().unwrap() >= 1);
    }
    let c = ok_json(s, "/api/counts");
    assert!(c["documents"].as_u64().unwrap() >= 5);
}

#[test]
fn openapi_describes_every_endpoint() {
    let s = shared();
    let doc = ok_json(s, "/api/openapi.json");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/events",
        "/api/events/{id}",
        "/api/documents",
        "/api/documents/{id}",
        "/api/entities",
        "/api/stats",
        "/api/search",
        "/api/network",
        "/api/map",
        "/api/counts",
        "/api/export",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} missing from openapi.json");
    }
}

#[test]
fn ui_assets_are_served_with_a_strict_policy() {
    let s = shared();
    let r = get(s, "/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<script src=\"/app.js\""));
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    for (p, ct) in [
        ("/app.js", "text/javascript"),
        ("/app.css", "text/css"),
        ("/world-110m.path", "text/plain"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let r = get(s, p);
        assert_eq!(r.status, 200, "{p}");
        assert!(r.header("content-type").unwrap().starts_with(ct), "{p}");
    }
    let js = get(s, "/app.js").text();
    assert!(
        !js.contains("innerHTML"),
        "the UI must not build HTML from strings"
    );
}

#[test]
fn ingest_is_disabled_without_a_token() {
    let s = shared();
    let r = post(s, Some("anything"), br#"{"id":"x","text":"Words."}"#);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(error_of(&r).contains("--token"));
}

#[test]
fn ingest_needs_the_token_and_a_sane_body() {
    let s = start_with(vec![], |o| {
        o.token = Some("s3cret".into());
        o.max_body = 64 << 10;
    });
    let body = br#"{"id":"x","text":"Words."}"#;
    let r = post(&s, None, body);
    assert_eq!(r.status, 401);
    assert!(r.header("www-authenticate").is_some());
    assert_eq!(post(&s, Some("wrong"), body).status, 401);
    let big = format!(
        r#"{{"id":"big","text":"{}"}}"#,
        "Soldiers fired shells. ".repeat(5000)
    );
    let r = post(&s, Some("s3cret"), big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    let r = post(&s, Some("s3cret"), b"not json at all");
    assert_eq!(r.status, 400);
    let r = post(&s, Some("s3cret"), br#"{"id": "broken", "text": "#);
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(error_of(&r).contains("unreadable"));

    // A successful ingest: a JSON array of two documents written for this test.
    let before = ok_json(&s, "/api/counts");
    let docs = json!([
        {"id": "post-1", "title": "Talks in Geneva", "published": "2026-05-02",
         "text": "GENEVA — The foreign ministers of India and Pakistan met in Geneva on Friday, officials said."},
        {"id": "post-2", "title": "Strike on Odesa", "published": "2026-05-03",
         "text": "ODESA — Russian drones struck Odesa on Saturday, killing two people, regional officials said."}
    ]);
    let r = post(&s, Some("s3cret"), docs.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let out = r.json();
    assert_eq!(out["documents"], json!(["post-1", "post-2"]));
    assert_eq!(out["report"]["added"], 2);
    assert!(out["report"]["events_new"].as_u64().unwrap() >= 1);
    let after = ok_json(&s, "/api/counts");
    assert_eq!(
        after["documents"].as_u64().unwrap(),
        before["documents"].as_u64().unwrap() + 2
    );
    assert_eq!(
        ok_json(&s, "/api/documents/post-2")["title"],
        "Strike on Odesa"
    );
    let odesa = ok_json(&s, "/api/events?place=Odesa");
    assert!(odesa["total"].as_u64().unwrap() >= 1, "{odesa}");
    // JSON Lines work too; the same documents again change nothing.
    let lines = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let r = post(&s, Some("s3cret"), lines.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["report"]["unchanged"], 2);
}

#[test]
fn markup_in_documents_comes_back_as_plain_strings() {
    let s = start_with(vec![], |o| o.token = Some("t".into()));
    let evil = malicious_document();
    let r = post(
        &s,
        Some("t"),
        serde_json::to_string(&evil).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let raw = get(&s, "/api/documents/evil-001");
    assert!(
        raw.header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let d = raw.json();
    assert_eq!(d["title"].as_str(), evil.title.as_deref());
    assert_eq!(d["text"].as_str(), Some(evil.text.as_str()));
    assert_eq!(d["url"], "javascript:alert(1)");
    // In the raw bytes the markup is inside JSON strings, not HTML.
    assert!(raw.text().contains(r#""title":"<script>alert(1)</script>"#));
    let evs = ok_json(&s, "/api/events?text=shelled&since=2026-05-01");
    let ev = evs["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e.to_string().contains("evil-001"))
        .expect("an event from the malicious report")
        .clone();
    assert!(
        ev["sources"][0]["title"]
            .as_str()
            .unwrap()
            .contains("<script>")
    );
    let hits = ok_json(&s, "/api/search?q=onerror");
    assert!(!hits["hits"].as_array().unwrap().is_empty());
}

#[test]
fn clients_over_the_rate_are_told_to_wait() {
    let s = start_with(vec![], |o| {
        o.rate_per_sec = 0.5;
        o.burst = 3.0;
    });
    let codes: Vec<u16> = (0..5).map(|_| get(&s, "/api/counts").status).collect();
    assert_eq!(&codes[..3], &[200, 200, 200]);
    let r = get(&s, "/api/counts");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").is_some());
    assert!(error_of(&r).contains("too many requests"));
}

#[test]
fn slow_requests_time_out() {
    let s = start_with(vec![], |o| o.timeout = Duration::ZERO);
    let r = get(&s, "/api/stats");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(error_of(&r).contains("timed out"));
}

#[test]
fn foreign_host_names_are_misdirected() {
    let s = shared();
    let port = s.addr.port();
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example",
    ] {
        for path in ["/api/counts", "/"] {
            let r = request(s.addr, "GET", path, &[("Host", host)], &[]).unwrap();
            assert_eq!(r.status, 421, "{host} {path}");
            assert!(error_of(&r).contains("--allowed-host"), "{}", r.text());
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
    ] {
        let r = request(s.addr, "GET", "/api/counts", &[("Host", &host)], &[]).unwrap();
        assert_eq!(r.status, 200, "{host}");
    }
    // A name given with --allowed-host is accepted, others still are not.
    let named = start_with(vec![], |o| o.allowed_hosts = vec!["Sitrep.Lan".into()]);
    let ok = format!("sitrep.lan:{port}");
    let r = request(named.addr, "GET", "/api/counts", &[("Host", &ok)], &[]).unwrap();
    assert_eq!(r.status, 200);
    let r = request(
        named.addr,
        "GET",
        "/api/counts",
        &[("Host", "other.lan")],
        &[],
    )
    .unwrap();
    assert_eq!(r.status, 421);
}

#[test]
fn the_bearer_scheme_is_case_insensitive_the_token_is_not() {
    let s = start_with(vec![], |o| o.token = Some("s3cret".into()));
    let send = |auth: &str, id: &str| {
        let body = json!({"id": id, "text": "Words."}).to_string();
        request(
            s.addr,
            "POST",
            "/api/documents",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", auth),
            ],
            body.as_bytes(),
        )
        .unwrap()
    };
    for (i, scheme) in ["Bearer", "bearer", "BEARER", "bEaReR"].iter().enumerate() {
        let r = send(&format!("{scheme} s3cret"), &format!("case-{i}"));
        assert_eq!(r.status, 200, "{scheme}: {}", r.text());
    }
    for auth in [
        "bearer S3CRET",
        "Basic s3cret",
        "Bearers3cret",
        "bearer",
        "s3cret",
    ] {
        assert_eq!(send(auth, "refused").status, 401, "{auth}");
    }
}

#[test]
fn like_wildcards_in_filters_match_literally() {
    let s = shared();
    let all = ok_json(s, "/api/events")["total"].as_u64().unwrap();
    assert!(all > 0);
    for q in [
        "actor=%25",
        "actor=_",
        "actor=%25%25",
        "place=%25",
        "place=_",
        "actor=__",
    ] {
        let n = ok_json(s, &format!("/api/events?{q}"))["total"]
            .as_u64()
            .unwrap();
        assert_eq!(n, 0, "{q} matched {n} of {all} events");
    }
}

#[test]
fn an_ingest_that_times_out_is_rolled_back_not_stored_later() {
    let limit = Duration::from_millis(300);
    let s = start_with(vec![], |o| {
        o.token = Some("t".into());
        o.timeout = limit;
    });
    // Reports written for this test, enough that extracting them takes longer than the limit.
    let docs: Vec<sitrep_model::Document> = (0..1500)
        .map(|i| sitrep_model::Document {
            id: format!("slow-{i}"),
            published: chrono::NaiveDate::from_ymd_opt(2026, 5, 3),
            text: format!(
                "ODESA — Drones struck Odesa on Saturday, killing {} people, officials said. \
                 The governor said {} homes were damaged and called for air defence.",
                i % 9 + 2,
                i % 40 + 3
            ),
            ..Default::default()
        })
        .collect();
    // How long the extraction takes here, to know when the abandoned ingest is surely over.
    let ex = common::ingester().extractor().unwrap();
    let t0 = std::time::Instant::now();
    for d in &docs {
        let _ = ex.extract(d);
    }
    let took = t0.elapsed();
    assert!(
        took > limit * 2,
        "extraction took only {took:?}: make the body larger"
    );
    let before = ok_json(&s, "/api/counts");
    let r = post(
        &s,
        Some("t"),
        serde_json::to_string(&docs).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(error_of(&r).contains("nothing was stored"), "{}", r.text());
    std::thread::sleep(took * 2 + Duration::from_secs(1));
    assert_eq!(ok_json(&s, "/api/counts"), before);
    assert_eq!(get(&s, "/api/documents/slow-0").status, 404);
}

#[test]
fn a_wrong_method_is_405_with_a_json_body() {
    let s = shared();
    for (method, path) in [
        ("POST", "/api/events"),
        ("DELETE", "/api/events"),
        ("GET", "/api/documents"),
        ("PUT", "/api/search"),
    ] {
        let r = request(
            s.addr,
            method,
            path,
            &[("Content-Type", "application/json")],
            b"{}",
        )
        .unwrap();
        assert_eq!(r.status, 405, "{method} {path}: {}", r.text());
        let msg = error_of(&r);
        assert!(msg.contains(method) && msg.contains(path), "{msg}");
    }
}

/// Checks `v` against an OpenAPI 3.0 schema (the parts the document uses: `$ref`, `type`,
/// `nullable`, `enum`, `required`, `properties`, `additionalProperties`, `items`, `oneOf`);
/// returns the first violation.
fn violation(doc: &Value, schema: &Value, v: &Value, at: &str) -> Option<String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Some(format!("{at}: dangling {r}"));
        }
        return violation(doc, target, v, at);
    }
    if v.is_null() {
        return (schema["nullable"] != true).then(|| format!("{at}: null where not nullable"));
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(v)
    {
        return Some(format!("{at}: {v} not in {allowed:?}"));
    }
    if let Some(any) = schema["oneOf"].as_array()
        && any.iter().all(|s| violation(doc, s, v, at).is_some())
    {
        return Some(format!("{at}: {v} matches none of {any:?}"));
    }
    let ok = match schema["type"].as_str() {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        _ => true,
    };
    if !ok {
        return Some(format!("{at}: {v} is not {}", schema["type"]));
    }
    for r in schema["required"].as_array().into_iter().flatten() {
        let k = r.as_str().unwrap_or_default();
        if v.get(k).is_none() {
            return Some(format!("{at}: required {k} missing"));
        }
    }
    if let Some(props) = schema["properties"].as_object() {
        for (k, s) in props {
            if let Some(x) = v.get(k)
                && let Some(e) = violation(doc, s, x, &format!("{at}.{k}"))
            {
                return Some(e);
            }
        }
    }
    // Fields the schema does not name: refused (`false`) or checked against a schema.
    if let (Some(extra), Some(obj)) = (schema.get("additionalProperties"), v.as_object()) {
        let named = |k: &str| schema["properties"].get(k).is_some();
        for (k, x) in obj.iter().filter(|(k, _)| !named(k)) {
            if extra == false {
                return Some(format!("{at}: {k} is not in the schema"));
            }
            if let Some(e) = violation(doc, extra, x, &format!("{at}.{k}")) {
                return Some(e);
            }
        }
    }
    if let (Some(items), Some(xs)) = (schema.get("items"), v.as_array()) {
        for (i, x) in xs.iter().enumerate() {
            if let Some(e) = violation(doc, items, x, &format!("{at}[{i}]")) {
                return Some(e);
            }
        }
    }
    None
}

#[test]
fn responses_validate_against_the_openapi_schemas() {
    let s = shared();
    let doc = ok_json(s, "/api/openapi.json");
    let ev = &doc["components"]["schemas"]["Event"];
    let types: Vec<&str> = ev["properties"]["type"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(types.len(), 16, "the PLOVER categories: {types:?}");
    for name in ["Party", "Location", "DateInfo", "Magnitude", "Evidence"] {
        assert!(
            doc["components"]["schemas"][name]["properties"].is_object(),
            "{name} is a full schema"
        );
    }
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            for code in ["405", "429", "503"] {
                assert!(
                    op["responses"][code].is_object(),
                    "{method} {path} does not describe {code}"
                );
            }
        }
    }
    let schema_of = |path: &str| {
        doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            .clone()
    };
    let page = ok_json(s, "/api/events?limit=500");
    assert!(!page["events"].as_array().unwrap().is_empty());
    if let Some(e) = violation(&doc, &schema_of("/api/events"), &page, "events") {
        panic!("{e}");
    }
    for e in page["events"].as_array().unwrap().iter().take(20) {
        let id = e["id"].as_str().unwrap();
        let one = ok_json(s, &format!("/api/events/{id}"));
        if let Some(err) = violation(&doc, &schema_of("/api/events/{id}"), &one, id) {
            panic!("{err}");
        }
    }
    let doc_id = page["events"][0]["sources"][0]["doc"].as_str().unwrap();
    let one = ok_json(s, &format!("/api/documents/{doc_id}"));
    if let Some(e) = violation(&doc, &schema_of("/api/documents/{id}"), &one, doc_id) {
        panic!("{e}");
    }
    // The search hits, actors and counts have full schemas too, which name every field.
    let hits = ok_json(s, "/api/search?q=Kharkiv");
    assert!(!hits["hits"].as_array().unwrap().is_empty());
    let mut extra = hits.clone();
    extra["hits"][0]["rank"] = json!(1);
    assert!(violation(&doc, &schema_of("/api/search"), &extra, "extra").is_some());
    let actors = ok_json(s, "/api/entities");
    assert!(!actors["actors"].as_array().unwrap().is_empty());
    for path in [
        "/api/stats",
        "/api/stats?grain=day",
        "/api/network",
        "/api/map",
        "/api/search?q=Kharkiv",
        "/api/entities",
        "/api/counts",
    ] {
        let v = ok_json(s, path);
        let p = path.split('?').next().unwrap();
        if let Some(e) = violation(&doc, &schema_of(p), &v, path) {
            panic!("{e}");
        }
    }
    let r = get(s, "/api/events?type=BOMBING");
    let body: Value = serde_json::from_str(&r.text()).unwrap();
    let err_schema = json!({"$ref": "#/components/schemas/Error"});
    assert_eq!(violation(&doc, &err_schema, &body, "error"), None);
    // The validator does catch a wrong value.
    let mut bad = page["events"][0].clone();
    bad["type"] = json!("BOMBING");
    assert!(
        violation(
            &doc,
            &json!({"$ref": "#/components/schemas/Event"}),
            &bad,
            "bad"
        )
        .is_some()
    );
}
