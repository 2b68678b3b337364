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
  const s = input.trim().toLowerCase().replace(/^https?:\/\/(www\.)?ror\.org\//, "");
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
