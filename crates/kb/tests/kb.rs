//! Behaviour of the embedded knowledge base on names news uses (sentences and names here are
//! our own examples).

use std::sync::OnceLock;

use sitrep_kb::{CountryHow, Feature, HitKind, Kb, KbError};

fn kb() -> &'static Kb {
    static KB: OnceLock<Kb> = OnceLock::new();
    KB.get_or_init(|| Kb::load_default().expect("default kb loads"))
}

fn has(kb: &Kb, phrase: &str, kind: HitKind, id: &str) -> bool {
    kb.lookup(phrase)
        .iter()
        .any(|h| h.kind == kind && h.id == id)
}

#[test]
fn georgia_is_a_country_and_a_us_state() {
    let kb = kb();
    assert!(has(
        kb,
        "Georgia",
        HitKind::Country(CountryHow::Name),
        "GEO"
    ));
    let states = kb.places_named("Georgia", Some("USA"));
    let first = states.first().expect("a place named Georgia");
    assert_eq!(&*first.country, "USA");
    assert_eq!(first.feature, Feature::Admin1);
    assert!(kb.lookup("Georgia")[0].kind == HitKind::Country(CountryHow::Name));
    assert!(has(
        kb,
        "Georgian",
        HitKind::Country(CountryHow::Demonym),
        "GEO"
    ));
}

#[test]
fn washington_is_a_city_a_state_and_a_metonym() {
    let kb = kb();
    let hits = kb.lookup("Washington");
    assert!(
        hits.iter()
            .any(|h| h.kind == HitKind::Country(CountryHow::Metonym) && h.id == "USA")
    );
    assert!(hits.iter().any(|h| h.kind == HitKind::Place));
    let places = kb.places_named("Washington", Some("USA"));
    assert!(places.iter().any(|p| p.feature == Feature::City));
    assert!(places.iter().any(|p| p.feature == Feature::Admin1));
    let pentagon = kb.lookup("the Pentagon");
    let m = pentagon
        .iter()
        .find(|h| h.kind == HitKind::Country(CountryHow::Metonym))
        .expect("Pentagon metonym");
    assert_eq!((m.id, m.sector), ("USA", Some("MIL")));
    assert!(has(
        kb,
        "Kremlin",
        HitKind::Country(CountryHow::Metonym),
        "RUS"
    ));
    assert!(has(kb, "Kremlin", HitKind::Place, "x:kremlin"));
    assert!(has(
        kb,
        "Elysee",
        HitKind::Country(CountryHow::Metonym),
        "FRA"
    ));
    // an IGO seat comes back as the org
    assert!(has(kb, "Brussels", HitKind::Org, "eu"));
}

#[test]
fn jordan_and_other_countries() {
    let kb = kb();
    assert!(has(kb, "Jordan", HitKind::Country(CountryHow::Name), "JOR"));
    for (q, iso) in [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("U.K.", "GBR"),
        ("Britain", "GBR"),
        ("Russia", "RUS"),
        ("Saudi Arabia", "SAU"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("North Korea", "PRK"),
        ("South Korea", "KOR"),
        ("PRC", "CHN"),
        ("Burma", "MMR"),
        ("Yugoslavia", "SRB"),
        ("Kosovo", "XKX"),
        ("Republic of the Congo", "COG"),
    ] {
        assert!(
            has(kb, q, HitKind::Country(CountryHow::Name), iso),
            "{q} → {iso}"
        );
    }
    for (q, iso) in [
        ("American", "USA"),
        ("British", "GBR"),
        ("Russians", "RUS"),
        ("Ukrainians", "UKR"),
        ("Soviet", "RUS"),
        ("Saudi", "SAU"),
        ("Emirati", "ARE"),
        ("Palestinians", "PSE"),
        ("Chinese", "CHN"),
        ("Burmese", "MMR"),
        ("Serb", "SRB"),
        ("Bosnian", "BIH"),
        ("Congolese", "COD"),
        ("Swiss", "CHE"),
        ("Dutch", "NLD"),
        ("Afghan", "AFG"),
        ("Sri Lankan", "LKA"),
        ("Turkish", "TUR"),
        ("Kosovar", "XKX"),
        ("Kyrgyz", "KGZ"),
        ("Macedonian", "MKD"),
    ] {
        assert!(
            has(kb, q, HitKind::Country(CountryHow::Demonym), iso),
            "{q} → {iso}"
        );
    }
    assert!(
        kb.lookup("Kurdish")
            .iter()
            .all(|h| !matches!(h.kind, HitKind::Country(_)))
    );
    // short capitals are words in lower case
    assert!(!has(kb, "us", HitKind::Country(CountryHow::Name), "USA"));
    assert!(!has(kb, "who", HitKind::Org, "who"));
    assert!(has(kb, "WHO", HitKind::Org, "who"));
    assert!(!has(kb, "Is", HitKind::Org, "isis"));
    let usa = kb.country("USA").expect("USA");
    assert_eq!(usa.demonym(), Some("American"));
    assert_eq!(usa.capital, "Washington D.C.");
    assert!(has(
        kb,
        "Russia's",
        HitKind::Country(CountryHow::Name),
        "RUS"
    ));
}

#[test]
fn orgs_and_groups() {
    let kb = kb();
    assert!(has(kb, "U.N.", HitKind::Org, "un"));
    assert!(has(kb, "the United Nations", HitKind::Org, "un"));
    assert!(has(kb, "the Security Council", HitKind::Org, "unsc"));
    // An acronym after a capitalised article at the head of a sentence is still the acronym,
    // and never the Indian town "Un" it folds to.
    assert!(has(kb, "The UN", HitKind::Org, "un"));
    assert!(has(kb, "The U.N.", HitKind::Org, "un"));
    assert!(!has(kb, "The Un", HitKind::Org, "un"));
    assert_eq!(kb.org("unsc").map(|o| o.country.as_str()), Some("UN"));
    assert!(has(kb, "Nato", HitKind::Org, "nato"));
    let hamas = kb.org("hamas").expect("hamas");
    assert_eq!((hamas.country.as_str(), hamas.is_group()), ("PSE", true));
    assert_eq!(kb.org("alqaeda").map(|o| o.country.as_str()), Some("IMG"));
    assert!(has(kb, "Houthis", HitKind::Org, "houthis"));
    assert!(has(kb, "Red Crescent", HitKind::Org, "ifrc"));
}

#[test]
fn places_with_russian_and_ukrainian_spellings() {
    let kb = kb();
    let kyiv = kb.places_named("Kiev", None);
    assert_eq!(
        kyiv.first().map(|p| (p.name.as_str(), &*p.country)),
        Some(("Kyiv", "UKR"))
    );
    let kharkiv = kb.places_named("Kharkov", None);
    let first = kharkiv.first().expect("Kharkov");
    assert_eq!(
        (first.name.as_str(), first.feature),
        ("Kharkiv", Feature::City)
    );
    for q in ["Zaporozhye", "Zaporizhia", "Zaporizhzhia"] {
        let p = kb.places_named(q, Some("UKR"));
        let p = p.first().expect(q);
        assert_eq!(
            (p.name.as_str(), p.feature),
            ("Zaporizhzhia", Feature::City),
            "{q}"
        );
    }
    let miami = kb.places_named("Miami", None);
    assert_eq!(miami.first().map(|p| &*p.country), Some("USA"));
    let odessa = kb.places_named("Odessa", None);
    assert_eq!(odessa.first().map(|p| &*p.country), Some("UKR"));
    let pokrovsk = kb.places_named("Pokrovsk", Some("UKR"));
    assert_eq!(pokrovsk.first().map(|p| &*p.country), Some("UKR"));
    // region forms
    for (q, id) in [
        ("Kursk region", "RU.41"),
        ("Kirovohrad region", "UA.10"),
        ("Cherkasy region", "UA.02"),
        ("Kharkov region", "UA.07"),
        ("Riyadh Region", "SA.10"),
    ] {
        assert!(has(kb, q, HitKind::Place, id), "{q}");
    }
    for (q, id) in [
        ("Donbas", "x:donbas"),
        ("Donbass", "x:donbas"),
        ("Crimean peninsula", "UA.11"),
        ("Diriyah", "110312"),
        ("Diriyah Palace", "x:diriyah-palace"),
        ("Zaporizhzhia nuclear power plant", "x:zaporizhzhia-npp"),
        ("Dolmabahce Palace", "x:dolmabahce"),
        ("Reagan Library", "x:reagan-library"),
        ("Gaza Strip", "PS.GZ"),
        ("West Bank", "PS.WE"),
        ("Golan Heights", "x:golan"),
        ("Darfur", "x:darfur"),
        ("Jiddah", "105343"),
        ("Kirkuk", "94787"),
    ] {
        assert!(has(kb, q, HitKind::Place, id), "{q}");
    }
    let riyadh = kb.places_named("Riyadh", None);
    let r = riyadh.first().expect("Riyadh");
    assert_eq!(
        (&*r.country, r.admin1.as_deref()),
        ("SAU", Some("Riyadh Region"))
    );
    assert!(kb.place_alternates("703448").contains(&"Kiev"));
}

#[test]
fn people_and_their_spellings() {
    let kb = kb();
    assert!(has(kb, "Zelenskiy", HitKind::Person, "volodymyr-zelensky"));
    assert!(has(kb, "Zelenskyi", HitKind::Person, "volodymyr-zelensky"));
    // A given name with the first of two surnames.
    assert!(has(
        kb,
        "Claudia Sheinbaum",
        HitKind::Person,
        "claudia-sheinbaum-pardo"
    ));
    assert!(has(
        kb,
        "Nayib Bukele",
        HitKind::Person,
        "nayib-armando-bukele-ortez"
    ));
    let by_surname = kb.person_by_surname("Zelenskyy");
    assert_eq!(
        by_surname.first().map(|p| p.id.as_str()),
        Some("volodymyr-zelensky")
    );
    let a = kb.lookup("Sergei Lavrov");
    let b = kb.lookup("Sergey Lavrov");
    assert_eq!(a.first().map(|h| h.id), Some("sergei-lavrov"));
    assert_eq!(a.first().map(|h| h.id), b.first().map(|h| h.id));
    assert_eq!(
        kb.person_by_skeleton("Sergey Lavrov")
            .first()
            .map(|p| p.id.as_str()),
        Some("sergei-lavrov")
    );
    // a spelling not listed, found by skeleton
    assert!(has(kb, "Rustem Umyerov", HitKind::Person, "rustem-umerov"));
    for q in [
        "Musaed al Alban",
        "Mosaad bin Mohammad al-Aiban",
        "Musaed Al-Aiban",
    ] {
        assert!(has(kb, q, HitKind::Person, "musaed-al-aiban"), "{q}");
    }
    assert!(has(
        kb,
        "Prince Faisal bin Farhan al-Saud",
        HitKind::Person,
        "faisal-bin-farhan"
    ));
    assert!(has(kb, "Lavrov", HitKind::Person, "sergei-lavrov"));
    let rubio = kb.person("marco-rubio").expect("rubio");
    assert_eq!(rubio.country, "USA");
    let d = chrono::NaiveDate::from_ymd_opt(2025, 2, 18).expect("date");
    assert_eq!(
        rubio.roles_on(d).first().map(|r| r.title.as_str()),
        Some("Secretary of State")
    );
    let kallas = kb.person("kaja-kallas").expect("kallas");
    let d2022 = chrono::NaiveDate::from_ymd_opt(2022, 6, 1).expect("date");
    assert_eq!(kallas.country_on(d2022), "EST");
    assert_eq!(kallas.country_on(d), "EU");
    // Factbook leaders come in with fixed capitalisation
    let starmer = kb.person_by_surname("Starmer");
    assert_eq!(starmer.first().map(|p| &*p.country), Some("GBR"));
    let schoof = kb.person("dick-schoof").expect("Factbook leader");
    assert_eq!(schoof.name, "Dick Schoof");
    assert!(has(kb, "Saddam Hussein", HitKind::Person, "saddam-hussein"));
    assert!(kb.is_first_name("Sergei"));
    assert!(kb.is_first_name("Olena"));
    assert!(!kb.is_first_name("Kremlin"));
    assert!(kb.max_phrase_tokens() >= 5);
}

#[test]
fn user_files_extend_and_report_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("extra_people.tsv");
    std::fs::write(
        &good,
        "# our additions\nid\tname\tcountry\tsector\troles\taliases\n\
         olena-testenko\tOlena Testenko\tUKR\tGOV\tDeputy Minister|2024-01-05|\tOlena Testenka\n\
         sergei-lavrov\t\t\t\t\tLavrik Testov\n",
    )
    .expect("write");
    let kb = Kb::load(&[good]).expect("loads");
    assert!(has(
        &kb,
        "Olena Testenko",
        HitKind::Person,
        "olena-testenko"
    ));
    // an existing id is amended, not duplicated
    assert!(has(&kb, "Lavrik Testov", HitKind::Person, "sergei-lavrov"));
    assert_eq!(kb.person("sergei-lavrov").map(|p| &*p.country), Some("RUS"));

    let bad = dir.path().join("bad_places.tsv");
    std::fs::write(
        &bad,
        "id\tname\tcountry\tadmin1\tfeature\tlat\tlon\tpopulation\talternates\n\
         x:ok\tOkplace\tUKR\t\tcity\t48.1\t37.2\t100\t\n\
         x:bad\tBadplace\tUKR\t\tcity\tnorth\t37.2\t100\t\n",
    )
    .expect("write");
    let err = Kb::load(&[bad]).expect_err("bad lat");
    match &err {
        KbError::Parse { line, field, .. } => assert_eq!((*line, field.as_str()), (3, "lat")),
        other => panic!("unexpected {other}"),
    }
    assert!(err.to_string().contains("bad_places.tsv:3"), "{err}");

    let unknown = dir.path().join("what.tsv");
    std::fs::write(&unknown, "a\tb\n1\t2\n").expect("write");
    assert!(matches!(
        Kb::load(&[unknown]),
        Err(KbError::UnknownFormat { .. })
    ));
    let missing = dir.path().join("missing.tsv");
    assert!(matches!(Kb::load(&[missing]), Err(KbError::Io { .. })));
}

#[test]
fn bad_dates_and_codes_are_errors() {
    let people =
        "id\tname\tcountry\tsector\troles\taliases\nx\tX Y\tUKR\tGOV\tMinister|2024-13-01|\t\n";
    let err = Kb::from_texts(&[("p.tsv", people)]).expect_err("bad date");
    assert!(
        err.to_string().starts_with("p.tsv:2: field `roles`"),
        "{err}"
    );
    let orgs = "id\tname\tkind\tcountry\tsector\taliases\nz\tZed\tigo\tnato\tIGO\t\n";
    let err = Kb::from_texts(&[("o.tsv", orgs)]).expect_err("bad code");
    assert!(err.to_string().contains("field `country`"), "{err}");
    let long =
        "iso3\tiso2\tname\tofficial\taliases\tdemonyms\tcapital\nABC\tAB\tA\tA\t\t\t\textra\n";
    assert!(Kb::from_texts(&[("c.tsv", long)]).is_err());
}

#[test]
fn load_time_is_printed() {
    // not an assertion: release-mode numbers come from `--example load_time`
    let t = std::time::Instant::now();
    let kb = Kb::load_default().expect("loads");
    kb.warm();
    println!("debug-build load + index: {:?}", t.elapsed());
}

/// `lookup_records` hands out the record each hit names, so extraction need not look it up
/// again by id: it must be the very record the id lookup finds, in the order and with the
/// scores of `lookup`, also for a place a user file amended.
#[test]
fn lookup_records_are_the_records_the_ids_name() {
    use sitrep_kb::Record;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("amend_places.tsv");
    // amend an embedded place (a new spelling) and add one
    let kyiv = kb()
        .lookup("Kyiv")
        .into_iter()
        .find(|h| h.kind == HitKind::Place)
        .expect("Kyiv is a place")
        .id;
    std::fs::write(
        &file,
        format!(
            "id\tname\tcountry\tadmin1\tfeature\tlat\tlon\tpopulation\talternates\n\
             {kyiv}\t\t\t\t\t\t\t\tKyivtest\n\
             x:testburg\tTestburg\tUKR\t\tcity\t48.1\t37.2\t100\tTestburh\n"
        ),
    )
    .expect("write");
    let amended = Kb::load(&[file]).expect("loads");
    for kb in [kb(), &amended] {
        for phrase in [
            "Georgia",
            "Washington",
            "Kyiv",
            "the Kremlin",
            "Brussels",
            "Zelenskiy",
            "Sergey Lavrov",
            "NATO",
            "Paris",
            "US",
            "Russia's",
            "Testburh",
            "Kyivtest",
            "Nowhere Atall",
        ] {
            let plain = kb.lookup(phrase);
            let with = kb.lookup_records(phrase);
            assert_eq!(plain.len(), with.len(), "{phrase}");
            for (p, (h, rec)) in plain.iter().zip(&with) {
                assert_eq!((p.kind, p.id, p.score), (h.kind, h.id, h.score), "{phrase}");
                let same = match *rec {
                    Record::Country(c) => kb.country(h.id).is_some_and(|x| std::ptr::eq(x, c)),
                    Record::Org(o) => kb.org(h.id).is_some_and(|x| std::ptr::eq(x, o)),
                    Record::Place(pl) => kb.place(h.id).is_some_and(|x| std::ptr::eq(x, pl)),
                    Record::Person(pe) => kb.person(h.id).is_some_and(|x| std::ptr::eq(x, pe)),
                };
                assert!(same, "{phrase}: {} is not the record its id names", h.id);
            }
        }
    }
    assert!(!amended.lookup_records("Testburh").is_empty());
    assert!(
        amended
            .lookup_records("Kyivtest")
            .iter()
            .any(|(h, _)| h.id == kyiv)
    );
}
