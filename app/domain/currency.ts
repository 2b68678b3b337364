/**
 * ISO 4217 active currency codes accepted for requested budgets. The member
 * states' currencies come first (AFN, AZN, IRR, KZT, KGS, PKR, TJS, TRY, TMT,
 * UZS), then common ones funders use. The database only checks the shape
 * (three capital letters); this list is the authority for what is valid.
 */
import { numberFormat } from "~/i18n/intl-cache";
export const ECO_CURRENCIES = ["AFN", "AZN", "IRR", "KZT", "KGS", "PKR", "TJS", "TRY", "TMT", "UZS"] as const;

export const ISO_4217 = [
  ...ECO_CURRENCIES,
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "JPY",
  "CNY",
  "RUB",
  "SAR",
  "AED",
  "QAR",
  "KWD",
  "INR",
  "KRW",
  "CAD",
  "AUD",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "MYR",
  "IDR",
  "SGD",
  "EGP",
  "XDR",
] as const;

/** True when `code` is an ISO 4217 code in our list. */
export function isCurrency(code: string): boolean {
  return (ISO_4217 as readonly string[]).includes(code);
}

/** A decimal amount with at most 12 integer digits and 2 decimals ("150000", "2500.50"). */
export const AMOUNT_PATTERN = /^\d{1,12}(\.\d{1,2})?$/;

/**
 * An amount as people type it in any of the interface languages, in the
 * shape AMOUNT_PATTERN checks: Persian and Arabic-Indic digits become ASCII
 * digits; spaces (also no-break and thin ones), apostrophes and the Persian
 * thousands separator (٬) are dropped; the Persian decimal separator (٫)
 * becomes "."; a decimal comma ("150 000,50", "2500,5") becomes "."; with
 * both a comma and a dot, the last of them is the decimal separator
 * ("150,000.50", "150.000,50"). Anything else is returned as it is, for
 * AMOUNT_PATTERN to refuse.
 */
export function normalizeAmount(input: string): string {
  let s = input
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\s\u00A0\u2009\u202F'’\u066C]/g, "")
    .replace(/\u066B/g, ".");
  const comma = s.lastIndexOf(",");
  const dot = s.lastIndexOf(".");
  if (comma >= 0 && dot >= 0) s = comma > dot ? s.replace(/\./g, "").replace(",", ".") : s.replace(/,/g, "");
  else if (comma >= 0) s = /^\d+,\d{1,2}$/.test(s) ? s.replace(",", ".") : s.replace(/,(?=\d{3}(\D|$))/g, "");
  return s;
}

/**
 * A requested budget in `lng`'s digits and separators with its ISO 4217 code
 * (Intl, `currencyDisplay: "code"`), always two decimals, the decimal string
 * formatted exactly (no float rounding): "USD 150,000.00" in English,
 * "150 000,00 USD" in Russian, Persian digits in `fa`. "—" when there is no
 * amount or currency. Call it on the server (in a loader) and send the text:
 * Node's and the browser's ICU may differ.
 */
export function formatBudget(amount: string | null, currency: string | null, lng = "en"): string {
  if (amount === null || !currency) return "—";
  const f = numberFormat(lng, { style: "currency", currency, currencyDisplay: "code", minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // A decimal string keeps its exact value (Intl.NumberFormat v3); AMOUNT_PATTERN guarantees the shape.
  return f.format(amount as unknown as number);
}
