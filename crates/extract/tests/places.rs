//! Place recognition and resolution with the shipped gazetteer, on sentences written for these
//! tests: homonyms told apart by context, transliterations, regions, districts, common words
//! that are also villages, and event places that the text does not give.

use std::sync::OnceLock;

use sitrep_extract::{Extractor, Rules};
use sitrep_model::{Document, EntityKind, EntityRecord, EventType};

fn extractor() -> &'static Extractor<sitrep_kb::Kb> {
    static EX: OnceLock<Extractor<sitrep_kb::Kb>> = OnceLock::new();
    EX.get_or_init(|| {
        Extractor::new(
            Rules::builtin().expect("rules"),
            sitrep_kb::Kb::load_default().expect("kb"),
        )
    })
}

fn entities(text: &str) -> Vec<EntityRecord> {
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        ..Document::default()
    };
    extractor().extract(&doc).entities
}

/// The place entity one of whose mentions is written `surface`.
fn place<'a>(ents: &'a [EntityRecord], surface: &str) -> Option<&'a EntityRecord> {
    ents.iter()
        .find(|e| e.kind == EntityKind::Place && e.mentions.iter().any(|m| m.text == surface))
}

fn country_of(ents: &[EntityRecord], surface: &str) -> Option<String> {
    place(ents, surface).and_then(|e| e.country.clone())
}

#[test]
fn odessa_texas_and_odesa_ukraine() {
    let ents = entities("Storms flooded streets in Odessa, Texas, on Monday.");
    assert_eq!(country_of(&ents, "Odessa").as_deref(), Some("USA"));
    let p = place(&ents, "Odessa")
        .and_then(|e| e.place.as_ref())
        .expect("reading");
    assert_eq!(p.admin1.as_deref(), Some("Texas"));
    assert!(
        p.evidence.iter().any(|e| e.starts_with("admin")),
        "{:?}",
        p.evidence
    );

    let ents = entities("Russian drones struck the port of Odessa overnight, Ukraine said.");
    assert_eq!(country_of(&ents, "Odessa").as_deref(), Some("UKR"));
}

#[test]
fn tripoli_lebanon_and_tripoli_libya() {
    let ents = entities("Students protested outside a school in Tripoli, Lebanon.");
    assert_eq!(country_of(&ents, "Tripoli").as_deref(), Some("LBN"));
    let ents = entities(
        "Militias clashed in Tripoli on Friday. Libya's unity government called for calm.",
    );
    assert_eq!(country_of(&ents, "Tripoli").as_deref(), Some("LBY"));
    let ents =
        entities("Lebanese soldiers deployed in Tripoli after the protest. Beirut promised aid.");
    assert_eq!(country_of(&ents, "Tripoli").as_deref(), Some("LBN"));
}

#[test]
fn georgia_the_state_beside_a_us_city() {
    let ents = entities("A tornado hit Savannah, Georgia, late on Tuesday.");
    assert_eq!(country_of(&ents, "Savannah").as_deref(), Some("USA"));
    // the country reading stays the country entity
    let ents = entities("Georgia and Armenia signed a border accord in Tbilisi.");
    assert!(ents.iter().any(|e| e.id == "country:GEO"));
}

#[test]
fn transliterations_find_the_same_place() {
    for (surface, text) in [
        ("Kharkov", "Shelling was reported in Kharkov on Sunday."),
        ("Kharkiv", "Shelling was reported in Kharkiv on Sunday."),
        ("Zaporozhye", "Drones hit an energy site near Zaporozhye."),
    ] {
        let ents = entities(text);
        let e = place(&ents, surface).unwrap_or_else(|| panic!("{surface} in {ents:?}"));
        assert_eq!(e.country.as_deref(), Some("UKR"), "{surface}");
    }
}

#[test]
fn regions_and_districts_by_their_kind_words() {
    let ents = entities("Air defence downed drones over the Kirovohrad region at night.");
    let e = place(&ents, "Kirovohrad region").expect("region");
    assert_eq!(e.place.as_ref().map(|p| p.feature.as_str()), Some("admin1"));
}

/// Districts and villages named with their regions; some below the gazetteer's population floor
/// are not found yet.
#[test]
#[ignore = "known gap: districts and villages below the gazetteer's floor are not resolved yet"]
fn districts_and_villages_with_their_regions() {
    let ents =
        entities("Two guards were wounded near the centre of Maruf district, Kandahar, on Monday.");
    let e = place(&ents, "Maruf district").expect("district");
    let p = e.place.as_ref().expect("reading");
    assert_eq!(
        (e.country.as_deref(), p.admin1.as_deref()),
        (Some("AFG"), Some("Kandahar"))
    );

    // "X (district, province)": the village whose district and province match
    let ents =
        entities("Armed men emptied a market in Nangade village (Nangade, Cabo Delgado) at dawn.");
    let e = place(&ents, "Nangade").expect("Nangade");
    assert_eq!(e.country.as_deref(), Some("MOZ"));
}

#[test]
fn common_words_and_surnames_are_not_places() {
    let ents = entities("Police said more than forty people were hurt. Most were treated at home.");
    assert!(
        !ents.iter().any(|e| e.kind == EntityKind::Place),
        "{:?}",
        ents.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

#[test]
fn mention_offsets_are_characters() {
    // the curly apostrophe is three bytes in UTF-8 but one character
    let text = "Officials’ statement: fighting spread to Kharkiv.";
    let ents = entities(text);
    let e = place(&ents, "Kharkiv").expect("Kharkiv");
    let m = &e.mentions[0];
    let chars: Vec<char> = text.chars().collect();
    let got: String = chars[m.start..m.end].iter().collect();
    assert_eq!(got, "Kharkiv");
}

#[test]
fn one_reading_per_name_per_document() {
    let ents = entities(
        "Protesters gathered in Paris, Texas, on Monday. Later the crowd in Paris dispersed.",
    );
    let e = place(&ents, "Paris").expect("Paris");
    assert_eq!(e.country.as_deref(), Some("USA"));
    assert!(e.mentions.len() >= 2, "{:?}", e.mentions);
}

#[test]
fn a_small_name_before_more_capitalised_words_is_a_fragment() {
    // "Hazar" is a town in Turkmenistan; here it begins a longer name the gazetteer lacks
    let ents =
        entities("A convoy was ambushed near Hazar Qadam Bazaar, officials in Helmand said.");
    assert!(place(&ents, "Hazar").is_none(), "{ents:?}");
    // "Al" (a Norwegian village, "Ål") is the article of an Arabic name
    let ents =
        entities("Drones struck a depot in Al Zawiyat Hamra overnight, Libyan officials said.");
    assert!(place(&ents, "Al").is_none(), "{ents:?}");
    // a well-known place names things after itself: still a place
    let ents = entities("The locker was rented in May, the Maryland State Police said.");
    assert_eq!(country_of(&ents, "Maryland State").as_deref(), Some("USA"));
}

#[test]
fn tiny_namesakes_do_not_prop_each_other_up() {
    // Maryland has a Damascus and a hamlet called Middle East: two unsupported namesakes
    // near each other must not outvote the capital of Syria
    let ents = entities(
        "The strike on the consulate in Damascus widened the Middle East conflict, diplomats said.",
    );
    assert_eq!(country_of(&ents, "Damascus").as_deref(), Some("SYR"));
    let me = place(&ents, "Middle East").expect("Middle East");
    assert_eq!(me.country, None, "a region of several countries");
}

#[test]
fn a_far_namesake_without_support_is_no_place() {
    // Paktia sets the scene in Afghanistan; the only "Jiji" the gazetteer has is in China
    let ents = entities("Police in Paktia said a roadside bomb hit a truck in Jiji on Sunday.");
    assert_ne!(country_of(&ents, "Jiji").as_deref(), Some("CHN"));
    assert_eq!(country_of(&ents, "Paktia").as_deref(), Some("AFG"));
}

#[test]
fn a_name_after_in_whose_readings_are_all_far_is_an_unlisted_place() {
    // the gazetteer's only Jiji is in China: the name stays a place of the report's country,
    // without a reading (so without coordinates)
    let ents = entities("Police in Paktia said a roadside bomb hit a truck in Jiji on Sunday.");
    let e = place(&ents, "Jiji").expect("Jiji");
    assert_eq!(e.country.as_deref(), Some("AFG"));
    assert!(e.place.is_none(), "{e:?}");
    // but not a person's name, the start of a longer name or an acronym
    let ents = entities(
        "Police in Paktia said the convoy drove through Jiji's fields, then past Jiji Camp 13 and into BA.",
    );
    assert!(
        ents.iter().all(|e| e.kind != EntityKind::Place
            || e.mentions
                .iter()
                .all(|m| m.text != "Jiji" && m.text != "BA")),
        "{ents:?}"
    );
}

#[test]
fn a_capital_that_says_where_a_district_lies_is_the_place() {
    // after "district," the capital names the province the district lies in, not the
    // government
    let ents = entities("Gunmen attacked a checkpoint in Surobi district, Kabul, on Friday.");
    let e = place(&ents, "Kabul").expect("Kabul as a place");
    assert_eq!(e.country.as_deref(), Some("AFG"));
    // a city that stands for an organisation seated in it is the city after "in"
    let ents = entities("Transport ministers met in Brussels on Tuesday to discuss airport fees.");
    let e = place(&ents, "Brussels").expect("Brussels as a place");
    assert_eq!(e.country.as_deref(), Some("BEL"));
    // and the organisation where it acts
    let ents = entities("Brussels fined the carmaker for breaking competition rules.");
    assert!(place(&ents, "Brussels").is_none(), "{ents:?}");
}

#[test]
fn a_village_in_a_country_the_report_barely_names_is_a_namesake() {
    // the gazetteer's only Heathrow is a Florida village; the report is about Britain and
    // names the United States once in passing
    let ents = entities(
        "Britain expelled two diplomats on Monday. Britain said officers searched a cargo plane at \
         Heathrow airport. Britain and the United States shared the findings. Britain thanked \
         its partners, and Britain said more steps would follow.",
    );
    let e = place(&ents, "Heathrow").expect("Heathrow");
    assert_ne!(e.country.as_deref(), Some("USA"), "{e:?}");
    assert!(e.place.is_none(), "{e:?}");
}

#[test]
fn a_canonical_name_written_in_plain_letters_keeps_the_text_spelling() {
    // GeoNames writes "Najrān"; the report writes it in plain letters
    let ents = entities("Drones struck a depot near Najran on Monday, Saudi officials said.");
    let e = place(&ents, "Najran").expect("Najran");
    assert_eq!(
        (e.name.as_str(), e.country.as_deref()),
        ("Najran", Some("SAU"))
    );
}

#[test]
fn a_comma_series_of_towns_lists_them() {
    // no town of the series says where the one before it lies
    let ents =
        entities("The chain closed its shops in Zilina, Nitra, Presov and Kosice last week.");
    for town in ["Zilina", "Nitra", "Presov", "Kosice"] {
        assert_eq!(
            country_of(&ents, town).as_deref(),
            Some("SVK"),
            "{town}: {ents:?}"
        );
    }
    // but a region after a comma still does, in a series too
    let ents = entities("Storms flooded streets in Odessa, Texas, and Kharkiv on Monday.");
    assert_eq!(country_of(&ents, "Odessa").as_deref(), Some("USA"));
}

#[test]
fn a_known_name_in_brackets_before_a_region_word_is_the_place() {
    // "Zap (Amadiya) region": the gazetteer knows the area by the name in brackets
    let evs = events("Turkish jets bombed villages in Zap (Amadiya) region of Dahuk on Monday.");
    let l = located(&evs, EventType::Assault);
    assert_eq!(l.map(|l| l.name.as_str()), Some("Amadiya"), "{evs:?}");
}

#[test]
fn a_building_is_no_locality() {
    // the school stands in the district, which is the place of the protest
    let evs = events(
        "Hundreds of students protested at Kabiza Secondary School in Arua district on Monday.",
    );
    let l = located(&evs, EventType::Protest);
    assert!(
        l.is_some_and(|l| l.name.starts_with("Arua") && l.feature.as_deref() != Some("locality")),
        "{evs:?}"
    );
}

#[test]
fn the_text_spelling_names_the_place() {
    // GeoNames writes "Avdiyivka"; the report's spelling is kept
    let ents =
        entities("Troops withdrew from Avdiivka after months of fighting, Ukraine's army said.");
    let e = place(&ents, "Avdiivka").expect("Avdiivka");
    assert_eq!(
        (e.name.as_str(), e.country.as_deref()),
        ("Avdiivka", Some("UKR"))
    );
    // a spelling that the gazetteer lists among many others
    let ents = entities("Clashes spread across Sweida on Tuesday, Syrian state media said.");
    assert_eq!(country_of(&ents, "Sweida").as_deref(), Some("SYR"));
    // a border line is a place of no single country
    let ents = entities("Shelling resumed along the Line of Control overnight, the army said.");
    let e = place(&ents, "Line of Control").expect("Line of Control");
    assert_eq!(e.country, None);
}

fn events(text: &str) -> Vec<sitrep_model::EventRecord> {
    let doc = Document {
        id: "t".into(),
        text: text.into(),
        published: chrono::NaiveDate::from_ymd_opt(2024, 5, 10),
        ..Document::default()
    };
    extractor().extract(&doc).events
}

fn located(evs: &[sitrep_model::EventRecord], t: EventType) -> Option<&sitrep_model::Location> {
    evs.iter()
        .find(|e| e.event_type == t)
        .unwrap_or_else(|| panic!("no {t:?} in {evs:#?}"))
        .location
        .as_ref()
}

#[test]
fn a_place_the_sentence_names_outside_the_clause_is_the_events() {
    // the protest's own clause names no place; its sentence does, after "in"
    let evs =
        events("Police and students clashed in Mosul when students protested at a police station.");
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(
        (loc.name.as_str(), loc.country.as_deref()),
        ("Mosul", Some("IRQ"))
    );
    assert!(!loc.inferred);
}

#[test]
fn an_event_told_after_its_place_keeps_that_place() {
    let evs = events(
        "Hundreds of farmers blocked a highway in Multan on Monday. Police dispersed them and arrested twelve people.",
    );
    let loc = located(&evs, EventType::Coerce).expect("the earlier sentence's place");
    assert_eq!(loc.name, "Multan");
    assert!(loc.inferred, "the text does not state it for the arrest");
    // with no place stated before, none is invented
    let evs = events("Police dispersed the crowd and arrested twelve people.");
    assert!(
        located(&evs, EventType::Coerce).is_none_or(|l| l.feature.as_deref() == Some("country")),
        "{evs:#?}"
    );
}

#[test]
fn a_word_of_direction_alone_is_no_place() {
    let ents = entities("Balloons carrying rubbish drifted into the South overnight.");
    assert!(place(&ents, "South").is_none(), "{ents:#?}");
    let ents = entities("The Central Election Commission counted the votes in Tbilisi.");
    assert!(place(&ents, "Central").is_none(), "{ents:#?}");
    assert!(place(&ents, "Tbilisi").is_some());
}

#[test]
fn a_region_keeps_the_texts_spelling() {
    // GeoNames writes the province "Şanlıurfa"; the report writes it without diacritics, and
    // not next to the town
    let evs = events(
        "Gunmen attacked a police post in Suruc on Monday. The governor of Sanliurfa condemned the attack.",
    );
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.country.as_deref(), Some("TUR"));
    assert_eq!(loc.admin1.as_deref(), Some("Sanliurfa"), "{loc:?}");
}

#[test]
fn a_place_after_its_kind_outside_the_clause() {
    // "in the town of X": the locative word stands before the kind of place, not the name
    let evs = events(
        "Police and students clashed in the town of Mosul when students protested at a police station.",
    );
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(
        (loc.name.as_str(), loc.country.as_deref()),
        ("Mosul", Some("IRQ"))
    );
}

#[test]
fn a_place_the_gazetteer_lacks_lies_in_the_place_the_text_puts_it_in() {
    // "Mbalatu" is no place the gazetteer lists; Rutshuru is, and the text puts Mbalatu there
    let evs = events(
        "Armed men abducted two farmers in Mbalatu village (Rutshuru, Nord-Kivu) on Monday.",
    );
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Mbalatu", "{loc:?}");
    assert_eq!(loc.feature.as_deref(), Some("locality"));
    assert_eq!(loc.country.as_deref(), Some("COD"));
    // the region as the text writes it
    assert_eq!(loc.admin1.as_deref(), Some("Nord-Kivu"), "{loc:?}");
    let (lat, lon) = (loc.lat.expect("lat"), loc.lon.expect("lon"));
    assert!(
        (lat + 1.19).abs() < 0.3 && (lon - 29.45).abs() < 0.3,
        "{lat},{lon}"
    );

    // "the town of X in the countryside of Y"
    let ents = entities(
        "A mine exploded near a house in the town of Tell Sabun in the eastern countryside of Deir-ez-Zor.",
    );
    let e = place(&ents, "Tell Sabun").expect("locality");
    let p = e.place.as_ref().expect("reading");
    assert_eq!(
        (p.feature.as_str(), e.country.as_deref()),
        ("locality", Some("SYR"))
    );
    // no locality from a capitalised noun phrase that is no place
    let ents = entities(
        "The Coordination of Resistance Committees in El Fasher confirmed the attack on Monday.",
    );
    assert!(
        !ents
            .iter()
            .any(|e| e.place.as_ref().is_some_and(|p| p.feature == "locality")),
        "{ents:#?}"
    );
}

#[test]
fn a_namesake_far_from_the_place_the_text_names_next_to_it_is_not_meant() {
    // the gazetteer's only Jalalpur of India lies 600 km from Shamli: the text means another
    let evs = events("Two farmers were killed in a clash in Jalalpur, Shamli on Sunday.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Jalalpur");
    let lat = loc.lat.expect("lat");
    assert!((lat - 29.45).abs() < 0.5, "near Shamli: {loc:?}");
}

#[test]
fn regions_by_their_iso_spelling() {
    // GeoNames calls the province "Maidan Wardak Province"; ISO 3166-2 and reports say Wardak
    let ents = entities("Taliban fighters attacked a checkpoint in Wardak on Tuesday.");
    let e = place(&ents, "Wardak").expect("Wardak");
    assert_eq!(
        (
            e.country.as_deref(),
            e.place.as_ref().map(|p| p.feature.as_str())
        ),
        (Some("AFG"), Some("admin1"))
    );
}

#[test]
fn a_namesake_in_a_country_the_report_never_ties_to_is_not_meant() {
    // the text ties its places to Brazil; the gazetteer's largest Candelaria is Philippine
    let ents = entities(
        "Police raided houses in Niteroi, Rio de Janeiro, and then in Candelaria on Friday.",
    );
    assert_ne!(country_of(&ents, "Candelaria").as_deref(), Some("PHL"));
    assert_eq!(country_of(&ents, "Niteroi").as_deref(), Some("BRA"));
}

#[test]
fn a_place_with_the_arabic_article_gazetteers_leave_out() {
    let ents = entities("A car bomb exploded in Ar-Raqqa on Sunday, killing three fighters.");
    assert_eq!(country_of(&ents, "Ar-Raqqa").as_deref(), Some("SYR"));
}

#[test]
fn a_street_the_gazetteer_lacks_lies_among_the_reports_places() {
    // nationalities outnumber the places, but a street lies where the places are
    let ents = entities(
        "French and Belgian pilgrims walked down Magnolia Street in Lafayette, Louisiana, where French hymns were sung.",
    );
    assert_eq!(country_of(&ents, "Magnolia Street").as_deref(), Some("USA"));
}

/// A locality the gazetteer does not list, named with a given name's first word, is still
/// the place the text puts inside the district after it, not a person.
#[test]
fn a_locality_that_looks_like_a_person_is_a_place() {
    let text = "On 8 March, shelling by Afghan forces hit a house in Omar Khel of Pul-e Khumri district, Baghlan.";
    let evs = events(text);
    let l = located(&evs, EventType::Assault);
    assert_eq!(l.map(|l| l.name.as_str()), Some("Omar Khel"), "{evs:?}");
    assert_eq!(l.and_then(|l| l.country.as_deref()), Some("AFG"));
    assert!(
        !entities(text)
            .iter()
            .any(|e| e.kind == sitrep_model::EntityKind::Person && e.name == "Omar Khel")
    );
}

/// A village "in" a city that names its own province lies in the province: the village is
/// the place. A neighbourhood "in" such a city stays the city's.
#[test]
fn a_village_in_a_province_named_for_its_city() {
    let evs = events(
        "On 29 April, an IED planted by gunmen near a gathering in Mhemideh in Deir-ez-Zor detonated.",
    );
    let l = located(&evs, EventType::Assault);
    assert_eq!(l.map(|l| l.name.as_str()), Some("Mhemideh"), "{evs:?}");
    let evs = events(
        "On 8 May, in the Don Samuel neighborhood in Barinas, Barinas state, police fired at protesters' houses.",
    );
    let l = located(&evs, EventType::Assault);
    assert_ne!(l.map(|l| l.name.as_str()), Some("Don Samuel"), "{evs:?}");
}

/// A place fronted before a reporting verb frames the saying; what was said happens where it
/// says, when it names a place. With no place of its own, the fronted one holds.
#[test]
fn a_fronted_place_frames_the_saying() {
    let evs = events(
        "In Paris, Macron said he would meet Ukrainian President Volodymyr Zelensky in London on Monday.",
    );
    let l = evs.iter().find_map(|e| e.location.as_ref());
    assert_eq!(l.map(|l| l.name.as_str()), Some("London"), "{evs:?}");
    let evs = events(
        "In Yangon, witnesses said at least three people were killed when security forces opened fire.",
    );
    let l = located(&evs, EventType::Assault);
    assert_eq!(l.map(|l| l.name.as_str()), Some("Yangon"), "{evs:?}");
}

#[test]
fn a_city_that_names_its_province_needs_no_context() {
    // The gazetteer's head count for the city is under the "little-known" bar and a Greek
    // hamlet lists the name: the province of the same name makes it the seat.
    let ents = entities("Russian forces shelled Kherson and Idlib on Monday.");
    assert_eq!(country_of(&ents, "Kherson").as_deref(), Some("UKR"));
    assert_eq!(country_of(&ents, "Idlib").as_deref(), Some("SYR"));
}

#[test]
fn the_gulf_is_a_sea_not_a_county() {
    // The document names the US, which gives Gulf County (Florida) its country bonus; "the"
    // before the bare name reads the sea.
    let ents = entities("The US sent an aircraft carrier to the Gulf.");
    let p = place(&ents, "Gulf").expect("a place");
    assert_eq!(p.name, "Persian Gulf");
}

/// The name of an event's place, where it has one.
fn place_name(text: &str, t: EventType) -> Option<String> {
    located(&events(text), t).map(|l| l.name.clone())
}

/// A chain of places the gazetteer lacks ("village, township, district, region"): the first,
/// finest one is the event's place; the next ones only say where it lies.
#[test]
fn the_first_of_a_chain_of_unlisted_places_is_the_finest() {
    let name = place_name(
        "On 3 June, soldiers detained 40 villagers in Zayat Kone village, Htan Pin Township, Mrauk-U District, Rakhine State.",
        EventType::Coerce,
    );
    assert_eq!(name.as_deref(), Some("Zayat Kone"));
}

/// "X in al-Hasakeh": the city names its province under another spelling of the region's
/// name; the village lies in the province.
#[test]
fn a_village_in_a_province_spelled_otherwise() {
    let l = located(
        &events("On 4 June, Turkish forces shelled houses in Tal Hmeida in al-Hasakeh."),
        EventType::Assault,
    )
    .cloned();
    assert_eq!(l.as_ref().map(|l| l.name.as_str()), Some("Tal Hmeida"));
    assert_eq!(l.and_then(|l| l.country).as_deref(), Some("SYR"));
}

/// "X town (Dhaka)": a town of its own, not a quarter of the large city named after it.
#[test]
fn a_town_before_a_large_city_is_a_town() {
    let name = place_name(
        "On 5 June, a bomb exploded at a shop in Sonapur town (Gazaria, Dhaka), injuring two people.",
        EventType::Assault,
    );
    assert_eq!(name.as_deref(), Some("Sonapur"));
    // a bare name in brackets before the city stays a quarter of it
    let name = place_name(
        "On 5 June, police fired tear gas at protesters in Moghbazar (Dhaka).",
        EventType::Assault,
    );
    assert_ne!(name.as_deref(), Some("Moghbazar"));
}

/// A numbered quarter of a city ("PD4") is the city's.
#[test]
fn a_numbered_quarter_is_its_city() {
    let name = place_name(
        "On 6 June, a roadside mine killed a policeman in PD4 of Kandahar city, Kandahar.",
        EventType::Assault,
    );
    assert!(
        name.as_deref().is_some_and(|n| n.starts_with("Kandahar")),
        "{name:?}"
    );
}

/// A place that names a force ("Assam Rifles", "the Luhansk People's Militia") is not where
/// the event happened.
#[test]
fn a_place_in_the_name_of_a_force_is_not_the_events() {
    let l = located(
        &events("On 7 June, gunmen ambushed Assam Rifles personnel near a village of Tamenglong district, Manipur."),
        EventType::Assault,
    )
    .cloned();
    assert_eq!(l.and_then(|l| l.admin1).as_deref(), Some("Manipur"));
    let name = place_name(
        "On 7 June, militants shelled positions of the Luhansk People's Militia near Zolote, Luhansk.",
        EventType::Assault,
    );
    assert_eq!(name.as_deref(), Some("Zolote"));
}

/// An event whose sentence names no place takes the one place the report names, inferred;
/// where the report names two, it says not which.
#[test]
fn the_one_place_of_a_report_places_its_events() {
    let evs = events(
        "Gunmen shot and wounded a shopkeeper on Friday. The shop stands near the bus stand in Anantnag town.",
    );
    let l = located(&evs, EventType::Assault);
    assert_eq!(l.map(|l| l.name.as_str()), Some("Anantnag"), "{evs:?}");
    assert!(l.is_some_and(|l| l.inferred));
    let evs = events(
        "Gunmen shot and wounded a shopkeeper on Friday. Police in Srinagar and Jammu raised alerts.",
    );
    assert!(located(&evs, EventType::Assault).is_none(), "{evs:?}");
    // a report ranging over several countries names its one town in passing
    let evs = events(
        "Mali expelled the French envoy on Monday. France and Germany condemned the move. Officials in Paris met on Tuesday.",
    );
    assert!(
        evs.iter()
            .filter_map(|e| e.location.as_ref())
            .all(|l| l.name != "Paris" || !l.inferred),
        "{evs:?}"
    );
}

/// A town the text spells otherwise than the gazetteer ("Busaira" for Al Buşayrah) is found
/// inside the region the text puts it in, with its own coordinates and the text's name.
#[test]
fn a_town_spelled_otherwise_inside_its_region() {
    let l = located(
        &events("On 2 June, unknown gunmen shot dead a trader in Busaira town in the eastern countryside of Deir-ez-Zor."),
        EventType::Assault,
    )
    .cloned();
    let l = l.expect("a place");
    assert_eq!(l.name, "Busaira");
    assert_eq!(l.feature.as_deref(), Some("city"));
    // Al Buşayrah, some 30 km from the city of Deir ez-Zor
    assert!((l.lat.unwrap_or(0.0) - 35.16).abs() < 0.05, "{l:?}");
    assert!((l.lon.unwrap_or(0.0) - 40.43).abs() < 0.05, "{l:?}");
}

/// A place the text calls a neighbourhood says where inside the town it names: the event's
/// place is the town.
#[test]
fn a_neighbourhood_places_its_event_in_the_town() {
    let name = place_name(
        "On 3 March, in Campinas, São Paulo, a man was shot dead in the Vila Mariana neighborhood.",
        EventType::Assault,
    );
    assert_eq!(name.as_deref(), Some("Campinas"));
}

/// A village the gazetteer lacks, placed inside its town, is as specific as a town: a later
/// mention of the town ("marching to Faridpur town") does not displace it.
#[test]
fn a_locality_is_as_specific_as_a_town() {
    let name = place_name(
        "On 5 June, protesters blocked a road in Kanaipur village (Faridpur) before marching to Faridpur town.",
        EventType::Protest,
    );
    assert_eq!(name.as_deref(), Some("Kanaipur"));
}

/// A quarter named before the town it lies in ("the Fatih neighbourhood of Esenler", a
/// quarter that shares its name with another town) places the event in that town, though
/// the town is named as the quarter's container.
#[test]
fn a_quarter_of_a_named_town_places_its_event_in_the_town() {
    let name = place_name(
        "On 4 May, unknown people set fire to a shop in Fatih neighbourhood of Esenler, Istanbul.",
        EventType::Assault,
    );
    assert_eq!(name.as_deref(), Some("Esenler"));
}

/// Portuguese and Spanish region names keep their lower-case joiners: "Mato Grosso do Sul"
/// is its own state, not Mato Grosso, and decides which Paranaíba is meant.
#[test]
fn a_region_name_with_do_is_one_name() {
    let l = located(
        &events("On 6 May, in Paranaiba, Mato Grosso do Sul, police arrested a man with drugs."),
        EventType::Coerce,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.admin1.as_deref(), Some("Mato Grosso do Sul"));
    assert!((l.lat.unwrap_or(0.0) + 19.68).abs() < 0.1, "{l:?}");
}

/// A capitalised run the text calls a district ("Nangrahar Khel district, Wardak") is a
/// place the gazetteer lacks, not a person, and the region after it is still a region.
#[test]
fn an_unknown_district_before_its_region() {
    let l = located(
        &events("On 2 March, Taliban militants abducted 12 civilians in Sarwar Wardak district, Wardak."),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.name, "Sarwar Wardak");
    assert_eq!(l.admin1.as_deref(), Some("Wardak"));
}

/// A region the text spells otherwise than the gazetteer ("Galgudud" for Galguduud), given
/// where a region goes ("(…, Galgudud)"), is that region: the village before it lies there,
/// and the event's region is written as the text writes it.
#[test]
fn a_region_spelled_otherwise_in_brackets() {
    let l = located(
        &events(
            "On 3 May, gunmen shot dead a trader in Dhagaxley village (Xamar Weyne, Galgudud).",
        ),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.country.as_deref(), Some("SOM"));
    assert_eq!(l.admin1.as_deref(), Some("Galgudud"));
}

/// A name that names a feature after it ("the Amra bridge") is that feature's, which lies
/// among the report's places: a far namesake of the report's setting is no reading of it.
#[test]
fn a_name_that_names_a_bridge_is_no_far_region() {
    let ents = entities(
        "On 30 April, rioters in Lebanon blocked the coastal highway at the Palma bridge with stones.",
    );
    assert!(
        place(&ents, "Palma").is_none_or(|e| e.country.as_deref() != Some("BRA")),
        "{ents:?}"
    );
    // without a setting of its own, a name before a feature noun is read as usual
    let ents = entities("An airstrike hit a Gaza hospital on Monday.");
    assert_eq!(
        country_of(&ents, "Gaza").as_deref(),
        Some("PSE"),
        "{ents:?}"
    );
}

/// "X under Y upazila of Z": the village lies in the district, which lies in the division;
/// a town of that name in another country is a namesake, and the district named only as
/// the village's region still counts as a reading of its own.
#[test]
fn a_village_under_its_upazila() {
    let l = located(
        &events(
            "On 4 May, gunmen shot dead a teacher at Shikarpur under Gournadi upazila of Barisal.",
        ),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.name, "Shikarpur");
    assert_eq!(l.country.as_deref(), Some("BGD"), "{l:?}");
    let l = located(
        &events("On 4 May, gunmen shot dead a teacher at Shikarpur in Barisal."),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.name, "Shikarpur");
    assert_eq!(l.country.as_deref(), Some("BGD"), "{l:?}");
}

/// The one place of a report counts with the regions the text gives only as where it lies:
/// "Kalapara, Barisal" is one place for the report's other sentences.
#[test]
fn the_one_place_of_a_report_with_its_region() {
    let evs = events(
        "A trader was found dead near a market at Kalapara, Barisal on Friday. Unidentified assailants shot him on his way home.",
    );
    let l = evs
        .iter()
        .find(|e| e.event_type == EventType::Assault)
        .and_then(|e| e.location.as_ref());
    assert_eq!(l.map(|l| l.name.as_str()), Some("Kalapara"), "{evs:?}");
}

/// A report naming one place, after a locative word in the event's own sentence but set
/// aside by the clause reading ("the elections in Comilla city"), places the event there,
/// inferred.
#[test]
fn the_one_place_of_a_one_sentence_report() {
    let evs = events(
        "On 3 May, supporters of a minister threw cocktail bombs at the convoy of a candidate for the upcoming elections in Comilla city.",
    );
    let l = evs
        .iter()
        .find(|e| e.event_type == EventType::Assault)
        .and_then(|e| e.location.as_ref());
    assert_eq!(
        l.map(|l| l.country.as_deref()),
        Some(Some("BGD")),
        "{evs:?}"
    );
    assert!(l.is_some_and(|l| l.inferred));
}

/// A region the overlay gives its usual English name ("Oromia" for GeoNames' "Oromiya",
/// "Western Bahr el Ghazal") is the region of the places inside it under that name.
#[test]
fn regions_under_their_english_names() {
    let l = located(
        &events("On 3 May, police arrested 20 protesters in Nekemte."),
        EventType::Coerce,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.admin1.as_deref(), Some("Oromia"), "{l:?}");
    let l = located(
        &events("On 3 May, soldiers shot dead two civilians in Wau, South Sudan."),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.admin1.as_deref(), Some("Western Bahr el Ghazal"), "{l:?}");
}

/// A known town between an unlisted name and a region ("Purok Dos, Kapatagan, Lanao del
/// Norte") is that name's container: the name is not stepped over to the region.
#[test]
fn an_unlisted_name_lies_in_the_known_town_after_it() {
    let l = located(
        &events("On 7 May, a suspect was killed during a police raid in Purok Dos, Kapatagan, Lanao del Norte."),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.name, "Purok Dos");
    // Kapatagan's coordinates, not the province's
    assert!((l.lat.unwrap_or(0.0) - 7.90).abs() < 0.05, "{l:?}");
    assert!((l.lon.unwrap_or(0.0) - 123.77).abs() < 0.05, "{l:?}");
}

/// A town the text names the land around ("Tell Tamer countryside") is a landmark, not a
/// namesake to drop for want of support, even where the report names only the nationality of
/// foreign forces; the village in it lies there.
#[test]
fn a_town_whose_countryside_the_text_names_is_kept() {
    let l = located(
        &events("On 6 May, Turkish drones struck a car near Umm Batna in Tell Tamer countryside."),
        EventType::Assault,
    )
    .cloned()
    .expect("a place");
    assert_eq!(l.name, "Umm Batna");
    assert_eq!(l.country.as_deref(), Some("SYR"));
}

#[test]
fn a_ugandan_place_reports_its_district_as_its_region() {
    // Uganda's first-level units are its districts; GeoNames' four regions are groupings
    let evs = events("A mob beat a suspected thief to death in Kakiri on Tuesday.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.country.as_deref(), Some("UGA"), "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Wakiso"), "{loc:?}");
    // elsewhere the first-level region stays GeoNames' admin1
    let evs = events("Gunmen attacked a police post in Multan on Monday.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.admin1.as_deref(), Some("Punjab"), "{loc:?}");
}

#[test]
fn where_people_were_taken_is_not_where_they_were_arrested() {
    // the raid's place comes from the sentence before; Multan is only where the men were taken
    let evs = events(
        "Soldiers raided homes in Sadiqabad on Monday. During the raid, police arrested six men who were taken to Multan.",
    );
    let loc = located(&evs, EventType::Coerce).expect("a place");
    assert_ne!(loc.name, "Multan", "{loc:?}");
    // a sentence that names only the destination gives the arrest no place
    let evs = events("Police arrested six men and took them to Multan.");
    assert!(
        located(&evs, EventType::Coerce).is_none_or(|l| l.name != "Multan"),
        "{evs:#?}"
    );
    // what is told after the destination happened there
    let evs = events("The detainees were taken to Multan, where guards beat them.");
    assert_eq!(
        located(&evs, EventType::Assault).map(|l| l.name.as_str()),
        Some("Multan")
    );
}

#[test]
fn a_people_named_like_a_place_is_no_events_place() {
    // "Camalu" is a town in Mexico; here it names a people, with the people after "and"
    let evs =
        events("One man was killed during a clash between Camalu and Bayaka people over land.");
    assert!(
        evs.iter().all(|e| e
            .location
            .as_ref()
            .is_none_or(|l| l.country.as_deref() != Some("MEX"))),
        "{evs:#?}"
    );
    // "tribesmen" after one name
    let evs = events("Gunmen attacked Camalu tribesmen on Sunday.");
    assert!(
        evs.iter().all(|e| e
            .location
            .as_ref()
            .is_none_or(|l| l.country.as_deref() != Some("MEX"))),
        "{evs:#?}"
    );
}

#[test]
fn people_of_a_nationality_do_not_place_a_strike_in_their_country() {
    // with no place named, a peacekeeper's or an engineer's nationality says nothing of where
    for text in [
        "Gunmen killed a Senegalese peacekeeper on Sunday.",
        "Rebels kidnapped four Russian engineers on Sunday.",
    ] {
        let evs = events(text);
        let loc = located(&evs, EventType::Assault);
        assert!(loc.is_none(), "{text}: {loc:?}");
    }
    // a state struck is struck on its own ground
    let evs = events("Azerbaijan shelled Armenia overnight.");
    let loc = located(&evs, EventType::Assault).expect("the target state");
    assert_eq!(loc.country.as_deref(), Some("ARM"));
    assert!(loc.inferred);
}

#[test]
fn a_name_joined_by_an_izafe_keeps_all_its_words() {
    // "Qala-ye Sabz", "Deh-e Naw": the word before the izafe is part of the name
    for (text, name) in [
        (
            "Gunmen killed two shopkeepers in the Qala-ye Sabz area of Muqur district, Badghis.",
            "Qala-ye Sabz",
        ),
        (
            "A roadside bomb killed a policeman in Deh-e Naw district, Helmand.",
            "Deh-e Naw",
        ),
    ] {
        let evs = events(text);
        let loc = located(&evs, EventType::Assault).expect("a place");
        assert_eq!(loc.name, name, "{text}");
        assert_eq!(loc.country.as_deref(), Some("AFG"));
    }
    // GeoNames writes Nad-e Ali without its izafe ("Nād ‘Alī"): found, in the text's spelling
    let evs = events("A roadside bomb killed a policeman in Nad-e Ali, Helmand.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Nad-e Ali");
    assert_ne!(loc.feature.as_deref(), Some("locality"), "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Helmand"));
}

#[test]
fn a_city_of_millions_is_not_a_small_namesake_in_the_datelines_country() {
    // London, Ohio is in the dateline's country, but nothing in the text places the name there
    let evs = events(
        "WASHINGTON - Keir Starmer hosted European leaders in London on Sunday to discuss Ukraine.",
    );
    let loc = located(&evs, EventType::Consult).expect("a place");
    assert_eq!(loc.country.as_deref(), Some("GBR"), "{loc:?}");
    // the namesake keeps the name where the text places it: a region named next to it
    let evs = events("Police arrested two men in London, Ohio, on Sunday.");
    let loc = located(&evs, EventType::Coerce).expect("a place");
    assert_eq!(loc.country.as_deref(), Some("USA"), "{loc:?}");
}

#[test]
fn a_plain_city_name_is_the_city_not_its_larger_region() {
    // the governorate and the region sum their places' people and outnumber their seats; a
    // plain name still means the city
    let evs = events("Municipal workers marched through central Tunis on Tuesday to demand wages.");
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(loc.feature.as_deref(), Some("city"), "{loc:?}");
    assert_eq!(loc.country.as_deref(), Some("TUN"), "{loc:?}");
    let evs = events("Police detained three protesters in Jerusalem on Friday.");
    let loc = located(&evs, EventType::Coerce).expect("a place");
    assert_eq!(loc.feature.as_deref(), Some("city"), "{loc:?}");
    // a region whose namesake city is not its seat keeps its standing: the state, not a
    // village called Florida in New York
    let ents =
        entities("Floods hit Florida and Texas on Monday, the United States weather service said.");
    let p = place(&ents, "Florida")
        .and_then(|e| e.place.as_ref())
        .expect("reading");
    assert_eq!(p.feature, "admin1", "{p:?}");
}

#[test]
fn a_city_after_a_comma_names_the_region_of_an_unlisted_village() {
    // "village, region": the city that names its region is the region the village lies in
    let evs = events(
        "Separatist forces fired mortars at army positions near Vesela Balka, Donetsk, overnight.",
    );
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Vesela Balka", "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Donetsk"), "{loc:?}");
    // the last of a bracketed pair is a region too
    let evs = events("Traders protested in Kalidaha (Gorapara, Rajshahi) on Sunday.");
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(loc.name, "Kalidaha", "{loc:?}");
    // alone in brackets a large city is the city, whose quarter the name is
    let evs = events("Rickshaw pullers protested in Nurpara (Dhaka) on Sunday.");
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(loc.name, "Dhaka", "{loc:?}");
}

#[test]
fn a_town_in_a_citys_orbit_is_finer_than_the_city() {
    // the bus burnt near the satellite town, in the unrest around the capital
    let evs = events("During protests around Nairobi, youths torched a bus near Ruiru on Monday.");
    let ev = evs
        .iter()
        .find(|e| e.location.is_some())
        .expect("an event with a place");
    let loc = ev.location.as_ref().expect("a place");
    assert_eq!(loc.name, "Ruiru", "{loc:?}");
}

#[test]
fn a_wide_region_inside_one_first_level_region_reports_it() {
    // the overlay's Kashmir (India's, with "Jammu and Kashmir" among its names) lies in one
    // first-level region, which events placed there report
    let evs = events("Militants ambushed an army patrol in Kashmir on Tuesday, police said.");
    let ev = evs
        .iter()
        .find(|e| e.location.is_some())
        .expect("an event with a place");
    let loc = ev.location.as_ref().expect("a place");
    assert_eq!(loc.name, "Kashmir", "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Jammu and Kashmir"), "{loc:?}");
}

#[test]
fn plains_named_after_an_unlisted_village_lie_in_their_province() {
    // "plains" names land after its village; the province after "in" holds it
    let evs =
        events("Unknown gunmen set fire to wheat fields in the Marzaqa plains in Diyala province.");
    let ev = evs
        .iter()
        .find(|e| e.location.is_some())
        .expect("an event with a place");
    let loc = ev.location.as_ref().expect("a place");
    assert_eq!(loc.name, "Marzaqa", "{loc:?}");
    assert_eq!(loc.country.as_deref(), Some("IRQ"), "{loc:?}");
}

#[test]
fn a_township_moved_between_provinces_reports_its_province_of_today() {
    // GeoNames still lists the township under North West; the overlay corrects it
    let ents = entities("Residents barricaded roads in Ga-Rankuwa, north of Pretoria, on Monday.");
    let p = place(&ents, "Ga-Rankuwa")
        .and_then(|e| e.place.as_ref())
        .expect("reading");
    assert_eq!(p.admin1.as_deref(), Some("Gauteng"), "{p:?}");
}

#[test]
fn a_district_named_without_its_arabic_article_is_found() {
    // GeoNames lists the district only as "Ad Durayhimi"; the text leaves the article out
    let ents = entities("Artillery hit farms in Durayhimi district, Yemen, on Sunday.");
    let p = place(&ents, "Durayhimi")
        .and_then(|e| e.place.as_ref())
        .expect("reading");
    assert_eq!(p.admin1.as_deref(), Some("Al Hudaydah"), "{p:?}");
    // a direction word between a district and the country it lies in still joins them, and
    // the district, finer than the governorate in brackets, is where the shelling was
    let evs = events("Gunmen shelled Durayhimi district in western Yemen (Al Hudaydah) on Monday.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Durayhimi", "{loc:?}");
}

#[test]
fn a_road_named_by_two_towns_places_the_first_near_the_second() {
    // Tripoli the Lebanese city, 80 km from Beirut, not Libya's capital; a capital naming a
    // road is the city, not its government
    let evs = events("Drivers blocked the Tripoli-Beirut highway with burning tyres on Monday.");
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(loc.name, "Tripoli", "{loc:?}");
    assert_eq!(loc.country.as_deref(), Some("LBN"), "{loc:?}");
    let ents = entities("Drivers blocked the Tripoli-Beirut highway with burning tyres on Monday.");
    let p = place(&ents, "Tripoli")
        .and_then(|e| e.place.as_ref())
        .expect("reading");
    assert!(
        p.evidence.iter().any(|e| e.starts_with("route")),
        "{:?}",
        p.evidence
    );
    // a town the text names as where on the road is finer than the road's end
    let evs = events(
        "Farmers blocked the Mymensingh-Kishorganj highway at Nandail upazila (Mymensingh) on Sunday.",
    );
    let loc = located(&evs, EventType::Protest).expect("a place");
    assert_eq!(loc.name, "Nandail", "{loc:?}");
}

#[test]
fn a_direction_in_lower_case_opens_a_listed_name() {
    let ents = entities("Police detained two shopkeepers in east Jerusalem on Tuesday.");
    let p = place(&ents, "east Jerusalem").expect("East Jerusalem");
    assert_eq!(p.country.as_deref(), Some("PSE"), "{p:?}");
    // a part of a country stays the country
    let ents = entities("The army will withdraw its troops from south Lebanon within a month.");
    assert!(ents.iter().any(|e| e.id == "country:LBN"), "{ents:?}");
}

#[test]
fn a_village_of_a_district_is_finer_than_the_district() {
    let evs =
        events("A roadside bomb killed two policemen in Qala Sangin of Nawzad district, Helmand.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Qala Sangin", "{loc:?}");
    assert_eq!(loc.admin1.as_deref(), Some("Helmand"), "{loc:?}");
    // a sector of the front is named after its village
    let evs =
        events("Soldiers exchanged fire at Dhokri sector area (Kupwara district, J&K) on Friday.");
    let loc = located(&evs, EventType::Assault).expect("a place");
    assert_eq!(loc.name, "Dhokri", "{loc:?}");
}

#[test]
fn a_city_its_name_mostly_means_is_kept_among_places_elsewhere() {
    // the report's places are in Yemen; Gaza is still Gaza, not dropped as a namesake
    let ents = entities(
        "Airstrikes hit the port of Al Hudaydah in western Yemen. The group said it acted in \
         solidarity with Gaza.",
    );
    assert_eq!(
        country_of(&ents, "Gaza").as_deref(),
        Some("PSE"),
        "{ents:?}"
    );
}

#[test]
fn a_plural_kind_word_names_the_kind_of_every_name_it_gathers() {
    for text in [
        "Jets struck villages in the provinces of Khost and Paktika overnight.",
        "Jets struck villages in Khost and Paktika provinces overnight.",
    ] {
        let ents = entities(text);
        for name in ["Khost", "Paktika"] {
            let p = place(&ents, name)
                .and_then(|e| e.place.as_ref())
                .expect("reading");
            assert_eq!(p.feature, "admin1", "{name} in {text:?}: {p:?}");
        }
    }
}
