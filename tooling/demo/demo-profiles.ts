/**
 * Institution topic profiles for generated demo data (tooling/demo/demo.ts, tooling/scale/scale.ts).
 *
 * Demo experts must look like they belong where they work: an ICT researcher at
 * a medical university works on health informatics, one at an oceanography
 * institute on remote sensing and environmental data, never the other way
 * round. So every institution that hosts demo experts first gets a declared
 * topic profile derived from its name and kind, and its experts' topics are
 * then drawn (mostly) from that profile.
 *
 * How a profile is derived:
 * 1. THEMES maps keywords of institution names to a theme. The names tested
 *    are the institution's name plus its ROR labels and aliases
 *    (`institution_names`), so English, transliterated (Uzbek, Turkish,
 *    Azerbaijani) and native-script names (Russian/Kazakh Cyrillic, Persian,
 *    Urdu) all count. Several themes may match ("University of Marine Science
 *    and Technology" → ocean + engineering); none → the general computing
 *    theme (GENERAL).
 * 2. Each theme's topic pool is a set of OpenAlex topics: those whose name
 *    matches the theme's `topics` pattern, plus every topic of its `subfields`
 *    (OpenAlex subfield ids, e.g. 1705 Computer Networks and Communications).
 *    Topic names are matched rather than subfields alone because OpenAlex files
 *    e.g. "Medical Image Segmentation Techniques" under Computer Vision and
 *    "Seismology and Earthquake Studies" under Artificial Intelligence. Health
 *    topics (HEALTH_TOPIC) are kept out of every other theme's pool, so
 *    medical topics appear only where the name says medicine. Vague
 *    catch-all topics ("Diverse Interdisciplinary Research Studies") are in no pool.
 * 3. The profile takes a few subfields of the institution's pool (2–3 for a
 *    university, 1–2 for a research centre: the kind sets the breadth),
 *    weighted by their size in the pool, and 4–8 topics of each. Its draws come
 *    from an Rng seeded with the demo seed and the institution's ROR id (or
 *    name), so a profile does not depend on the order institutions are visited.
 *
 * An expert then takes a main subfield of the profile, 2–5 topics of it (the
 * profile's first, then the pool's when the profile has too few), and, now and
 * then, one topic from another subfield of the profile.
 */
import { Rng } from "../rng";
import type { TopicRow } from "./demo";

/** A theme: which institution names select it and which topics it covers. */
export interface Theme {
  id: string;
  /** Matched against the institution's name, labels and aliases (any script). */
  institution: RegExp;
  /** When it matches the names too, the theme is not selected (a veterinary "medicine" is not human medicine). */
  unless?: RegExp;
  /** Matched against topic names. */
  topics: RegExp;
  /** Topic names kept out of the pool although `topics` or `subfields` match (loose words: "water" in "watermarking"). */
  exclude?: RegExp;
  /** OpenAlex subfield ids whose topics all belong to the theme. */
  subfields?: readonly string[];
  /** The theme may hold health topics (HEALTH_TOPIC) its `topics` match: life sciences, cognitive science. */
  health?: boolean;
}

/** Topic names that are about medicine or health (only the health theme has them). */
export const HEALTH_TOPIC =
  /(?<!structural )health|medic|clinic|cancer|tumou?r|disease|drug|bioinformatic|biomedic|genom|genetic|gene |DNA|\bECG\b|\bEEG\b|brain|radiom|covid|blood|cell image|phonocardio|stroke|\bmental|psychiatr|body area|infusion|bioimpedance|biosensor|bioethic/i;

/** Themes of a general technical or computing institution: a more specific theme, when one matches too, leads its profile. */
const GENERIC = new Set(["engineering", "computing"]);

/** Topic names about a domain of their own, kept out of the generic pools (OpenAlex files "Seismology" under AI). */
const DOMAIN_TOPIC =
  /solar|photovolt|seism|earthquake|geochem|geolog|music|agricult|water(?!mark)|hydrolog|military|literature|currency|\blaw\b|legal|econom|financ|stock market|portfolio|religio|organizational|employee|\bHR\b|human rights|politic|mining techniques|philosoph|history of|cultural|accounting|marketing|auction|e-government|social media|business|chemical|linguistic|librar/i;

/** Catch-all topic names that fit no institution (OpenAlex's miscellany clusters). */
const VAGUE_TOPIC =
  /diverse|varied|various fields|interdisciplinary|multidisciplinary|thoreau|activated carbon|history and theory of mathematics|scientific research and|advanced technolog(y|ies) in|advanced scientific and engineering|religion|optics and image analysis/i;

/**
 * Keyword → topic map over institution names (first match order is irrelevant:
 * all matching themes are combined). Patterns cover English plus the forms
 * ROR labels use: Turkish/Azerbaijani (tıp, deniz, tarım, iqtisad), Uzbek Latin
 * (tibbiyot, qishloq xoʻjaligi, pedagogika), Russian/Kazakh Cyrillic
 * (медицин, сельск, связ), Persian/Urdu (پزشکی, دریایی, کشاورزی, زرعی).
 * Every name of every institution that can host demo experts was reviewed
 * against these patterns (tests/demo-profiles.test.ts checks the result;
 * `npx tsx tooling/demo/print-demo-profiles.ts` lists them). Words that occur inside
 * unrelated names are anchored: "radio" not "radiology", "physic" not
 * "physician", "training" only as teacher training, "road" only as roads.
 */
export const THEMES: readonly Theme[] = [
  {
    id: "health",
    institution:
      /medic|medizin|medipol|health|pharma|dental|dentist|nursing|hospital(?!ity)|clinic|surg|physician|doctors\b|həkim|oncolog|radiolog|cardio|endocrin|metabol|rheumat|disease|sleep|rehabilit|epidemiol|physiolog|diabet|obesity|nutrition|virolog|pasteur|\bbrain\b|cerrah|hekim|\bşifa\b|\bshifa\b|tıp|sağlık|tibbiyot|meditsin|farmats|медицин|здравоохран|фарма|эпидемиол|физиолог|پزشکی|سلامت|بهداشت|دارو|اپیدمیولوژ|دیابت|چاقی|طب |طبی(?!ع)|میڈیکل|ہیلتھ/iu,
    unless: /veterin|ветеринар|دامپزشکی/iu,
    topics: HEALTH_TOPIC,
    subfields: ["1304", "1312", "2204", "2705", "2713", "2718", "2739", "2740", "2741", "2742", "2805", "2808", "3306", "3605", "3607"],
  },
  {
    id: "life",
    institution:
      /biolog|genomic|genetic|bioinformat|microbiolog|zoolog|biotechnolog|molecular|биолог|геном|генетик|зоолог|микробиолог|биотехнолог|زیست‌شناسی|زیست شناسی|زیستی|ژنتیک/iu,
    topics:
      /bioinformatic|genom|gene |gene expression|DNA|biolog|cell image|drug discovery|fractal|clustering|data mining algorithms|image classification|remote-sensing image|tensor|bayesian/i,
    health: true,
  },
  {
    id: "cognitive",
    institution: /cognitive|neuroscien|когнитив|علوم شناختی/iu,
    topics:
      /EEG|brain-computer|cognitive|emotion|speech|natural language|gaze|gesture|human-computer|human-technology|social robot|neural networks and|visual attention|mental health via writing/i,
    exclude: /radio/i,
    health: true,
  },
  {
    id: "ocean",
    institution:
      /ocean|marine|maritime|\bsea\b|naval|fisher|\bfish|sturgeon|aquacult|hydro|meteorolog|atmospher|climat|(?<!built )environment|ecolog|geograph|glacio|watershed|water|qanat|air pollution|bahria|dəniz|denizcilik|deniz bilim|deniz hukuk|iqlim|atrof-muhit|gidrometeorolog|морск|океан|гидромет|климат|эколог|географ|гляцио|دریا|اقیانوس|هواشناسی|محیط زیست|آب |ماهی|بحریہ/iu,
    topics:
      /remote.sensing|satellite image|synthetic aperture|SAR\b|radar|photogrammetry|hydrolog|\bwater\b|air quality|climate|seism|earthquake|geochem|geolog|GNSS|sensor networks?\b|image fusion|data fusion|solar radiation|environment|direction-of-arrival|radio wave propagation|image classification|time series/i,
    exclude: /security|cultural|chemical|steganograph/i,
  },
  {
    id: "earth",
    institution:
      /earthquake|seism|geolog|geophys|geoscien|mining|metallurg|construct|architect|civil engineering|building|built environment|deprem|inşaat|memarlıq|qurilish|arxitektura|seysmik|строит|архитект|сейсм|геолог|горно|عمران|زلزله|معماری|ساختمان/iu,
    topics:
      /seism|earthquake|structural health|infrastructure|building|construction|architecture and|geochem|geolog|mesh|computational geometry|vibration|smart cities|smart parking|mining techniques|simulation|numerical methods|remote.sensing|satellite image|sensor networks?\b|sensor technology|machine fault|risk and safety|probability and risk|project management|project scheduling|3D reconstruction|GNSS/i,
    exclude: /security|portfolio|electric/i,
  },
  {
    id: "agriculture",
    institution:
      /agri|agro|\bfarm(?:s|ing|ers?)?\b|crop|plant|food|soil|irrigat|forest|livestock|veterin|animal|rural|natural resources|halophyte|tarım|gıda|ziraat|qishloq|agrar|aqrar|veterinariya|сельск|аграр|агро|ветеринар|کشاورزی|زرعی|ایگریکلچر|منابع طبیعی|دامپزشکی/iu,
    topics:
      /agricultur|crop|plant|soil|\bwater\b|irrigat|hydrolog|remote.sensing|satellite image|UAV|sensor networks?\b|IoT|image fusion|food|supply chain|image classification|arduino|smart refrigerator|image processing|time series|air quality|climate|data mining algorithms/i,
    exclude: /vehicle|smart home|security|steganograph/i,
  },
  {
    id: "telecom",
    institution:
      /telecom|communicat|postal|\bradio\b|radiotex|broadcast|televis|network|aloqa|telekom|iletişim|haberleşme|связ|телеком|ارتباطات|مخابرات|صدا و سیما/iu,
    topics:
      /wireless|antenna|5G|MIMO|OFDM|radio|microwave|optical network|photonic communication|satellite communication|propagation|millimeter|spectrum|modulation|network traffic|network coding|ad hoc|networks and protocols|network security|network management|network time|packet|peer-to-peer|delay-tolerant|interconnection network|broadcast|telecommunication|IPv6|VANET|ultra-wideband|RFID|bluetooth|power line communication|full-duplex|error correct|coding theory|CDMA|localization|terahertz|energy harvesting|PAPR|power amplifier|PLL|IoT|caching|internet|authentication protocol|sensor networks?\b|age of information|optical wireless|media and digital communication/i,
    exclude: /neural|smart refrigerator|smart home|vehicle safety|social network/i,
  },
  {
    id: "energy",
    institution: /energy|power|electric|\boil\b|\bgas\b|petrol|nuclear|niroo|neft|nafta|enerji|elektr|энерг|нефт|ядерн|электр|نفت|انرژی|برق|هسته|نیرو/iu,
    unless: /agricultur|for agriculture|biolog/i,
    topics:
      /power|energy|grid|solar|photovoltaic|battery|wind turbine|HVDC|converter|inverter|electric motor|transformer|fuel cell|islanding|electricity|high-voltage|fault detection|fault diagnosis|fault protection|nuclear|plasma|particle accelerator|radiation effects|process optimization|control systems|electric vehicle/i,
    exclude: /VLSI|amplifier|wireless|energy efficiency in computing|mining/i,
  },
  {
    id: "aerospace",
    institution:
      /aviation|aerospace|aeronaut|\bspace\b|\bair university|avia|havacılık|hava kurumu|uzay|ionosphere|astro|авиац|космо|ионосфер|هوافضا|هوایی|هوانوردی/iu,
    topics:
      /UAV|satellite|radar|GNSS|aerospace|space|antenna|autonomous vehicle|target tracking|stabilization|synthetic aperture|SAR\b|propagation|navigation|control of nonlinear|embedded/i,
    exclude: /military/i,
    subfields: ["2202"],
  },
  {
    id: "economics",
    institution:
      /econom|financ|business|(?<!water |watershed |risk |urban water )management|commerce|trade|\bbank|account|market|administration|entrepreneur|insurance|customs|cooperation|kooperas|labou?r|tourism|narxoz|potrebsoyuz|iqtisod|iqtisad|ekonom|işletme|ticaret|tadbirkor|gömrük|əmək|эконом|финанс|менедж|(?<!не)коммерц(?!иялық емес)|труд|اقتصاد|مدیریت|بازرگانی|بیمه|بزنس|اکنامکس/iu,
    topics:
      /financ|fintech|crowdfund|e-commerce|supply chain|business|ERP|market|stock|portfolio|digital economy|econom|customer|accounting|auction|game theory|decision|blockchain|big data|probability and risk|logistics|inventory|DEA|churn|governance|digital transformation|operations management|recommender|XBRL|time series|forecasting techniques|SMEs|queuing|quality and supply|multi-criteria/i,
    exclude: /hydrolog|air quality|energy load|\blaw\b|politic|mining techniques|safety|educat/i,
  },
  {
    id: "education",
    institution:
      /pedagog|pedaqoj|teacher|(?<!higher )education|teacher training|normal school|open university|virtual university|payam[e]? ?noor|farhangian|lisesi|international school|intellectual schools|pedagogika|öğretmen|eğitim|o‘qituvchi|oʻqituvchi|педагог|учител|تربیت معلم|تربیت دبیر|فرهنگیان|پیام نور|آموزش و پرورش/iu,
    topics:
      /educat|e-learning|online learning|blended learning|teaching|tutoring|pedagog|curriculum|mobile learning|multimedia learning|learning technolog|learning analytics|online and blended|digital literacy|learning programming|MOOC/i,
    subfields: ["3304"],
  },
  {
    id: "language",
    institution:
      /language|linguist|philolog|literature|humanit|translation|journalism|oriental|slavic|slavonic|tillari|\btil\b|dilleri|язык|лингв|гуманит|филолог|славян|زبان|ادبیات|علوم انسانی/iu,
    topics:
      /natural language|speech|\btext|language|sentiment|topic model|translation|dialogue|authorship|hate speech|readability|handwritten|linguistic|semantic web|ontolog|social media|information retrieval|librar|knowledge management/i,
    exclude: /marketing/i,
  },
  {
    id: "law",
    institution:
      /\blaw\b|legal|jurid|judicial|yuridik|hukuk|huquq|politic|politik|public administration|public policy|science policy|diploma[ct]|international relations|customs|gömrük|юрид|прав[оа]|политолог|حقوق|سیاس|قضایی/iu,
    topics:
      /\blaw\b|legal|e-government|public services|policy|policies|politic|ethic|privacy|cyber warfare|cybercrime|digital rights|regulation|governance|forensic|intellectual property|human rights|authorship|spam and phishing|digital transformation in law/i,
  },
  {
    id: "transport",
    institution:
      /transport|railway|\broads\b|road transport|highway|logistic|automobile|automotive|motor vehicle|demiryol|ulaştırma|lojistik|транспорт|путей сообщ|حمل و نقل|راه آهن/iu,
    topics:
      /transport|traffic control|vehicle|VANET|logistics|parking|railway|license plate|GPS|navigation|path planning|scheduling and timetabling|supply chain|localization/i,
  },
  {
    id: "heritage",
    institution:
      /archaeolog|archäolog|archeolog|anatolien|british institute|cultural heritage|cultural studies|central asian studies|études|history|historic|museum|археолог|истори|музе|باستان|میراث/iu,
    topics:
      /photogrammetry|3D reconstruction|remote.sensing|satellite image|image processing|image enhancement|handwritten|computer graphics|visualization|virtual reality|augmented reality|semantic web|ontolog|research data|digital media and|librar|text analysis|information retrieval/i,
    exclude: /security|forensic/i,
  },
  {
    id: "social",
    institution: /social|sosyal|sosial|ijtimoiy|sociolog|urban|kent politika|социальн|социолог|اجتماعی/iu,
    topics:
      /social media|social network|e-government|ICT in developing|digital economy|computational and text analysis|technology adoption|sentiment|structural equation|Q methodology|crowdsourc|smart cities|demograph|digital education and society|ethics and social|digital divide|innovation diffusion/i,
  },
  {
    id: "physics",
    institution:
      /(?<!geo)physic(?!ian)|physical-tech|metrolog|measurement|\bstandards?\b|light source|synchrotron|fundamental sciences|(?<!geo)fizik|metrologiya|polymer|chemi|material|nano|(?<!гео)физик|метролог|стандарт|материал|(?<!ژئو)فیزیک|مهندسی مواد|استاندارد/iu,
    topics:
      /measurement|metrology|optical|laser|photonic|semiconductor|sensor|quantum|plasma|MEMS|material|nano|magnetic|terahertz|electromagnetic|fiber optic|uncertainty|imaging sensor|thin film|perovskite|computational physics|dielectric/i,
    exclude: /invariance|agreement|wireless sensor|sensor networks?\b|security/i,
  },
  {
    id: "engineering",
    institution:
      /techn|polytechn|hitec|engineer|industr|mechan|textile|applied sciences|uygulamalı bilimler|amaliy fanlar|texnika|texnolog|muhandis|teknik|teknoloji|mühendis|sanayi|politex|техн|инженер|промышл|صنعتی|فنی|مهندسی|فناوری|ٹیکنالوجی|انجینئرنگ/iu,
    topics:
      /control|robot|embedded|FPGA|VLSI|circuit|semiconductor|signal|sensor|power|fault|automation|PLC|IoT|wireless|antenna|digital twin|vibration|industr|manufactur|machining|image processing|vision|neural network|optimization/i,
    subfields: ["1702", "1705", "1707", "1708", "1710", "1711", "1712", "2207"],
  },
  {
    id: "computing",
    institution:
      /inform|comput|software|cyber|digital|artificial|\bdata\b|\bIT\b|\bICT\b|mathemat|bilgisayar|bilişim|informatika|axborot|raqamli|информ|вычисл|кибер|цифров|математ|رایانه|کامپیوتر|اطلاعات|ریاضی|کمپیوٹر/iu,
    topics: /(?!)/, // subfields only
    subfields: ["1702", "1703", "1705", "1707", "1708", "1709", "1710", "1711", "1712"],
  },
];

/** The profile of institutions whose name names no theme: core computer science. */
export const GENERAL: Theme = THEMES.find((t) => t.id === "computing")!;

/** Ids of the themes an institution's names select ("computing" when none does). */
export function institutionThemes(names: readonly string[]): string[] {
  const text = names.join(" | ");
  const hit = THEMES.filter((t) => t.institution.test(text) && !t.unless?.test(text)).map((t) => t.id);
  return hit.length ? hit : [GENERAL.id];
}

/** Topic pools per theme id, each in topic-id order (pure; build once per topic list). */
export function themePools(topics: readonly TopicRow[]): Map<string, TopicRow[]> {
  const pools = new Map<string, TopicRow[]>();
  for (const theme of THEMES) {
    const subs = new Set(theme.subfields ?? []);
    pools.set(
      theme.id,
      topics.filter((t) => {
        if (VAGUE_TOPIC.test(t.name) || theme.exclude?.test(t.name)) return false;
        const health = HEALTH_TOPIC.test(t.name);
        if (theme.id !== "health" && health && !(theme.health && theme.topics.test(t.name))) return false;
        if (theme.id === "health" && !health && !subs.has(t.subfield_id)) return false;
        // Education topics are a world of their own in OpenAlex's "Information Systems": only the education theme gets them.
        if (
          !health &&
          theme.id !== "education" &&
          theme.id !== "language" &&
          /educat|edcuat|learning (technolog|analytics|interventions)|teaching|curriculum|e-learning|pedagog|library/i.test(t.name)
        )
          return false;
        if (GENERIC.has(theme.id) && DOMAIN_TOPIC.test(t.name)) return false;
        return theme.topics.test(t.name) || subs.has(t.subfield_id);
      }),
    );
  }
  return pools;
}

/** A derived profile: the declared topics, and the wider pool they come from (experts may top up from it). */
export interface InstitutionProfile {
  themes: string[];
  topics: TopicRow[];
  pool: TopicRow[];
}

/** FNV-1a over UTF-16 code units: a stable 32-bit key for an institution. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Topics of `pool` grouped by subfield id, groups sorted by id. */
function bySubfield(pool: readonly TopicRow[]): Array<[string, TopicRow[]]> {
  const m = new Map<string, TopicRow[]>();
  for (const t of pool) m.set(t.subfield_id, [...(m.get(t.subfield_id) ?? []), t]);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The declared topic profile of one institution (see the module comment).
 * `key` identifies it stably (ROR id, else name); `names` are its name, labels
 * and aliases; `kind` sets the breadth. Deterministic in (seed, key, names, kind, pools).
 */
export function institutionProfile(
  seed: number,
  inst: { key: string; names: readonly string[]; kind: string },
  pools: ReadonlyMap<string, TopicRow[]>,
): InstitutionProfile {
  const themes = institutionThemes(inst.names);
  const union = (ids: string[]) => {
    const seen = new Set<string>();
    return ids
      .flatMap((id) => pools.get(id) ?? [])
      .filter((t) => !seen.has(t.id) && (seen.add(t.id), true))
      .sort((a, b) => a.id.localeCompare(b.id));
  };
  const specific = themes.filter((id) => !GENERIC.has(id));
  const generic = themes.filter((id) => GENERIC.has(id));
  const pool = union(themes);
  const rng = new Rng((seed ^ hash32(inst.key)) >>> 0);
  const wanted = inst.kind === "university" ? rng.int(2, 3) : rng.int(1, 2);
  // Subfields come from the specific themes (medicine, ocean, …); a technical or computing
  // name adds one subfield of its own to a university's profile, except in medicine
  // (a medical university's ICT researchers work on health informatics).
  const fromGeneric = specific.length === 0 ? wanted : inst.kind === "university" && generic.length && !specific.includes("health") ? 1 : 0;
  const topics: TopicRow[] = [];
  const picked = new Set<string>();
  for (const [source, n] of [
    [specific, wanted - fromGeneric],
    [generic, fromGeneric],
  ] as const) {
    const left = bySubfield(union(source)).filter(([id]) => !picked.has(id));
    for (let k = 0; k < n && left.length; k++) {
      const g = rng.weighted(left, ([, ts]) => ts.length);
      left.splice(left.indexOf(g), 1);
      picked.add(g[0]);
      topics.push(...rng.sample(g[1], Math.min(g[1].length, rng.int(4, 8))));
    }
  }
  // Small themed pools (health) spread over many subfields: make sure the profile has some breadth.
  if (topics.length < 6)
    topics.push(
      ...rng.sample(
        pool.filter((t) => !topics.includes(t)),
        6 - topics.length,
      ),
    );
  return { themes, topics: topics.sort((a, b) => a.id.localeCompare(b.id)), pool };
}

const groupsOf = new WeakMap<InstitutionProfile, Array<[string, TopicRow[]]>>();

/**
 * 2–5 topics for one expert of an institution with `profile`: a main subfield
 * of the profile (weighted by its topics there), its topics from the profile
 * first and then from the pool (same subfield), and with probability 0.3 one
 * topic of another subfield of the profile in place of the last. At most one
 * topic lies outside the main subfield. Returns [main subfield's topics, all topics].
 */
export function drawExpertTopics(rng: Rng, profile: InstitutionProfile): { main: TopicRow[]; chosen: TopicRow[] } {
  // Grouped once per profile: the scale generator draws 100k experts from a few thousand profiles.
  let groups = groupsOf.get(profile);
  if (!groups) groupsOf.set(profile, (groups = bySubfield(profile.topics)));
  const [subfieldId, own] = rng.weighted(groups, ([, ts]) => ts.length);
  const n = rng.int(2, 5);
  const chosen = rng.sample(own, Math.min(n, own.length));
  if (chosen.length < n) {
    const more = profile.pool.filter((t) => t.subfield_id === subfieldId && !chosen.includes(t));
    chosen.push(...rng.sample(more, n - chosen.length));
  }
  const others = profile.topics.filter((t) => t.subfield_id !== subfieldId);
  if (others.length && (chosen.length === 1 || (chosen.length > 2 && rng.chance(0.3)))) {
    const extra = rng.pick(others);
    if (chosen.length === 1) chosen.push(extra);
    else chosen[chosen.length - 1] = extra;
  }
  // Tiny pools only (tests with a handful of topics): still two topics.
  if (chosen.length < 2)
    chosen.push(
      ...rng.sample(
        profile.pool.filter((t) => !chosen.includes(t)),
        2 - chosen.length,
      ),
    );
  return { main: chosen.filter((t) => t.subfield_id === subfieldId), chosen };
}
