/**
 * The ten member states of the Economic Cooperation Organization (ECO),
 * ISO 3166-1 alpha-2 codes with English short names (source: ISO 3166-1;
 * membership: ECO Secretariat). Used to seed `countries` and to validate input.
 */
export const ECO_MEMBER_STATES = [
  { code: "AF", name: "Afghanistan" },
  { code: "AZ", name: "Azerbaijan" },
  { code: "IR", name: "Iran" },
  { code: "KZ", name: "Kazakhstan" },
  { code: "KG", name: "Kyrgyzstan" },
  { code: "PK", name: "Pakistan" },
  { code: "TJ", name: "Tajikistan" },
  { code: "TR", name: "Türkiye" },
  { code: "TM", name: "Turkmenistan" },
  { code: "UZ", name: "Uzbekistan" },
] as const;

export type MemberStateCode = (typeof ECO_MEMBER_STATES)[number]["code"];

export const MEMBER_STATE_CODES: readonly string[] = ECO_MEMBER_STATES.map((c) => c.code);

/**
 * English name of a member state, or the code itself when unknown. For
 * people, use the catalogue instead: `t(`common:country.${code}`)` (every language).
 */
export function countryName(code: string): string {
  return ECO_MEMBER_STATES.find((c) => c.code === code)?.name ?? code;
}

/** True when `code` (any case) is one of the ten member states. */
export function isMemberState(code: string): code is MemberStateCode {
  return MEMBER_STATE_CODES.includes(code.toUpperCase());
}
