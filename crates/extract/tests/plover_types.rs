//! Every PLOVER type, coded from sentences written for this test with the shipped rules and
//! knowledge base. Each case names the type and the actor and recipient countries expected.

use sitrep_extract::{Extractor, Rules};
use sitrep_model::{Document, EventRecord, EventType};

fn extractor() -> Extractor<sitrep_kb::Kb> {
    Extractor::new(
        Rules::builtin().expect("rules"),
        sitrep_kb::Kb::load_default().expect("kb"),
    )
}

fn codes(ps: &[sitrep_model::Party]) -> Vec<String> {
    let mut v: Vec<String> = ps.iter().filter_map(|p| p.country.clone()).collect();
    v.sort();
    v.dedup();
    v
}

/// (sentence, type, actors, recipients); recipients `None` = not checked.
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);

const CASES: &[Case] = &[
    // CONSULT
    (
        "Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi on Monday.",
        "CONSULT",
        &["ETH", "KEN"],
        None,
    ),
    (
        "Chile's foreign minister telephoned his Peruvian counterpart on Friday to discuss the border dispute.",
        "CONSULT",
        &["CHL", "PER"],
        None,
    ),
    (
        "Talks between Armenia and Azerbaijan resumed in Geneva.",
        "CONSULT",
        &["ARM", "AZE"],
        None,
    ),
    (
        "The Indian prime minister arrived in Tokyo on a three-day visit.",
        "CONSULT",
        &["IND"],
        Some(&["JPN"]),
    ),
    // AGREE
    (
        "Sudan and South Sudan agreed to reopen their border crossings.",
        "AGREE",
        &["SDN", "SSD"],
        None,
    ),
    (
        "Norway offered to host peace talks between Colombia and the rebels.",
        "AGREE",
        &["NOR"],
        None,
    ),
    (
        "The Egyptian foreign minister will visit Israel next month.",
        "AGREE",
        &["EGY", "ISR"],
        None,
    ),
    // SUPPORT
    (
        "Brazil praised Argentina's efforts to curb inflation.",
        "SUPPORT",
        &["BRA"],
        Some(&["ARG"]),
    ),
    (
        "Germany and Poland signed a defence agreement in Warsaw.",
        "SUPPORT",
        &["DEU", "POL"],
        None,
    ),
    // CONCEDE
    (
        "Pakistan lifted a curfew in Karachi after a week of calm.",
        "CONCEDE",
        &["PAK"],
        Some(&["PAK"]),
    ),
    // COOPERATE
    (
        "Vietnam will cooperate with Japan on maritime security.",
        "COOPERATE",
        &["JPN", "VNM"],
        None,
    ),
    // AID
    (
        "Canada sent humanitarian aid to Haiti after the earthquake.",
        "AID",
        &["CAN"],
        Some(&["HTI"]),
    ),
    (
        "The United States continued to send arms to Taiwan, officials said.",
        "AID",
        &["USA"],
        Some(&["TWN"]),
    ),
    // RETREAT
    (
        "Malian rebels released 12 soldiers held since March.",
        "RETREAT",
        &["MLI"],
        None,
    ),
    (
        "Peru's prime minister resigned on Sunday after weeks of protests.",
        "RETREAT",
        &["PER"],
        None,
    ),
    (
        "Ethiopia withdrew its troops from the Somali border town.",
        "RETREAT",
        &["ETH"],
        None,
    ),
    // REQUEST
    (
        "Nigeria urged Niger to release the detained ministers.",
        "REQUEST",
        &["NGA"],
        Some(&["NER"]),
    ),
    (
        "Chinese officials on Tuesday demanded that the United States cancel its arms sales.",
        "REQUEST",
        &["CHN"],
        Some(&["USA"]),
    ),
    (
        "The Kenyan foreign minister said Somalia must stop the cross-border raids.",
        "REQUEST",
        &["KEN"],
        Some(&["SOM"]),
    ),
    // ACCUSE
    (
        "Germany expressed concern over China's military drills near Taiwan.",
        "ACCUSE",
        &["DEU"],
        Some(&["CHN"]),
    ),
    (
        "Iran accused Israel of sabotaging its nuclear facilities.",
        "ACCUSE",
        &["IRN"],
        Some(&["ISR"]),
    ),
    (
        "Morocco condemned the Algerian decision to close the airspace.",
        "ACCUSE",
        &["MAR"],
        Some(&["DZA"]),
    ),
    (
        "South Korea summoned the Japanese ambassador to protest the textbook changes.",
        "ACCUSE",
        &["KOR"],
        Some(&["JPN"]),
    ),
    // REJECT
    (
        "Venezuela rejected a Brazilian proposal to hold new elections.",
        "REJECT",
        &["VEN"],
        None,
    ),
    (
        "Serbia will not accept the independence of Kosovo, the Serbian president said.",
        "REJECT",
        &["SRB"],
        None,
    ),
    (
        "The Israeli prime minister refused to meet the Turkish foreign minister.",
        "REJECT",
        &["ISR"],
        Some(&["TUR"]),
    ),
    // THREATEN
    (
        "Iran on Tuesday threatened to cut off gas supplies to Armenia.",
        "THREATEN",
        &["IRN"],
        Some(&["ARM"]),
    ),
    (
        "Russia threatened to expel Polish diplomats if Warsaw went ahead with the plan.",
        "THREATEN",
        &["RUS"],
        Some(&["POL"]),
    ),
    // PROTEST
    (
        "Protests erupted in Lagos on Tuesday over fuel prices.",
        "PROTEST",
        &["NGA"],
        None,
    ),
    (
        "Thousands of Kenyan protesters demonstrated in Nairobi on Thursday.",
        "PROTEST",
        &["KEN"],
        None,
    ),
    (
        "Up to 500 ethnic Hungarians rallied in Romania on Sunday.",
        "PROTEST",
        &["ROU"],
        None,
    ),
    // SANCTION
    (
        "The European Union imposed sanctions on Belarus over the forced landing.",
        "SANCTION",
        &["EU"],
        Some(&["BLR"]),
    ),
    (
        "France recalled its ambassador from Mali.",
        "SANCTION",
        &["FRA"],
        Some(&["MLI"]),
    ),
    (
        "Lithuania expelled two Russian diplomats on Friday.",
        "SANCTION",
        &["LTU"],
        Some(&["RUS"]),
    ),
    // MOBILIZE
    (
        "India deployed additional troops along its border with China.",
        "MOBILIZE",
        &["IND"],
        None,
    ),
    // COERCE
    (
        "Kenyan police in Mombasa arrested 40 protesters on Saturday.",
        "COERCE",
        &["KEN"],
        None,
    ),
    (
        "Turkish authorities imposed a curfew in the town of Cizre.",
        "COERCE",
        &["TUR"],
        None,
    ),
    // ASSAULT
    (
        "Zimbabwean police fired tear gas at opposition supporters in Harare on Saturday.",
        "ASSAULT",
        &["ZWE"],
        None,
    ),
    (
        "Soldiers opened fire on protesters in Khartoum, killing four people, Sudanese doctors said.",
        "ASSAULT",
        &["SDN"],
        None,
    ),
    (
        "Clashes between Armenian and Azerbaijani troops broke out near the border.",
        "ASSAULT",
        &["ARM"],
        Some(&["AZE"]),
    ),
    (
        "Israeli aircraft struck targets in southern Lebanon overnight, killing five people.",
        "ASSAULT",
        &["ISR"],
        Some(&["LBN"]),
    ),
    (
        "Somali militants attacked a Kenyan army base near the border.",
        "ASSAULT",
        &["SOM"],
        Some(&["KEN"]),
    ),
    (
        "Two soldiers were killed by a roadside bomb outside the Afghan city of Kandahar.",
        "ASSAULT",
        &["AFG"],
        None,
    ),
];

#[test]
fn every_plover_type_is_coded_from_plain_sentences() {
    let ex = extractor();
    let mut failures = Vec::new();
    for (i, (text, ty, actors, recipients)) in CASES.iter().enumerate() {
        let doc = Document {
            id: format!("case{i}"),
            text: text.to_string(),
            ..Document::default()
        };
        let out = ex.extract(&doc);
        let want: EventType = ty.parse().expect("type");
        let hit = out.events.iter().any(|e: &EventRecord| {
            // Symmetric types have no direction: every party counts as an actor.
            let mut a = codes(&e.actors);
            if e.event_type.is_symmetric() {
                a.extend(codes(&e.recipients));
            }
            let ok_actors = actors.iter().all(|c| a.contains(&c.to_string()));
            let ok_recipients = recipients.is_none_or(|r| {
                let got = codes(&e.recipients);
                r.iter().all(|c| got.contains(&c.to_string()))
            });
            e.event_type == want && ok_actors && ok_recipients
        });
        if !hit {
            let got: Vec<String> = out
                .events
                .iter()
                .map(|e| {
                    format!(
                        "{} {:?}->{:?}",
                        e.event_type,
                        codes(&e.actors),
                        codes(&e.recipients)
                    )
                })
                .collect();
            failures.push(format!(
                "{text}\n    want {ty} {actors:?}->{recipients:?}, got {got:?}"
            ));
        }
    }
    let covered: std::collections::HashSet<&str> = CASES.iter().map(|c| c.1).collect();
    assert_eq!(covered.len(), 16, "every PLOVER type needs a case");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
