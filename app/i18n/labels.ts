/**
 * `useLabels(t)`: the translation of a key without options, looked up once per
 * render of a list. A results list repeats the same few labels on every row
 * (member state, kind, "open to" values): i18next's `t` costs tens of
 * microseconds a call, and per-row calls were the largest share of our own
 * CPU per /experts request (issue 17). Keys with options (counts,
 * interpolation) still go through `t`.
 */
import { useMemo } from "react";
import type { TFunction } from "i18next";

/** A lookup `label(key)` = `t(key)`, each key translated once for the life of `t` (one render of the page). */
export function useLabels(t: TFunction): (key: string) => string {
  return useMemo(() => {
    const seen = new Map<string, string>();
    return (key: string) => {
      let text = seen.get(key);
      if (text === undefined) {
        text = String(t(key));
        seen.set(key, text);
      }
      return text;
    };
  }, [t]);
}
