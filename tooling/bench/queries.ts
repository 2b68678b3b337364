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
