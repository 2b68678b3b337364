/**
 * The shapes of partner matching (matching.server.ts findPartners): the query,
 * a ranked result with its explanation, a result page, a consortium request
 * and suggestion (consortium.server.ts), and the error for an invalid query. Types and one error class only: shared by the matching
 * modules, the parameter parser (partner-params.ts) and routes.
 */
import type { InstitutionKind } from "~/domain/institution-kinds";
import type { OpenTo } from "~/domain/expert-vocabulary";

export type PartnerType = "institution" | "expert";

export interface PartnerQuery {
  /** Free text (any script; normalised like the index). */
  text?: string;
  /** Taxonomy topic ids (e.g. "T10020"). Unknown ids are an error. */
  topicIds?: string[];
  /** Only these member states. */
  country?: string[];
  /** Only institutions of these kinds (experts: of institutions of these kinds). */
  kind?: InstitutionKind[];
  /** Experts open to any of these (institutions are not filtered by it). */
  openTo?: OpenTo[];
  /** The asking institution: excluded with its experts; its country counts as represented. */
  excludeInstitutionId?: number | null;
  /** An expert to leave out (the profile asking for suggestions). */
  excludeExpertId?: number | null;
  /** More institutions to leave out with their experts (e.g. already in a proposal's consortium); their countries are not counted. */
  excludeInstitutionIds?: number[];
  /** The signed-in user asking: their own expert profiles and their institutions (with those institutions' experts) are left out. */
  askingUserId?: string | null;
  /** Member states already in the consortium (ISO codes). */
  consortium?: string[];
  /** Only candidates from member states not yet represented (asking institution's + consortium). */
  onlyNewCountries?: boolean;
  /** Which kinds of result (default both). */
  types?: PartnerType[];
  /** Recognise topics in `text` (default true; topic-recognition.server.ts). */
  inferTopics?: boolean;
  /** Topic ids never recognised in `text` (the user removed them); a topic of `topicIds` stays. */
  dropTopics?: string[];
  page?: number;
  perPage?: number;
}

export interface TopicRef {
  id: string;
  name: string;
}

/**
 * Why two topics are related, as data: parts in the order they are said, each
 * a kind with its parameters. topic-relatedness.server.ts `reasonOf` says it in English (the API's
 * `reason`); the /partners page says it in the reader's language from the
 * `matching:relatedWhy.*` messages (components/related-why.ts). Terms are the
 * taxonomy's words (English), as written in the topic.
 */
export type RelatedWhy =
  /** Keyword phrases both topics list. */
  | { kind: "keywords"; terms: string[] }
  /** Other words both use (in names or keywords). */
  | { kind: "words"; terms: string[] }
  /** Declared together in this many expert profiles and institutions' declared topics (either may be 0, not both). */
  | { kind: "declaredBy"; experts: number; institutions: number }
  /** Declared together in this many profiles, kinds unknown. */
  | { kind: "declaredByProfiles"; profiles: number };

export interface PartnerResult {
  type: PartnerType;
  id: number;
  name: string;
  country: string | null;
  countryName: string | null;
  url: string;
  /** Experts: their institution. */
  institution: { id: number; name: string } | null;
  score: number;
  breakdown: { shared: number; related: number; text: number; newCountry: number };
  explanation: {
    sharedTopics: Array<TopicRef & { weight: number }>;
    /**
     * Query topics the candidate lacks but has a related topic of; `reason` says why they are related
     * (English), `why` the same as data. The API answers without `why` (api.v1.partners.ts).
     */
    relatedTopics: Array<{ query: TopicRef; match: TopicRef; reason: string; why: RelatedWhy[] }>;
    /** Words of the free text found in the candidate (lower-case, distinct). */
    matchedTerms: string[];
    /** Fields with matches between HL_PRE/HL_POST (app/utils/highlight.ts; render with components/highlight.tsx). */
    highlighted: Record<string, string>;
    country: { code: string; name: string; new: boolean } | null;
  };
  /** Candidate topics with weights (for consortium building). */
  topics: Array<TopicRef & { weight: number; subfieldId: string }>;
}

/** A query topic: given (`inferred` false) or recognised in the free text. */
export type QueryTopic = TopicRef & { subfieldId: string; inferred: boolean };

export interface PartnerSearchResult {
  results: PartnerResult[];
  total: number;
  page: number;
  perPage: number;
  /** The query topics: given and recognised in the text. */
  queryTopics: QueryTopic[];
  /** Member states counted as represented (newCountry = 0 for them). */
  representedCountries: string[];
}

/** A page of /partners: the results without each candidate's full topic list (not shown; 40–70 KB per page at scale), experts marked when they can be messaged. */
export type PartnerPage = Omit<PartnerSearchResult, "results"> & {
  results: Array<Omit<PartnerResult, "topics"> & { contactable?: boolean }>;
};

/** A consortium request (consortium.server.ts suggestConsortium). */
export interface ConsortiumQuery {
  topicIds: string[];
  /** Distinct member states required (the asking institution's country counts). */
  minCountries: number;
  excludeInstitutionId?: number | null;
  /** Institutions already in the consortium: never suggested (with their experts). */
  excludeInstitutionIds?: number[];
  /** The signed-in user asking: their institutions are never suggested. */
  askingUserId?: string | null;
  /** Free text of the call or draft (optional; sharpens the ranking). */
  text?: string;
  /** At most this many partners (default max(minCountries, topics) + 1, capped at 10). */
  maxPartners?: number;
}

export interface ConsortiumMember {
  institution: { id: number; name: string; url: string };
  country: { code: string; name: string };
  brings: { topics: TopicRef[]; country: string; newCountry: boolean };
  score: number;
}

export interface ConsortiumSuggestion {
  members: ConsortiumMember[];
  /** Distinct member states including the asking institution's. */
  countries: string[];
  covered: TopicRef[];
  /** Query topics no eligible institution works on. */
  uncovered: TopicRef[];
  /** How many more member states would be needed (0 when satisfied). */
  missingCountries: number;
  /** True when every topic is covered and the country requirement met. */
  complete: boolean;
  /** Plain-language summary ("cannot cover …" when incomplete). */
  note: string;
}

/** One problem of a query: the parameter it concerns and what is wrong. */
export type PartnerQueryIssue = { param: string; message: string };

/** Thrown for invalid queries; `issues` name the parameter (API: 400). */
export class PartnerQueryError extends Error {
  constructor(public issues: PartnerQueryIssue[]) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join("; "));
    this.name = "PartnerQueryError";
  }
}
