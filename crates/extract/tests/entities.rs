//! Mentions and entity resolution with the shipped knowledge base, on sentences written for
//! these tests: homonyms, metonyms, transliteration variants, unknown people.

use sitrep_extract::{Extractor, Rules, merge_entities};
use sitrep_model::{Document, EntityKind, EntityRecord, EventType};

fn extractor() -> Extractor<sitrep_kb::Kb> {
    Extractor::new(
        Rules::builtin().expect("rules"),
        sitrep_kb::Kb::load_default().expect("kb"),
    )
}

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        ..Document::default()
    }
}

fn find<'a>(
    ents: &'a [EntityRecord],
    kind: EntityKind,
    name_part: &str,
) -> Option<&'a EntityRecord> {
    ents.iter().find(|e| {
        e.kind == kind
            && (e.name.contains(name_part) || e.aliases.iter().any(|a| a.contains(name_part)))
    })
}

#[test]
fn georgia_the_country_and_georgia_the_state() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "g1",
        "Georgia rejected the demands of the European Union on Monday.",
    ));
    assert!(
        out.entities.iter().any(|e| e.id == "country:GEO"),
        "{:?}",
        out.entities
    );
    let out = ex.extract(&doc(
        "g2",
        "The storm flooded streets in Savannah, Georgia, on Monday.",
    ));
    assert!(
        !out.entities.iter().any(|e| e.id == "country:GEO"),
        "{:?}",
        out.entities
    );
}

#[test]
fn washington_the_government_and_washington_the_city() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "w1",
        "Washington imposed new sanctions on Iran on Tuesday.",
    ));
    let e = out
        .events
        .iter()
        .find(|e| e.event_type == EventType::Sanction)
        .expect("sanction");
    assert_eq!(e.actors[0].country.as_deref(), Some("USA"));
    let out = ex.extract(&doc(
        "w2",
        "Thousands of farmers protested in Washington on Tuesday.",
    ));
    let e = out
        .events
        .iter()
        .find(|e| e.event_type == EventType::Protest)
        .expect("protest");
    assert_eq!(
        e.location.as_ref().map(|l| l.name.as_str()),
        Some("Washington")
    );
}

#[test]
fn jordan_the_country_is_not_a_person_named_jordan() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "j1",
        "Jordan closed its border with Syria after the clashes.",
    ));
    assert!(out.entities.iter().any(|e| e.id == "country:JOR"));
    let out = ex.extract(&doc(
        "j2",
        "Former striker Jordan Henderson said he would meet the coach.",
    ));
    assert!(
        !out.entities.iter().any(|e| e.id == "country:JOR"),
        "{:?}",
        out.entities
    );
}

#[test]
fn transliterations_resolve_to_one_person_across_documents() {
    let ex = extractor();
    let a = ex.extract(&doc(
        "t1",
        "President Volodymyr Zelenskyy spoke to reporters in Kyiv.",
    ));
    let b = ex.extract(&doc("t2", "Zelenskiy met Sergey Lavrov's critics in Lviv."));
    let c = ex.extract(&doc(
        "t3",
        "Russian Foreign Minister Sergei Lavrov flew to Ankara.",
    ));
    let all = merge_entities(a.entities.into_iter().chain(b.entities).chain(c.entities));
    let zel: Vec<&EntityRecord> = all.iter().filter(|e| e.name.contains("Zelensk")).collect();
    assert_eq!(zel.len(), 1, "{zel:?}");
    assert_eq!(zel[0].mentions.len(), 2);
    let lav: Vec<&EntityRecord> = all.iter().filter(|e| e.name.contains("Lavrov")).collect();
    assert_eq!(lav.len(), 1, "{lav:?}");
    assert_eq!(lav[0].country.as_deref(), Some("RUS"));
}

#[test]
fn unknown_people_get_stable_ids_and_titles_give_role_and_country() {
    let ex = extractor();
    let text = "Kenyan Interior Minister Amina Wanjiru said on Monday that police had arrested 12 suspects. Wanjiru added that more arrests would follow.";
    let a = ex.extract(&doc("u1", text));
    let b = ex.extract(&doc("u1", text));
    let p = find(&a.entities, EntityKind::Person, "Wanjiru").expect("person");
    assert_eq!(p.country.as_deref(), Some("KEN"));
    assert!(
        p.roles
            .iter()
            .any(|r| r.to_lowercase().contains("minister")),
        "{:?}",
        p.roles
    );
    assert_eq!(
        p.mentions.len(),
        2,
        "the surname links back: {:?}",
        p.mentions
    );
    assert_eq!(a.entities, b.entities);
    // A different person with the same surname, from another country, is another entity.
    let c = ex.extract(&doc(
        "u2",
        "Tanzanian opposition leader Joseph Wanjiru called for new elections.",
    ));
    let q = find(&c.entities, EntityKind::Person, "Wanjiru").expect("person");
    assert_ne!(p.id, q.id);
}

#[test]
fn seed_places_resolve_to_gazetteer_entries_with_coordinates() {
    let kb = sitrep_kb::Kb::load_default().expect("kb");
    for (name, country) in [
        ("Riyadh", "SAU"),
        ("Diriyah", "SAU"),
        ("Dolynska", "UKR"),
        ("Kirovohrad region", "UKR"),
        ("Cherkasy region", "UKR"),
        ("Jeddah", "SAU"),
        ("Moscow", "RUS"),
        ("Kursk", "RUS"),
        ("Miami", "USA"),
        ("Florida", "USA"),
        ("Paris", "FRA"),
        ("London", "GBR"),
        ("Simi Valley", "USA"),
        ("Donbas", "UKR"),
        ("Zaporizhzhia", "UKR"),
        ("Poland", "POL"),
    ] {
        let places = kb.places_named(name, None);
        let ok = places
            .iter()
            .any(|p| &*p.country == country && p.lat != 0.0 && p.lon != 0.0);
        let country_hit = kb
            .lookup(name)
            .iter()
            .any(|h| matches!(h.kind, sitrep_kb::HitKind::Country(_)) && h.id == country);
        assert!(ok || country_hit, "{name}: {:?}", places.first());
    }
}

#[test]
fn a_country_and_a_title_refer_back_to_the_person_named_earlier() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "r1",
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed on Monday. Later the Kenyan president criticised the Ethiopian leader over the dam.",
    ));
    let ruto = find(&out.entities, EntityKind::Person, "Ruto").expect("Ruto");
    assert_eq!(ruto.mentions.len(), 2, "{:?}", ruto.mentions);
    let e = out
        .events
        .iter()
        .find(|e| e.event_type == EventType::Accuse)
        .expect("accuse");
    assert!(e.actors[0].name.contains("Ruto"), "{:?}", e.actors);
    assert!(
        e.recipients.iter().any(|r| r.name.contains("Abiy")),
        "{:?}",
        e.recipients
    );
}

/// People no knowledge base lists, found from the words around their names, with the role
/// and country those words give.
#[test]
fn unknown_people_from_the_words_around_them() {
    let ex = extractor();
    let cases: &[(&str, &str, Option<&str>)] = &[
        // A noun for a person before the name: its role, and the country word before it.
        (
            "Police detained Norwegian activist Tove Lindqvist outside the court.",
            "Tove Lindqvist",
            Some("NOR"),
        ),
        // A reporting verb after the name.
        (
            "\"The road is closed,\" Ikenna Obiora said on Monday.",
            "Ikenna Obiora",
            None,
        ),
        // A reporting verb before it, with an apposition after.
        (
            "\"We need more tents,\" said Amadou Diallo, a local official.",
            "Amadou Diallo",
            None,
        ),
        // A title word inside a capitalised run ends the title.
        (
            "The bill was blocked by Senate Majority Leader Harlan Fenwick.",
            "Harlan Fenwick",
            None,
        ),
        // Coordination with a person just named; a hyphenated demonym gives the country.
        (
            "The group freed hostages Dana Weiss and Canadian-Israeli Omri Feld on Sunday.",
            "Omri Feld",
            Some("ISR"),
        ),
    ];
    let mut failures = Vec::new();
    for (text, name, country) in cases {
        let out = ex.extract(&doc("p", text));
        match find(&out.entities, EntityKind::Person, name) {
            None => failures.push(format!("{text:?}: no person {name:?}")),
            Some(e) if e.name != *name => {
                failures.push(format!("{text:?}: {name:?} read as {:?}", e.name))
            }
            Some(e) => {
                if let Some(c) = country
                    && e.country.as_deref() != Some(*c)
                {
                    failures.push(format!("{text:?}: {name:?} country {:?}", e.country));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_name_after_an_institution_noun_is_the_institutions() {
    let ex = extractor();
    // "David" is a given name, but the run names the rescue service.
    let out = ex.extract(&doc(
        "r",
        "Israeli rescue service Magen David Adom said two people were lightly injured.",
    ));
    assert!(
        find(&out.entities, EntityKind::Person, "Magen David Adom").is_none()
            && find(&out.entities, EntityKind::Person, "David Adom").is_none(),
        "{:?}",
        out.entities
    );
    // A noun for a person before the name is no institution.
    let out = ex.extract(&doc(
        "r2",
        "Militants freed French-Israeli national Ofer Weiss on Saturday.",
    ));
    assert!(
        find(&out.entities, EntityKind::Person, "Ofer Weiss").is_some(),
        "{:?}",
        out.entities
    );
}

/// A surname the knowledge base also lists as an organisation is the person's when it ends a
/// name that follows a title or opens with a given name; alone it is the organisation.
#[test]
fn a_surname_shared_with_an_organisation_is_the_persons() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "w",
        "Congolese Foreign minister Therese Kayikwamba Wagner said the attack was a declaration of war.",
    ));
    assert!(
        find(
            &out.entities,
            EntityKind::Person,
            "Therese Kayikwamba Wagner"
        )
        .is_some(),
        "{:?}",
        out.entities
    );
    assert!(
        !out.entities.iter().any(|e| e.id == "org:wagner"),
        "{:?}",
        out.entities
    );
    let out = ex.extract(&doc("w2", "Wagner fighters left Bakhmut on Monday."));
    assert!(
        out.entities.iter().any(|e| e.id == "org:wagner"),
        "{:?}",
        out.entities
    );
}

/// An armed group's office names the group's country for the person holding it.
#[test]
fn an_armed_groups_spokesman_is_of_the_groups_country() {
    let ex = extractor();
    let out = ex.extract(&doc(
        "t",
        "Taliban spokesman Zabihullah Mujahid said Pakistani jets bombed homes in Khost.",
    ));
    let p = find(&out.entities, EntityKind::Person, "Zabihullah Mujahid");
    assert_eq!(
        p.and_then(|p| p.country.as_deref()),
        Some("AFG"),
        "{:?}",
        out.entities
    );
}
