/**
 * Previous / "Page N of M" / Next links for a paged result; renders nothing
 * for a single page. `href(page)` builds the URL of a page (keeping the query).
 */
import { Link } from "@remix-run/react";

export function Pagination({ page, totalPages, href }: { page: number; totalPages: number; href: (page: number) => string }) {
  if (totalPages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      <span className="meta">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * The empty state of a page past the last one: "There is no page N", how many
 * `noun` (plural) fit on how many pages, and a link to the last page
 * (`lastHref`, keeping the query).
 */
export function PastLastPage({ page, totalPages, total, noun, lastHref }: { page: number; totalPages: number; total: number; noun: string; lastHref: string }) {
  return (
    <div className="empty">
      <h2>There is no page {page}</h2>
      <p>
        {total.toLocaleString("en")} {noun} fit on {totalPages} {totalPages === 1 ? "page" : "pages"}. <Link to={lastHref}>Go to the last page</Link>
      </p>
    </div>
  );
}
