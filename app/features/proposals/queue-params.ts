/** Query parameters of the secretariat's proposal queue (/secretariat/proposals). Pure. */
import { z } from "zod";
import { text } from "~/utils/input";
import { pageParam } from "~/utils/search-params";

/** Rows per page of the secretariat's proposal queue. */
export const QUEUE_PER_PAGE = 50;
/**
 * Deepest queue page accepted: 500,000 proposals at 50 a page, well above the
 * 20,000 of the benchmark data (MAX_PAGE, 250, would cut that queue at 12,500).
 */
export const MAX_QUEUE_PAGE = 10_000;
/**
 * /secretariat/proposals: `page` is validated here; `status` (repeated) and
 * `country` only for control characters — they keep their lenient reading in
 * the loader (unknown values ignored).
 */
export const queuePageSchema = z.object({ page: pageParam(MAX_QUEUE_PAGE), status: z.array(text()).optional(), country: text().optional() });
