/**
 * Text of the calls and projects pages that depends on the viewer's language
 * and must be made on the server (Node's ICU, not the browser's: a page whose
 * text differs on hydration is re-rendered): deadlines with their zone and
 * UTC offset (Solar Hijri beside Gregorian in Persian), calendar days, and
 * lists of member-state names. Called by loaders with `lng = await requestLanguage(request)`.
 */
import { serverT } from "~/i18n/i18n.server";
import { formatInZone } from "~/i18n/dates";
import { listFormat } from "~/i18n/intl-cache";

/**
 * Member states `codes` by their names in `lng` (common:country.*), joined by
 * commas as the language writes them ("Iran, Türkiye"; Persian "ایران،‏ ترکیه").
 */
export function countryList(codes: readonly string[], lng: string): string {
  const t = serverT(lng, "common");
  return listFormat(lng, { type: "conjunction", style: "narrow" }).format(codes.map((c) => t(`country.${c}`)));
}

/**
 * A call's dates as text in `lng`: `deadline` and `opens` in the call's zone,
 * and `deadlineUtc` (the deadline in UTC, null when the zone is UTC itself).
 * Instants: Date or ISO string; `zone`: IANA zone of the call.
 */
export function callDates(call: { deadline: Date | string; opens_at?: Date | string | null; deadline_zone: string }, lng: string) {
  return {
    deadline: formatInZone(call.deadline, call.deadline_zone, lng),
    deadlineUtc: call.deadline_zone === "UTC" ? null : formatInZone(call.deadline, "UTC", lng),
    opens: call.opens_at ? formatInZone(call.opens_at, call.deadline_zone, lng) : null,
  };
}
