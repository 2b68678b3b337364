/**
 * Demo institution profiles (tooling/demo/demo-profiles.ts) checked for EVERY
 * institution of the reference data that can host demo experts (1,178 in
 * db/data/ror-eco-institutions.json), not a sample: the profile's topics must
 * lie in the fields allowed for the category its name gives. The allowed
 * fields are written here from the OpenAlex topic names and fields, apart
 * from the generator's own keyword patterns, so a loose pattern there (law →
 * "security" → Network Security) fails here. Pure: reads the data files, no
 * database.
 */
import { describe, expect, it } from "vitest";
import { readDataFile, type OpenAlexTopic, type RorRecord } from "../db/import";
import { DEFAULT_DEMO_SEED, demoHostCandidates, demoWeight, topicRowsOf, type TopicRow } from "../tooling/demo/demo";
import { institutionProfile, institutionThemes, themePools } from "../tooling/demo/demo-profiles";

const [records, topicFile] = await Promise.all([readDataFile<RorRecord>("ror-eco-institutions.json"), readDataFile<OpenAlexTopic>("openalex-ict-topics.json")]);
const topics = topicRowsOf(topicFile);
const pools = themePools(topics);
const hosts = demoHostCandidates(records);

/** Medicine and health: by name or by OpenAlex field. */
const medical = (t: TopicRow) =>
  /(?<!structural )health|medic|clinic|cancer|tumou?r|disease|drug|bioinf|biomed|biolog|biosens|bioimped|bioethic|\bgene\b|genetic|genom|DNA|ECG|EEG|brain|COVID|blood|stroke|\bmental|psychiatr|infusion|radiom|auscultation|\bSAS\b/i.test(
    t.name,
  ) ||
  /Medicine|Health|Neuroscience|Biochemistry/.test(t.field) ||
  t.subfield === "Biomedical Engineering";
/** Computing and engineering at large (the general profile and technical universities). */
const computingOrEngineering = (t: TopicRow) =>
  ["Computer Science", "Engineering", "Mathematics", "Physics and Astronomy", "Decision Sciences"].includes(t.field) || /industr|robot/i.test(t.name);

/** What each name category may hold: a predicate over topics, independent of the generator's patterns. */
const ALLOWED: Record<string, (t: TopicRow) => boolean> = {
  health: medical,
  life: (t) => /bio|gene|DNA|cell|drug|fractal|cluster|data mining|bayesian|gaussian|tensor|classification/i.test(t.name),
  cognitive: (t) => /EEG|brain|cognitive|emotion|speech|language|gaze|gesture|human|robot|neural|attention|mental/i.test(t.name),
  ocean: (t) =>
    /sens|radar|SAR|satellite|GNSS|water|hydrolog|air quality|climate|seism|geolog|geochem|image|fusion|solar|environment|direction-of-arrival|propagation|time series/i.test(
      t.name,
    ),
  earth: (t) =>
    /seism|earthquake|geolog|geochem|structural|infrastructure|building|construction|architecture|mesh|geometry|vibration|smart cities|parking|mining|simulation|numerical|remote|satellite|sensor|fault|risk|project|3D|GNSS/i.test(
      t.name,
    ),
  agriculture: (t) =>
    /agricultur|crop|plant|soil|water|hydrolog|remote|satellite|UAV|sensor|IoT|arduino|image|fusion|food|refrigerator|supply chain|time series|air quality|climate|data mining/i.test(
      t.name,
    ),
  telecom: (t) =>
    t.subfield === "Computer Networks and Communications" ||
    /wireless|antenna|radio|microwave|optical|photonic|satellite|propagation|millimeter|spectrum|modulation|MIMO|OFDM|PAPR|CDMA|terahertz|IoT|RFID|bluetooth|communication|network|internet|coding|code|amplifier|PLL|energy harvesting|power transfer|localization|dielectric/i.test(
      t.name,
    ),
  energy: (t) =>
    /power|energy|grid|solar|photovolt|battery|wind|HVDC|converter|inverter|motor|transformer|fuel cell|islanding|electric|plasma|accelerator|radiation|nuclear|process|control|fault/i.test(
      t.name,
    ),
  aerospace: (t) =>
    t.subfield === "Aerospace Engineering" ||
    /UAV|satellite|radar|SAR|GNSS|space|antenna|vehicle|tracking|stabilization|propagation|navigation|control|embedded/i.test(t.name),
  economics: (t) =>
    ["Business, Management and Accounting", "Decision Sciences", "Economics, Econometrics and Finance"].includes(t.field) ||
    /financ|fintech|econom|business|market|stock|commerce|supply|logistic|account|auction|game theory|decision|blockchain|big data|risk|churn|recommender|XBRL|forecast|time series|digital transformation/i.test(
      t.name,
    ),
  education: (t) => t.field === "Social Sciences" || /educat|learning|teaching|tutoring|pedagog|curriculum|literacy|MOOC/i.test(t.name),
  language: (t) =>
    /language|linguistic|speech|text|sentiment|topic model|translation|dialogue|authorship|readability|handwritten|semantic web|ontolog|social media|information retrieval|librar|information science|knowledge management/i.test(
      t.name,
    ),
  law: (t) =>
    /\blaw\b|legal|government|polic|politic|ethic|privacy|rights|crime|forensic|warfare|regulation|governance|intellectual property|authorship|phishing/i.test(
      t.name,
    ),
  transport: (t) =>
    /transport|traffic|vehicle|VANET|logistics|parking|railway|license plate|GPS|navigation|path planning|scheduling|supply chain|localization/i.test(t.name),
  heritage: (t) =>
    /image|photogrammetry|3D|remote|satellite|handwritten|graphics|visuali|virtual|augmented|semantic web|ontolog|research data|media|librar|information|text/i.test(
      t.name,
    ),
  social: (t) =>
    /social|government|developing|econom|text analysis|adoption|sentiment|structural equation|Q methodology|crowd|smart cities|demograph|ethic|innovation/i.test(
      t.name,
    ),
  physics: (t) =>
    /measurement|metrolog|optical|laser|photonic|semiconductor|sensor|quantum|plasma|MEMS|material|nano|magnetic|terahertz|electromagnetic|fiber|uncertainty|CCD|thin film|perovskite|physics|dielectric|battery|fuel cell|accelerator|molecular|circuit/i.test(
      t.name,
    ),
  engineering: (t) => computingOrEngineering(t) && !medical(t),
  computing: (t) => computingOrEngineering(t) && !medical(t),
};
/** Topics no profile outside its own category may hold: each category's own domain, read from topic names. */
const DOMAIN_OF: Record<string, RegExp> = {
  law: /\blaw\b|legal|e-government|cybercrime|intellectual property/i,
  economics: /financ|fintech|stock market|portfolio|accounting|auction|XBRL|e-commerce|churn/i,
  agriculture: /agricultur|soil|crop/i,
  education: /educat|e-learning|teaching|pedagog|curriculum/i,
};

describe("demo institution profiles fit every host institution's name", () => {
  it("covers every institution of the reference data that can host demo experts", () => {
    expect(hosts.length).toBeGreaterThan(1100);
    // Arts, sport, theology and security-force academies host none (names in Turkish and Azerbaijani too).
    for (const name of [
      "Mimar Sinan Güzel Sanatlar Üniversitesi",
      "Milli Savunma Üniversitesi",
      "Azərbaycan İlahiyyat İnstitutu",
      "University of Quran and Hadith",
      "Turkish Air Force Academy",
      "Jandarma ve Sahil Güvenlik Akademisi",
    ]) {
      expect(demoWeight({ name, prominence: 0 }), name).toBe(0);
      expect(hosts.map((h) => h.name)).not.toContain(name);
    }
  });

  it("draws every profile topic from the fields its name category allows (all hosts, not a sample)", () => {
    const wrong: string[] = [];
    for (const h of hosts) {
      const p = institutionProfile(DEFAULT_DEMO_SEED, { key: h.ror, names: h.names, kind: h.kind }, pools);
      expect(p.topics.length, h.name).toBeGreaterThanOrEqual(4);
      const allowed = (t: TopicRow) => p.themes.some((c) => ALLOWED[c](t));
      for (const t of [...p.topics, ...p.pool]) {
        if (!allowed(t)) wrong.push(`${h.name} [${p.themes.join("+")}] → ${t.name}`);
        if (!p.themes.includes("health") && !p.themes.includes("life") && !p.themes.includes("cognitive") && medical(t))
          wrong.push(`${h.name} [${p.themes.join("+")}] → medical ${t.name}`);
        // A domain's own topic only where a specific category of the name covers it too ("Energy Law and Policy" at an energy institute).
        const specific = p.themes.some((c) => c !== "engineering" && c !== "computing" && ALLOWED[c](t));
        for (const [domain, re] of Object.entries(DOMAIN_OF))
          if (re.test(t.name) && !p.themes.includes(domain) && !specific) wrong.push(`${h.name} [${p.themes.join("+")}] → ${domain} topic ${t.name}`);
      }
    }
    expect([...new Set(wrong.map((w) => w.replace(/^.*?(\[)/, "$1")))]).toEqual([]);
  });

  it("reads the field from the name: the reported cases and the names the first keyword map missed", () => {
    const themesOf = (name: string) => institutionThemes(hosts.find((h) => h.name === name)!.names);
    const cases: Array<[string, string[]]> = [
      // Reported: an epidemiology centre got speech recognition, a law university network security.
      ["Afghanistan Center for Epidemiological Studies", ["health"]],
      ["Tashkent State University of Law", ["law"]],
      ["University of Judicial Sciences and Administrative Services", ["law"]],
      ["A.I Karaev Institute of Physiology", ["health"]],
      ["Diabetes Research Center", ["health"]],
      ["Istanbul Medipol University", ["health"]],
      ["Azərbaycan Dövlət Pedaqoji Universiteti", ["education"]],
      ["Farhangian University", ["education"]],
      ["Insurance Research Center", ["economics"]],
      ["Niroo Research Institute", ["energy"]],
      ["Institute of Archaeology named after A.Kh.Margulan", ["heritage"]],
      ["Institute of Zoology", ["life"]],
      ["International Sturgeon Research Institute", ["ocean"]],
      // Words inside unrelated names: "Geophysics" is not physics, "Radiology" not radio, "Hospitality" not hospital, "Road" in an address not transport.
      ["Institute of Geology and Geophysics", ["earth"]],
      ["Kazakh Institute of Oncology and Radiology", ["health"]],
      ["College of Physicians and Surgeons Pakistan", ["health"]],
      ["Tashkent Pharmaceutical Institute", ["health"]],
      ["Swedish College of Engineering & Technology Rahim Yar Khan", ["engineering"]],
      ["Akdeniz University", ["computing"]],
      ["Samarkand Institute of Veterinary Medicine", ["agriculture"]],
    ];
    for (const [name, want] of cases) expect(themesOf(name), name).toEqual(want);
    expect(themesOf("International University of Tourism and Hospitality")).not.toContain("health");
    expect(themesOf("Energy Institute for Higher Education")).not.toContain("education");
  });

  it("gives a law university law topics, never network security, and an epidemiology centre health topics, never speech recognition", () => {
    const profile = (name: string) => {
      const h = hosts.find((x) => x.name === name)!;
      return institutionProfile(DEFAULT_DEMO_SEED, { key: h.ror, names: h.names, kind: h.kind }, pools);
    };
    const law = profile("Tashkent State University of Law");
    expect(law.pool.map((t) => t.name)).toEqual(
      expect.arrayContaining(["Artificial Intelligence in Law", "E-Government and Public Services", "Privacy-Preserving Technologies in Data"]),
    );
    expect(law.pool.map((t) => t.name)).not.toContain("Network Security and Intrusion Detection");
    const epi = profile("Afghanistan Center for Epidemiological Studies");
    expect(epi.pool.map((t) => t.name)).toContain("Data-Driven Disease Surveillance");
    expect(epi.pool.filter((t) => /speech/i.test(t.name))).toEqual([]);
    // Watermarking is not water, opinion mining is not mining.
    expect(pools.get("ocean")!.map((t) => t.name)).not.toContain("Advanced Steganography and Watermarking Techniques");
    expect(pools.get("earth")!.map((t) => t.name)).not.toContain("Sentiment Analysis and Opinion Mining");
  });
});
