/**
 * Previous / "Page N of M" / Next links for a paged result; renders nothing
 * for a single page. `href(page)` builds the URL of a page (keeping the query).
 */
import { Link } from "@remix-run/react";

export function Pagination({ page, totalPages, href }: { page: number; totalPages: number; href: (page: number) => string }) {
  if (totalPages <= 1) return null;
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? <Link to={href(page - 1)} rel="prev">← Previous</Link> : <span />}
      <span className="meta">Page {page} of {totalPages}</span>
      {page < totalPages ? <Link to={href(page + 1)} rel="next">Next →</Link> : null}
    </nav>
  );
}
