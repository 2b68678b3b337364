/**
 * One error boundary for every route: readable messages per status, the
 * thrown Response's text as detail, never a stack trace for users.
 */
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "You are not allowed to do that",
  404: "Not found",
  409: "Someone else changed this first",
  429: "Too many attempts",
  503: "Temporarily unavailable",
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "string" ? error.data : error.data?.error ?? error.statusText;
    return (
      <section className="error" role="alert">
        <h1>{TITLES[error.status] ?? `Error ${error.status}`}</h1>
        {detail ? <p>{detail}</p> : null}
        <p>
          <a href="/">Back to the start page</a>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="error" role="alert">
      <h1>Something went wrong</h1>
      <p>The error has been logged. Please try again in a moment.</p>
    </section>
  );
}
