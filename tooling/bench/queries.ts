/**
 * The fixed mixed query set of the search benchmark: keywords, topic names,
 * filters, misspellings and names in Latin (Turkish letters included),
 * Perso-Arabic and Cyrillic script. Written as the query strings the pages
 * receive, so they go through the same parsing (search-params.ts).
 */
import { DEMO_NAMES } from "../demo/demo-names";

export interface BenchQuery {
  /** experts or institutions (the service function and baseline table). */
  target: "experts" | "institutions";
  /** Category, for the per-category table. */
  kind: "keyword" | "topic" | "filter" | "misspelling" | "non-latin" | "name";
  /** URL query string as /experts or /institutions receive it. */
  qs: string;
}

const e = (kind: BenchQuery["kind"], qs: string): BenchQuery => ({ target: "experts", kind, qs });
const i = (kind: BenchQuery["kind"], qs: string): BenchQuery => ({ target: "institutions", kind, qs });
const q = (s: string) => `q=${encodeURIComponent(s)}`;

/** Native-script surnames taken from the demo name lists, so they exist in generated data. */
const persian = DEMO_NAMES.IR.surnames[0][1]; // رضایی
const persian2 = DEMO_NAMES.IR.surnames[1][1]; // محمدی
const cyrillic = DEMO_NAMES.KZ?.surnames[0]?.[1] ?? DEMO_NAMES.KG.surnames[0][1];
const cyrillic2 = DEMO_NAMES.TJ?.surnames[1]?.[1] ?? DEMO_NAMES.KG.surnames[1][1];
const latinName = DEMO_NAMES.TR.surnames[0][0];

export const QUERIES: BenchQuery[] = [
  // keywords
  e("keyword", q("machine learning")),
  e("keyword", q("blockchain")),
  e("keyword", q("network security")),
  e("keyword", q("image segmentation")),
  e("keyword", q("internet of things")),
  e("keyword", q("federated learning")),
  e("keyword", q("speech recognition")),
  e("keyword", q("cloud computing")),
  // topic names
  e("topic", q("Cryptography and Data Security")),
  e("topic", q("Natural Language Processing Techniques")),
  e("topic", q("Semantic Web and Ontologies")),
  e("topic", q("Reinforcement Learning in Robotics")),
  // filters (with and without text)
  e("filter", `${q("deep learning")}&country=IR`),
  e("filter", `${q("optimization")}&openTo=supervision`),
  e("filter", "topic=T10237"),
  e("filter", "subfield=1702&country=TR,KZ"),
  e("filter", `${q("neural networks")}&country=PK&openTo=joint_research`),
  e("filter", "country=UZ"),
  // misspellings
  e("misspelling", q("machin lerning")),
  e("misspelling", q("netwrok securty")),
  e("misspelling", q("blokchain")),
  e("misspelling", q("cryptografy")),
  // names, Latin and native scripts
  e("name", q(latinName)),
  e("name", q("Rezaei")),
  e("non-latin", q(persian)),
  e("non-latin", q(persian2)),
  e("non-latin", q(cyrillic)),
  e("non-latin", q(cyrillic2)),
  // institutions
  i("keyword", q("university of technology")),
  i("keyword", q("polytechnic")),
  i("name", q("Tashkent")),
  i("name", q("İstanbul")),
  i("misspelling", q("universty tehran")),
  i("filter", `${q("research")}&country=IR&kind=research_centre`),
  i("filter", "country=KZ&kind=university"),
  i("non-latin", q("دانشگاه")),
  i("non-latin", q("университет")),
  i("topic", q("Artificial Intelligence")),
];

/**
 * The fixed mixed query set of the partner-matching benchmark, as
 * `findPartners` queries (app/features/matching/matching.server.ts): topic ids, free
 * text (topic words, keywords, misspellings, a Cyrillic name), filters, and a
 * consortium that asks for new member states only. `exclude` marks queries
 * that exclude the asking institution; tooling/bench/run.ts fills in a real verified
 * institution id.
 */
export interface MatchQuery {
  kind: "topic" | "text" | "filter" | "misspelling" | "non-latin" | "consortium";
  topicIds?: string[];
  text?: string;
  country?: string[];
  kind_?: Array<"university" | "research_centre" | "other">;
  openTo?: Array<"joint_research" | "supervision" | "consulting" | "teaching">;
  consortium?: string[];
  onlyNewCountries?: boolean;
  exclude?: boolean;
}

export const MATCH_QUERIES: MatchQuery[] = [
  { kind: "topic", topicIds: ["T10237"] },
  { kind: "topic", topicIds: ["T10028", "T10181"] },
  { kind: "topic", topicIds: ["T10462"] },
  { kind: "topic", topicIds: ["T10215", "T10637"] },
  { kind: "text", text: "machine learning" },
  { kind: "text", text: "network security" },
  { kind: "text", text: "blockchain" },
  { kind: "text", text: "federated learning for medical imaging" },
  { kind: "misspelling", text: "machin lerning" },
  { kind: "misspelling", text: "netwrok securty" },
  { kind: "non-latin", text: cyrillic },
  { kind: "non-latin", text: persian },
  { kind: "filter", topicIds: ["T10237"], country: ["KZ"] },
  { kind: "filter", topicIds: ["T10028"], kind_: ["university"] },
  { kind: "filter", text: "deep learning", openTo: ["joint_research"] },
  { kind: "consortium", topicIds: ["T10237", "T10462"], consortium: ["TR"], onlyNewCountries: true, exclude: true },
  { kind: "consortium", topicIds: ["T10181"], text: "optimization", exclude: true },
];

/**
 * The URL set of the pages benchmark (`npm run bench -- pages`): for each of
 * /institutions, /experts and /partners at least 40 different, fixed query
 * strings, so the load run renders many different result pages instead of
 * replaying four (issue 17: a cache of whole pages must not be what is
 * measured). The mix is what visitors type: keywords, topic names, cities,
 * surnames in Latin, Perso-Arabic and Cyrillic script (from the demo name
 * lists, so they exist in the generated data), misspellings, country/kind
 * filters, page 2, and for /partners real topic ids of the OpenAlex taxonomy
 * (db/data/openalex-ict-topics.json), free text and type=expert/institution.
 * Every path answers 200 on the benchmark data; run.ts checks that before the
 * load run and tests/bench-pages.test.ts that each one passes the page's
 * parameter schema.
 */
export type BenchPage = "institutions" | "experts" | "partners";

/** Surnames [latin, native] of the member states, the first two of each demo list. */
const SURNAMES = Object.values(DEMO_NAMES).flatMap((c) => c.surnames.slice(0, 2));
const nativeSurnames = SURNAMES.map(([, native]) => native).filter(Boolean);
const perso = nativeSurnames.filter((n) => /\p{Script=Arabic}/u.test(n));
const cyrillicNames = nativeSurnames.filter((n) => /\p{Script=Cyrillic}/u.test(n));
const qs = (params: Record<string, string>) => new URLSearchParams(params).toString();

const INSTITUTION_PATHS: string[] = [
  // keywords of institution names and descriptions
  ...["university", "technology", "polytechnic", "institute of engineering", "research centre", "state university"].map((s) => qs({ q: s })),
  ...["information technologies", "science and technology", "technology park", "innovation hub", "digital development agency", "laboratory"].map((s) =>
    qs({ q: s }),
  ),
  // subfield / topic words (research centres are named after subfields)
  ...["Artificial Intelligence", "Computer Networks and Communications", "Signal Processing", "Software", "Information Systems"].map((s) => qs({ q: s })),
  // cities, Latin (Turkish letters included)
  ...["Tehran", "Tashkent", "İstanbul", "Almaty", "Bishkek", "Dushanbe", "Baku", "Kabul", "Karachi", "Ashgabat", "Samarkand"].map((s) => qs({ q: s })),
  // native script
  ...["دانشگاه", "تهران", "университет", "Ташкент", "Алматы"].map((s) => qs({ q: s })),
  // misspellings
  ...["universty tehran", "polytecnic", "techology", "Tashkant", "Istambul"].map((s) => qs({ q: s })),
  // filters, with and without text
  qs({ q: "research", country: "IR", kind: "research_centre" }),
  qs({ country: "KZ", kind: "university" }),
  qs({ q: "university", country: "PK,AF" }),
  qs({ q: "technology", kind: "other" }),
  qs({ country: "TR" }),
  // page 2
  qs({ q: "university", page: "2" }),
  qs({ q: "technology", country: "IR", page: "2" }),
  qs({ q: "institute", page: "2" }),
].map((s) => `/institutions?${s}`);

const EXPERT_PATHS: string[] = [
  // keywords
  ...[
    "machine learning",
    "blockchain",
    "network security",
    "image segmentation",
    "internet of things",
    "federated learning",
    "speech recognition",
    "cloud computing",
    "computer vision",
    "quantum computing",
    "data mining",
    "robotics",
  ].map((s) => qs({ q: s })),
  // topic names
  ...[
    "Cryptography and Data Security",
    "Topic Modeling",
    "Semantic Web and Ontologies",
    "Reinforcement Learning in Robotics",
    "Wireless Networks and Protocols",
  ].map((s) => qs({ q: s })),
  // surnames, Latin (with Turkish/Azerbaijani/Turkmen letters) and native scripts
  ...["Rezaei", "Yılmaz", "Yilmaz", "Khan", "Məmmədov", "Suleimenov", "Karimov", "Toktogulov", "Ahmadzai", "Annaýew"].map((s) => qs({ q: s })),
  ...[...perso.slice(0, 4), ...cyrillicNames.slice(0, 4)].map((s) => qs({ q: s })),
  // misspellings
  ...["machin lerning", "netwrok securty", "blokchain", "cryptografy", "reinforcment learning", "Rezaie"].map((s) => qs({ q: s })),
  // filters, with and without text
  qs({ q: "deep learning", country: "IR" }),
  qs({ q: "optimization", openTo: "supervision" }),
  qs({ topic: "T10237" }),
  qs({ subfield: "1702", country: "TR,KZ" }),
  qs({ q: "neural networks", country: "PK", openTo: "joint_research" }),
  qs({ country: "UZ" }),
  // page 2
  qs({ q: "machine learning", page: "2" }),
  qs({ q: "Karimov", page: "2" }),
  qs({ q: "security", country: "TR", page: "2" }),
].map((s) => `/experts?${s}`);

/** Real topic ids of the taxonomy (db/data/openalex-ict-topics.json). */
const PARTNER_TOPICS = [
  "T10237", // Cryptography and Data Security
  "T10028", // Topic Modeling
  "T10181", // Natural Language Processing Techniques
  "T10201", // Speech Recognition and Synthesis
  "T10215", // Semantic Web and Ontologies
  "T10320", // Neural Networks and Applications
  "T10462", // Reinforcement Learning in Robotics
  "T10637", // Advanced Clustering Algorithms Research
  "T10664", // Sentiment Analysis and Opinion Mining
  "T10682", // Quantum Computing Algorithms and Architecture
  "T10764", // Privacy-Preserving Technologies in Data
  "T11158", // Wireless Networks and Protocols
  "T10057", // Face and Expression Recognition
  "T11512", // Anomaly Detection Techniques and Applications
  "T11689", // Adversarial Robustness in Machine Learning
  "T12026", // Explainable Artificial Intelligence (XAI)
];

const PARTNER_PATHS: string[] = [
  // one topic, two topics
  ...PARTNER_TOPICS.map((t) => qs({ topics: t })),
  qs({ topics: "T10028,T10181" }),
  qs({ topics: "T10215,T10637" }),
  qs({ topics: "T10237,T10764" }),
  // topics with filters and result types
  qs({ topics: "T10028", country: "KZ" }),
  qs({ topics: "T10237", kind: "university" }),
  qs({ topics: "T10320", openTo: "joint_research" }),
  qs({ topics: "T10462", type: "expert" }),
  qs({ topics: "T10682", type: "institution" }),
  qs({ topics: "T10237,T10462", consortium: "TR", newCountriesOnly: "true" }),
  // free text: keywords, topic words, misspellings, native script
  ...["machine learning", "network security", "blockchain", "federated learning for medical imaging", "quantum cryptography", "speech recognition"].map((s) =>
    qs({ q: s }),
  ),
  ...["computer vision", "internet of things"].map((s) => qs({ q: s, type: "expert" })),
  ...["cloud computing", "robotics"].map((s) => qs({ q: s, type: "institution" })),
  qs({ q: "machin lerning" }),
  qs({ q: "netwrok securty", type: "expert" }),
  qs({ q: "blokchain" }),
  qs({ q: cyrillicNames[2] }),
  qs({ q: "deep learning", openTo: "joint_research" }),
  qs({ q: "optimization", topics: "T10181" }),
  // page 2
  qs({ topics: "T10237", page: "2" }),
  qs({ q: "machine learning", page: "2" }),
].map((s) => `/partners?${s}`);

/** Paths (with query string) of each page of the pages benchmark; fixed, so runs compare. */
export const PAGE_PATHS: Record<BenchPage, string[]> = {
  institutions: INSTITUTION_PATHS,
  experts: EXPERT_PATHS,
  partners: PARTNER_PATHS,
};

/** The row names of the pages benchmark (kept from earlier runs so the report compares). */
export const PAGE_NAMES: Record<BenchPage, string> = {
  institutions: "/institutions?q=…",
  experts: "/experts?q=…",
  partners: "/partners?…",
};

/**
 * The findPartners input of a benchmark partner query; `askingInstitutionId` is the institution
 * consortium queries exclude (a verified generated one in Türkiye).
 */
export function partnerQueryOf(q: MatchQuery, askingInstitutionId: number) {
  return {
    topicIds: q.topicIds,
    text: q.text,
    country: q.country,
    kind: q.kind_,
    openTo: q.openTo,
    consortium: q.consortium,
    onlyNewCountries: q.onlyNewCountries,
    excludeInstitutionId: q.exclude ? askingInstitutionId : null,
  };
}
