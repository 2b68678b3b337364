/**
 * ISO 4217 active currency codes accepted for requested budgets. The member
 * states' currencies come first (AFN, AZN, IRR, KZT, KGS, PKR, TJS, TRY, TMT,
 * UZS), then common ones funders use. The database only checks the shape
 * (three capital letters); this list is the authority for what is valid.
 */
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

/** "150,000.00 USD". */
export function formatBudget(amount: string | null, currency: string | null): string {
  if (amount === null || !currency) return "—";
  const [int, frac = ""] = amount.split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac.padEnd(2, "0").slice(0, 2)} ${currency}`;
}
