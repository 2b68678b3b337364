/**
 * The Content Security Policy nonce of the current response, for React:
 * entry.server.tsx provides it (from the load context, set per request in
 * app/utils/http-middleware.server.ts), root.tsx hands it to <Scripts> and
 * <ScrollRestoration>. In the browser it is "" (browsers hide nonces from
 * the page; the scripts already ran with the server's value).
 */
import { createContext, useContext } from "react";

export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;

/** The nonce for inline scripts rendered now ("" in the browser). */
export function useNonce(): string {
  return useContext(NonceContext);
}
