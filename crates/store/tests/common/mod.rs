//! Shared by the store's integration tests: a corpus of hand-written reports (sentences
//! written for these tests) and a private PostgreSQL server on loopback.
#![allow(dead_code)]

use sitrep_model::{
    Aux, Claimant, DateInfo, Document, EntityKind, EntityRecord, EventRecord, EventType, Evidence,
    Location, Magnitude, MentionRef, Party, Precision, QuoteRecord,
};
use sitrep_store::DocInput;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn doc(id: &str, day: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        title: Some(format!("Report {id}")),
        published: day.parse().ok(),
        source: Some("test wire".into()),
        url: Some(format!("https://example.org/{id}")),
        text: text.into(),
        ..Document::default()
    }
}

pub fn party(name: &str, country: &str) -> Party {
    Party {
        name: name.into(),
        entity: Some(format!("ent:{}", name.to_lowercase().replace(' ', "_"))),
        kind: EntityKind::Country,
        country: Some(country.into()),
        sector: None,
        role: None,
    }
}

/// A party known only by name (no entity id), as for an unknown armed group.
pub fn named(name: &str, country: Option<&str>) -> Party {
    Party {
        name: name.into(),
        entity: None,
        kind: EntityKind::Group,
        country: country.map(str::to_string),
        sector: Some("rebels".into()),
        role: None,
    }
}

pub fn place(name: &str, country: &str, lat: f64, lon: f64) -> Location {
    Location {
        name: name.into(),
        country: Some(country.into()),
        admin1: None,
        lat: Some(lat),
        lon: Some(lon),
        feature: Some("city".into()),
        inferred: false,
    }
}

pub fn on(day: &str) -> Option<DateInfo> {
    let d = day.parse().ok();
    Some(DateInfo {
        start: d,
        end: d,
        precision: Precision::Day,
        text: Some("on that day".into()),
    })
}

pub fn figure(measure: &str, n: u64, by: Option<&str>) -> Magnitude {
    Magnitude {
        measure: measure.into(),
        count: Some(n),
        qualifier: "exact".into(),
        unit: "person".into(),
        claimed_by: by.map(str::to_string),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn event(
    id: &str,
    doc: &str,
    ty: EventType,
    actors: Vec<Party>,
    recipients: Vec<Party>,
    loc: Option<Location>,
    date: Option<DateInfo>,
    text: &str,
) -> EventRecord {
    EventRecord {
        id: id.into(),
        event_type: ty,
        mode: vec![],
        context: vec![],
        aux: None,
        actors,
        recipients,
        location: loc,
        date,
        magnitude: vec![],
        claimed_by: vec![],
        evidence: vec![Evidence {
            doc: doc.into(),
            sentence: 0,
            start: 0,
            end: text.len(),
            text: text.into(),
            rule: None,
        }],
        confidence: 0.75,
        rule: "test".into(),
    }
}

pub fn input(d: Document, events: Vec<EventRecord>) -> DocInput {
    DocInput {
        doc: d,
        events,
        entities: vec![],
        quotes: vec![],
    }
}

fn envoy(doc: &str, alias: &str, start: usize) -> EntityRecord {
    EntityRecord {
        id: "kb:person:ilse".into(),
        name: "Ilse Marten".into(),
        kind: EntityKind::Person,
        country: if doc == "p3" {
            Some("DEU".into())
        } else {
            None
        },
        roles: vec!["envoy".into()],
        aliases: vec![alias.into()],
        mentions: vec![MentionRef {
            doc: doc.into(),
            start,
            end: start + alias.len(),
            text: alias.into(),
        }],
        place: None,
    }
}

/// Six reports: two tell one shelling of Zarnitsa with different tolls (merged), one a
/// shelling of another town the same day (separate), one a meeting in Vienna with a quote,
/// one an undated threat by a named group, and one a denial (a different auxiliary mode) that
/// reuses another report's record id.
pub fn corpus() -> Vec<DocInput> {
    let t1 = "Artillery of Northland shelled Zarnitsa on Monday, killing 7 people, the mayor said.";
    let mut a = event(
        "ev-z1",
        "p1",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Zarnitsa", "STH", 48.5, 35.1)),
        on("2026-02-02"),
        t1,
    );
    a.mode = vec!["artillery".into()];
    a.magnitude = vec![figure("killed", 7, None), figure("injured", 20, None)];
    a.claimed_by = vec![Claimant {
        name: "town mayor".into(),
        country: Some("STH".into()),
        entity: None,
    }];
    let t2 = "The shelling of Zarnitsa killed 9 and wounded 31, the health ministry said.";
    let mut b = event(
        "ev-z2",
        "p2",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Zarnitsa", "STH", 48.5, 35.1)),
        on("2026-02-02"),
        t2,
    );
    b.mode = vec!["shelling".into()];
    b.magnitude = vec![
        figure("killed", 9, Some("health ministry")),
        figure("injured", 31, Some("health ministry")),
    ];
    b.confidence = 0.9;
    let t2b = "Separately, drones struck a depot in Kalinov the same night.";
    let c = event(
        "ev-k1",
        "p2",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Kalinov", "STH", 47.9, 36.0)),
        on("2026-02-02"),
        t2b,
    );
    let t3 = "Envoys of Eastmark and Westmark met in Vienna on Wednesday. Marten said talks would go on.";
    let d = event(
        "ev-v1",
        "p3",
        EventType::Consult,
        vec![party("Eastmark", "EMK"), party("Westmark", "WMK")],
        vec![],
        Some(place("Vienna", "AUT", 48.2, 16.4)),
        on("2026-02-04"),
        t3,
    );
    let mut p3 = input(doc("p3", "2026-02-05", t3), vec![d]);
    p3.entities = vec![envoy("p3", "Marten", 63)];
    p3.quotes = vec![QuoteRecord {
        record: "quote".into(),
        id: "q-v1".into(),
        doc: "p3".into(),
        speaker: Some(party("Ilse Marten", "DEU")),
        text: "talks would go on".into(),
        start: 73,
        end: 90,
        date: on("2026-02-04"),
    }];
    let t4 = "The Red Hand Front threatened to attack convoys, its statement said.";
    let mut e = event(
        "ev-r1",
        "p4",
        EventType::Threaten,
        vec![named("Red Hand Front", None)],
        vec![],
        None,
        None,
        t4,
    );
    e.context = vec!["convoys".into()];
    let t5 = "Northland denied shelling Zarnitsa on Monday.";
    let mut f = event(
        "ev-z1",
        "p5",
        EventType::Assault,
        vec![party("Northland", "NRT")],
        vec![party("Southland", "STH")],
        Some(place("Zarnitsa", "STH", 48.5, 35.1)),
        on("2026-02-02"),
        t5,
    );
    f.aux = Some(Aux::Negation);
    let mut p1 = input(doc("p1", "2026-02-03", t1), vec![a]);
    p1.entities = vec![envoy("p1", "Ilse Marten", 0)];
    vec![
        p1,
        input(doc("p2", "2026-02-03", &format!("{t2} {t2b}")), vec![b, c]),
        p3,
        input(doc("p4", "2026-02-06", t4), vec![e]),
        input(doc("p5", "2026-02-03", t5), vec![f]),
    ]
}

/// Two reports that name Northland by a mention each ("Northland's gunners", "Troops of
/// Northland") resolved to one stored entity whose canonical name is "Northland"; Southland's
/// entity is not stored, so it keeps the name the reports gave.
pub fn mention_corpus() -> Vec<DocInput> {
    let mention = |name: &str| Party {
        name: name.into(),
        entity: Some("ent:northland".into()),
        kind: EntityKind::Country,
        country: Some("NRT".into()),
        sector: Some("MIL".into()),
        role: None,
    };
    let northland = |doc: &str, alias: &str| EntityRecord {
        id: "ent:northland".into(),
        name: "Northland".into(),
        kind: EntityKind::Country,
        country: Some("NRT".into()),
        roles: vec![],
        aliases: vec![alias.into()],
        mentions: vec![MentionRef {
            doc: doc.into(),
            start: 0,
            end: alias.len(),
            text: alias.into(),
        }],
        place: None,
    };
    let t1 = "Northland's gunners shelled Zarnitsa on Monday.";
    let t2 = "Troops of Northland struck a depot in Kalinov on Wednesday.";
    let a = event(
        "ev-m1",
        "m1",
        EventType::Assault,
        vec![mention("Northland's gunners")],
        vec![party("Southland", "STH")],
        Some(place("Zarnitsa", "STH", 48.5, 35.1)),
        on("2026-02-02"),
        t1,
    );
    let b = event(
        "ev-m2",
        "m2",
        EventType::Assault,
        vec![mention("Troops of Northland")],
        vec![party("Southland", "STH")],
        Some(place("Kalinov", "STH", 47.9, 36.0)),
        on("2026-02-04"),
        t2,
    );
    let mut m1 = input(doc("m1", "2026-02-03", t1), vec![a]);
    m1.entities = vec![northland("m1", "Northland")];
    let mut m2 = input(doc("m2", "2026-02-05", t2), vec![b]);
    m2.entities = vec![northland("m2", "Northland")];
    vec![m1, m2]
}

/// A store holding [`mention_corpus`] shows Northland by its canonical name wherever it lists
/// actors (summaries, counterparties, the timeline's table and event view), while the
/// records keep the words of the reports.
pub fn assert_canonical_names(s: &dyn sitrep_store::Store) {
    use sitrep_io::{EntityNames, Record};
    let f = sitrep_store::Filter::default();
    let actors = s.actors(&f).unwrap();
    let names: Vec<&str> = actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Northland", "Southland"], "{actors:?}");
    assert_eq!(actors[0].as_actor, 2, "both mentions count for one actor");
    assert_eq!(actors[1].counterparties, [("Northland".to_string(), 2)]);
    let events = s.timeline(&f).unwrap();
    assert_eq!(events.len(), 2);
    for e in &events {
        // The record is as extracted; the canonical name travels beside it.
        assert_ne!(e.record.actors[0].name, "Northland");
        assert_eq!(
            e.entity_names.get("ent:northland").map(String::as_str),
            Some("Northland")
        );
        assert!(!e.entity_names.contains_key("ent:southland"), "not stored");
        let row = e.table_row(160, &EntityNames::new());
        assert!(row.contains("Northland → Southland"), "{row}");
        let shown = sitrep_store::views::describe(e);
        assert!(
            shown.contains(&format!(
                "Northland [NRT] (\"{}\")",
                e.record.actors[0].name
            )),
            "{shown}"
        );
    }
    // The dyadic export counts one actor under one name.
    let mut buf = Vec::new();
    sitrep_store::export(s, &f, sitrep_store::ExportFormat::Dyadic, &mut buf).unwrap();
    let dyadic = String::from_utf8(buf).unwrap();
    assert_eq!(
        dyadic
            .matches(",Northland,ent:northland,NRT,MIL,Southland,")
            .count(),
        2,
        "{dyadic}"
    );
    // Found by its canonical name too.
    let by_name = sitrep_store::Filter {
        actor: Some("northland".into()),
        ..Default::default()
    };
    assert_eq!(s.timeline(&by_name).unwrap().len(), 2);
}

/// A PostgreSQL server of its own, in a temporary directory, listening on loopback only;
/// stopped (immediately, it holds only test data) when dropped.
pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
    stopped: bool,
}

fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file() && b.join("pg_ctl").is_file())
        .collect();
    // Highest version first ("16" > "15"; numeric when the names are numbers).
    dirs.sort_by_key(|d| {
        let v = d
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0);
        std::cmp::Reverse(v)
    });
    if let Some(d) = dirs.into_iter().next() {
        return Some(d);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let d = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    d.join("initdb").is_file().then_some(d)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn describe(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

impl PgServer {
    /// Starts a server, or says why none could be started (no PostgreSQL installed, or it
    /// failed to start).
    pub fn start() -> Result<PgServer, String> {
        let bin = bin_dir().ok_or("no PostgreSQL server binaries (initdb, pg_ctl) found")?;
        // PostgreSQL refuses to run as root: run it as the `postgres` system user then.
        let as_postgres = is_root();
        if as_postgres {
            let known = Command::new("id")
                .args(["-u", "postgres"])
                .output()
                .is_ok_and(|o| o.status.success());
            if !known {
                let made = Command::new("useradd")
                    .args(["--system", "--no-create-home", "postgres"])
                    .output()
                    .map_err(|e| format!("useradd: {e}"))?;
                if !made.status.success() {
                    return Err(format!("no postgres user: {}", describe(&made)));
                }
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("sitrep-pg")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let mut server = PgServer {
            dir,
            bin,
            as_postgres,
            port: 0,
            stopped: true,
        };
        if as_postgres {
            let o = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(server.dir.path())
                .output()
                .map_err(|e| e.to_string())?;
            if !o.status.success() {
                return Err(format!("chown: {}", describe(&o)));
            }
        }
        let data = server.data();
        let o = server.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        )?;
        if !o.status.success() {
            return Err(format!("initdb failed: {}", describe(&o)));
        }
        let mut last = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map_err(|e| e.to_string())?
                .port();
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c synchronous_commit=off -c full_page_writes=off",
                server.dir.path().display()
            );
            let log = server.dir.path().join("log").display().to_string();
            let o = server.run(
                "pg_ctl",
                &[
                    "-D", &data, "-l", &log, "-w", "-t", "60", "-o", &opts, "start",
                ],
            )?;
            if o.status.success() {
                server.port = port;
                server.stopped = false;
                return Ok(server);
            }
            last = format!(
                "{}{}",
                describe(&o),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        Err(format!("pg_ctl start failed: {last}"))
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<Output, String> {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .output()
            .map_err(|e| format!("{}: {e}", exe.display()))
    }

    /// The URL of database `db` on this server.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates an empty database and returns its URL.
    pub fn create_db(&self, name: &str) -> String {
        let mut c = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connect to the test server");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        self.url(name)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if !self.stopped {
            let data = self.data();
            let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
            self.stopped = true;
        }
    }
}

/// A server for a test, or `None` after printing why the PostgreSQL tests are skipped.
/// With `SITREP_REQUIRE_PG` set (CI, which installs PostgreSQL), a server that cannot be
/// started is a failure instead.
pub fn server_or_skip() -> Option<PgServer> {
    match PgServer::start() {
        Ok(s) => Some(s),
        Err(why) => {
            if std::env::var_os("SITREP_REQUIRE_PG").is_some() {
                panic!("SITREP_REQUIRE_PG is set but no PostgreSQL server could be started: {why}");
            }
            eprintln!("NOTICE: skipping the PostgreSQL tests: {why}");
            None
        }
    }
}
