/**
 * Panels that fold away on phone-sized screens only: the site menu and the
 * filters of the search lists. Each is a `<details class="collapse-narrow">`:
 * below 761 px its `<summary>` ("Menu", "Filters") is a button that opens
 * it; from 761 px up the summary is hidden and the content always shown
 * (CSS `details.collapse-narrow::details-content` in app/styles/app.css).
 * It works without JavaScript. With JavaScript, a browser that lacks
 * `::details-content` gets the panel opened on wide screens, and a panel with
 * `closeOnNavigate` (the menu) closes again after a client-side navigation on
 * a narrow screen.
 */
import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The media query of "phone-sized" (must match the 760 px breakpoints in app.css). */
export const NARROW_QUERY = "(max-width: 760px)";

export function CollapseNarrow({
  summary,
  className,
  closeOnNavigate = false,
  children,
}: {
  /** Content of the summary (the button shown on narrow screens). */
  summary: ReactNode;
  className?: string;
  closeOnNavigate?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    // Older browsers cannot show a closed <details>' content with CSS: open it when wide.
    if (ref.current && !CSS.supports("selector(::details-content)") && !window.matchMedia(NARROW_QUERY).matches) ref.current.open = true;
  }, []);
  useEffect(() => {
    if (closeOnNavigate && ref.current && window.matchMedia(NARROW_QUERY).matches) ref.current.open = false;
  }, [closeOnNavigate, location.key]);
  // `open` is left to the browser (never a React prop), so re-renders keep what the user chose.
  return (
    <details ref={ref} className={className ? `collapse-narrow ${className}` : "collapse-narrow"}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/**
 * The filter column of a search list (an `<aside>` named `label`): beside the
 * results on wide screens, folded behind a "Filters" button above them on
 * narrow ones, so the first result shows without scrolling past the facets.
 */
export function FilterPanel({ label, children }: { label?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const name = label ?? t("filters.label");
  return (
    <aside aria-label={name} className="filter-panel">
      <CollapseNarrow summary={name}>{children}</CollapseNarrow>
    </aside>
  );
}
