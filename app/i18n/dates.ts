/**
 * Dates in the viewer's language, through Intl. Call these on the server (in
 * loaders) and send the text: the browser's ICU may format a calendar
 * differently from Node's, and a page whose text differs on hydration is
 * re-rendered from scratch.
 *
 * - English keeps the site's own compact form: "15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)".
 * - Russian, Turkish, Azerbaijani: Intl's Gregorian calendar in that language.
 * - Persian (`fa`) and Dari (`fa-AF`): the Solar Hijri calendar (Intl's
 *   `persian`) in Persian digits, with the Gregorian date beside it in
 *   parentheses; fa-AF names the months as Afghanistan does (حمل، ثور، … جدی).
 * Zone names and UTC offsets stay Latin, wrapped in Unicode isolates
 * (U+2068 … U+2069) so they read correctly inside right-to-left text.
 */
import { TZDate } from "@date-fns/tz";
import { offsetLabel } from "~/utils/time-zone";
import { dateTimeFormat as dtf, numberFormat } from "~/i18n/intl-cache";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Wraps `s` in First Strong Isolate … Pop Directional Isolate. */
export function isolate(s: string): string {
  return `\u2068${s}\u2069`;
}

function isPersian(lng: string): boolean {
  return lng === "fa" || lng.startsWith("fa-");
}

/**
 * An instant as wall-clock date and time in `zone`, with the zone and its UTC
 * offset: "15 Jan 2027, 17:00 Asia/Tehran (UTC+03:30)" in English;
 * "۲۵ دی ۱۴۰۵، ۱۷:۰۰ (۱۵ ژانویهٔ ۲۰۲۷) Asia/Tehran (UTC+03:30)" in Persian.
 * `instant`: a Date or an ISO string; `zone`: an IANA zone; `lng`: a language code.
 */
export function formatInZone(instant: Date | string, zone: string, lng = "en"): string {
  const when = new Date(instant);
  const zoneText = `${zone} (${offsetLabel(when, zone)})`;
  if (lng === "en") {
    const t = new TZDate(when.getTime(), zone);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()}, ${p(t.getHours())}:${p(t.getMinutes())} ${zoneText}`;
  }
  const time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  if (isPersian(lng)) {
    const solar = dtf(`${lng}-u-ca-persian`, { timeZone: zone, day: "numeric", month: "long", year: "numeric", ...time }).format(when);
    const gregorian = dtf(lng, { timeZone: zone, calendar: "gregory", day: "numeric", month: "long", year: "numeric" }).format(when);
    return `${solar} (${gregorian}) ${isolate(zoneText)}`;
  }
  return `${dtf(lng, { timeZone: zone, calendar: "gregory", day: "numeric", month: "short", year: "numeric", ...time }).format(when)} ${isolate(zoneText)}`;
}

/**
 * A calendar day ("2027-01-15", no zone: the day as written): "15 Jan 2027"
 * in English; in Persian the Solar Hijri day with the Gregorian beside it.
 */
export function formatDay(day: string, lng = "en"): string {
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  if (lng === "en") return `${d} ${MONTHS[m - 1]} ${y}`;
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  if (isPersian(lng)) {
    const solar = dtf(`${lng}-u-ca-persian`, { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(noon);
    const gregorian = dtf(lng, { timeZone: "UTC", calendar: "gregory", day: "numeric", month: "long", year: "numeric" }).format(noon);
    return `${solar} (${gregorian})`;
  }
  return dtf(lng, { timeZone: "UTC", calendar: "gregory", day: "numeric", month: "long", year: "numeric" }).format(noon);
}

/** A number in `lng`'s digits and separators ("1,234"; Persian "۱٬۲۳۴"). */
export function formatNumber(n: number, lng = "en", options?: Intl.NumberFormatOptions): string {
  return numberFormat(lng, options).format(n);
}
