/**
 * Deadlines are instants (timestamptz). People enter them as a local date and
 * time plus an explicit IANA time zone, and see them with the zone and its
 * UTC offset, e.g. "15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)".
 * Conversion uses @date-fns/tz (the IANA database of the runtime's Intl).
 */
import { TZDate, tzOffset } from "@date-fns/tz";

/** The member states' zones (and UTC), offered in the deadline form. */
export const DEADLINE_ZONES = [
  "UTC",
  "Asia/Kabul",
  "Asia/Baku",
  "Asia/Tehran",
  "Asia/Almaty",
  "Asia/Bishkek",
  "Asia/Karachi",
  "Asia/Dushanbe",
  "Europe/Istanbul",
  "Asia/Ashgabat",
  "Asia/Tashkent",
] as const;
export type DeadlineZone = (typeof DEADLINE_ZONES)[number];

/**
 * Each member state's zone, the default deadline zone of a call posted by one
 * of its institutions. Kazakhstan spans several IANA zones: its entry is the
 * capital's, Astana's, which the IANA database files under Asia/Almaty.
 */
export const MEMBER_STATE_ZONES: Record<string, DeadlineZone> = {
  AF: "Asia/Kabul",
  AZ: "Asia/Baku",
  IR: "Asia/Tehran",
  KZ: "Asia/Almaty",
  KG: "Asia/Bishkek",
  PK: "Asia/Karachi",
  TJ: "Asia/Dushanbe",
  TR: "Europe/Istanbul",
  TM: "Asia/Ashgabat",
  UZ: "Asia/Tashkent",
};

/**
 * Countries whose zone in MEMBER_STATE_ZONES is the capital's among several:
 * the call form says so next to its zone (text: catalogue `calls:zoneNote.<code>`).
 */
export const CAPITAL_ZONE_COUNTRIES: readonly string[] = ["KZ"];

/** The default deadline zone for an institution in `countryCode`: its member state's zone, else UTC. */
export function zoneForCountry(countryCode: string | null | undefined): DeadlineZone {
  return (countryCode && MEMBER_STATE_ZONES[countryCode.trim().toUpperCase()]) || "UTC";
}

/**
 * The instant of wall-clock `local` ("2027-01-15T17:00", as a datetime-local
 * input sends it) in `zone`. Null when `local` is malformed.
 */
export function zonedToInstant(local: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const t = new TZDate(y, mo - 1, d, h, mi, s, zone);
  // Reject dates that roll over (31 Feb) and the wall-clock times a DST jump skips.
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d || t.getHours() !== h) return null;
  return new Date(t.getTime());
}

/** "2027-01-15T17:00": `instant` as wall-clock time in `zone`, for a datetime-local input. */
export function instantToLocalInput(instant: Date | string, zone: string): string {
  const t = new TZDate(new Date(instant).getTime(), zone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}T${p(t.getHours())}:${p(t.getMinutes())}`;
}

/** "UTC+03:30" for `zone` at `instant`. */
export function offsetLabel(instant: Date | string, zone: string): string {
  const min = tzOffset(zone, new Date(instant));
  const sign = min < 0 ? "-" : "+";
  const a = Math.abs(min);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}
