/**
 * Validators for persistent identifiers used across the network.
 * Pure functions, shared by client and server.
 */

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * Normalises a ROR id given bare (`014weej12`) or as URL (`https://ror.org/014weej12`)
 * to its bare lower-case form, or returns null when the format or the checksum is wrong.
 * ROR ids are "0" + 6 Crockford base32 characters + a 2-digit ISO 7064 mod 97-10 checksum.
 */
export function normalizeRorId(input: string): string | null {
  const s = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\/(www\.)?ror\.org\//, "");
  if (!/^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$/.test(s)) return null;
  let n = 0n;
  for (const ch of s.slice(0, 7)) n = n * 32n + BigInt(CROCKFORD.indexOf(ch));
  const check = 98n - ((n * 100n) % 97n);
  return check === BigInt(s.slice(7)) ? s : null;
}

/** True when `id` is a bare ROR id with a valid checksum. */
export function isValidRorId(id: string): boolean {
  return typeof id === "string" && normalizeRorId(id) === id;
}

/**
 * ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD:
 * "0"–"9" or "X" (for 10). `digits` must be exactly 15 ASCII digits.
 */
export function orcidCheckDigit(digits: string): string {
  let total = 0;
  for (const ch of digits) total = (total + (ch.charCodeAt(0) - 48)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? "X" : String(result);
}

export type OrcidParse = { ok: true; value: string } | { ok: false; reason: "format" | "checksum" };

/**
 * Reads an ORCID iD as people paste it — `0000-0002-1825-0097`,
 * `0000000218250097`, `https://orcid.org/0000-0002-1825-0097`,
 * `http://orcid.org/…`, `orcid.org/…`, with surrounding whitespace, lower-case `x` —
 * and returns the canonical `0000-0002-1825-0097` form, or why it is not an iD:
 * `format` (not 16 characters in four groups) or `checksum` (ISO 7064 11,2 check
 * character wrong: usually a typo).
 */
export function parseOrcid(input: string): OrcidParse {
  const s = input
    .trim()
    .replace(/^(https?:\/\/)?(www\.)?orcid\.org\//i, "")
    .toUpperCase();
  const m = /^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$/.exec(s);
  // Hyphens are all-or-nothing: "0000-00021825-0097" is a typo, not an iD.
  if (!m || (s.includes("-") && s.length !== 19)) return { ok: false, reason: "format" };
  const digits = m.slice(1).join("");
  if (orcidCheckDigit(digits.slice(0, 15)) !== digits[15]) return { ok: false, reason: "checksum" };
  return { ok: true, value: `${m[1]}-${m[2]}-${m[3]}-${m[4]}` };
}

/** The canonical `0000-0002-1825-0097` form of an ORCID iD, or null when the format or check digit is wrong (see parseOrcid). */
export function normalizeOrcid(input: string): string | null {
  const r = parseOrcid(input);
  return r.ok ? r.value : null;
}

/** An OpenAlex topic id as the taxonomy stores it (table `topics`): "T" and 1–8 digits, e.g. T10020. */
export const TOPIC_ID_PATTERN = /^T\d{1,8}$/;

/** True when `v` has the shape of a topic id (whether the topic exists is the database's to say). */
export function isTopicId(v: string): boolean {
  return TOPIC_ID_PATTERN.test(v);
}
