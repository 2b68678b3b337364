/**
 * Server entry: Remix's default Node streaming renderer (bots get the full
 * document, browsers a stream), plus `handleError` below. The response's
 * Content Security Policy nonce (load context `cspNonce`) goes to React's
 * inline scripts, Remix's streaming scripts and, through NonceProvider, to
 * root.tsx's <Scripts> and <ScrollRestoration>.
 *
 * Languages: each document is rendered by a per-request i18next instance in
 * the viewer's language (app/i18n/i18n.server.ts) holding the namespaces the
 * rendered routes name in `handle.i18n`. Pages and loader data depend on the
 * language (cookie, Accept-Language): they say so with `Vary` and are never
 * stored by shared caches (`Cache-Control: private, no-store`).
 */

import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import { RemixServer } from "@remix-run/react";
import * as isbotModule from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { htmlBodyStream } from "~/utils/react-stream.server";
import { UNSAFE_ErrorResponseImpl as ErrorResponseImpl } from "@remix-run/router";
import { NonceProvider } from "~/utils/nonce";
import { I18nextProvider } from "react-i18next";
import type { i18n as I18n } from "i18next";
import { requestI18n, requestLanguage } from "~/i18n/i18n.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  if (responseStatusCode >= 400) withoutInternalErrorMessages(remixContext);
  const prohibitOutOfOrderStreaming = isBotRequest(request.headers.get("user-agent")) || remixContext.isSpaMode;
  // One shared instance per language (nothing per request is written to it); the browser loads the
  // rendered routes' namespaces (their handle.i18n) itself before hydrating (entry.client.tsx).
  const i18n = requestI18n(await requestLanguage(request));
  languageDependent(responseHeaders);

  return streamDocument(prohibitOutOfOrderStreaming ? "onAllReady" : "onShellReady", request, responseStatusCode, responseHeaders, remixContext, nonce, i18n);
}

/** Loader data (client navigations) is in the viewer's language too: same caching rules as documents. */
export function handleDataRequest(response: Response): Response {
  languageDependent(response.headers);
  return response;
}

/**
 * Marks an answer as depending on the viewer's language and account: `Vary`
 * on what chooses the language, and kept out of shared caches (a page may
 * show who is signed in).
 */
function languageDependent(headers: Headers): void {
  for (const v of ["Cookie", "Accept-Language"]) if (!(headers.get("Vary") ?? "").split(/,\s*/).includes(v)) headers.append("Vary", v);
  if (!headers.has("Cache-Control") || !/no-store|private/.test(headers.get("Cache-Control") ?? "")) headers.set("Cache-Control", "private, no-store");
}

/**
 * Remix's own error responses (404 "No route matches URL …", 405 "You made a
 * POST request to … but did not provide an `action` for route …") carry
 * internal messages that name route files. Their data is dropped from what
 * the page renders and from the hydration data (`serverHandoffString`, built
 * by Remix before this entry runs); the error boundary writes its own text
 * per status. Errors that routes throw are left as they are.
 */
function withoutInternalErrorMessages(remixContext: EntryContext): void {
  const errors = remixContext.staticHandlerContext.errors;
  if (!errors) return;
  const internal = Object.entries(errors).filter(([, e]) => isRouteErrorResponse(e) && (e as { internal?: boolean }).internal);
  if (internal.length === 0) return;
  const handoff = remixContext.serverHandoffString ? JSON.parse(remixContext.serverHandoffString) : null;
  for (const [routeId, e] of internal) {
    const { status, statusText } = e as { status: number; statusText: string };
    errors[routeId] = new ErrorResponseImpl(status, statusText, null);
    if (handoff?.state?.errors?.[routeId]) handoff.state.errors[routeId] = { status, statusText, internal: false, data: null, __type: "RouteErrorResponse" };
  }
  // Escaped as Remix escapes it: the string goes into an inline <script>.
  if (handoff)
    remixContext.serverHandoffString = JSON.stringify(handoff).replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The document, with the response's CSP nonce for Remix's inline scripts. */
function appElement(request: Request, remixContext: EntryContext, nonce: string | undefined, i18n: I18n) {
  return (
    <I18nextProvider i18n={i18n}>
      <NonceProvider value={nonce ?? ""}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>
    </I18nextProvider>
  );
}

// We have some Remix apps in the wild already running with isbot@3 so we need
// to maintain backwards compatibility even though we want new apps to use
// isbot@4.  That way, we can ship this as a minor Semver update to @remix-run/dev.
function isBotRequest(userAgent: string | null) {
  if (!userAgent) {
    return false;
  }

  // isbot >= 3.8.0, >4
  if ("isbot" in isbotModule && typeof isbotModule.isbot === "function") {
    return isbotModule.isbot(userAgent);
  }

  // isbot < 3.8.0
  if ("default" in isbotModule && typeof isbotModule.default === "function") {
    return isbotModule.default(userAgent);
  }

  return false;
}

/**
 * Streams the document into a Response. Bots (`onAllReady`) get the whole page
 * at once, so crawlers see everything; browsers (`onShellReady`) get the shell
 * as soon as it is ready and the rest as it streams.
 */
function streamDocument(
  readyWhen: "onAllReady" | "onShellReady",
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  nonce: string | undefined,
  i18n: I18n,
) {
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(appElement(request, remixContext, nonce, i18n), {
      nonce,
      [readyWhen]() {
        shellRendered = true;
        const body = htmlBodyStream();
        const stream = createReadableStreamFromReadable(body);

        responseHeaders.set("Content-Type", "text/html");

        resolve(
          new Response(stream, {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );

        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Log streaming rendering errors from inside the shell.  Don't log
        // errors encountered during initial shell rendering since they'll
        // reject and get logged in handleDocumentRequest.
        if (shellRendered) {
          console.error(error);
        }
      },
    });

    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Logs unexpected server errors only: thrown 4xx Responses (404 for unknown
 * URLs, 405, 403 …) are answers, not faults, and aborted requests are the
 * client's choice.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Response && error.status < 500) return;
  console.error(error);
}
