/**
 * Previous / "Page N of M" / Next links for a paged result; renders nothing
 * for a single page. `href(page)` builds the URL of a page (keeping the query).
 * The arrows point the way the page reads (mirrored right-to-left).
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function Pagination({ page, totalPages, href }: { page: number; totalPages: number; href: (page: number) => string }) {
  const { t, i18n } = useTranslation();
  if (totalPages <= 1) return null;
  const rtl = i18n.dir() === "rtl";
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {rtl ? "→" : "←"} {t("pagination.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="meta">{t("pagination.pageOf", { page, total: totalPages })}</span>
      {page < totalPages ? (
        <Link to={href(page + 1)} rel="next">
          {t("pagination.next")} {rtl ? "←" : "→"}
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * The empty state of a page past the last one: "There is no page N", how many
 * results fit on how many pages ("112 experts fit on 6 pages": `totalText` is
 * the caller's translated count with its noun, else "112 results"), and a link
 * to the last page (`lastHref`, keeping the query).
 */
export function PastLastPage({
  page,
  totalPages,
  total,
  totalText,
  lastHref,
}: {
  page: number;
  totalPages: number;
  total: number;
  totalText?: string;
  lastHref: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="empty">
      <h2>{t("pagination.noSuchPage", { page })}</h2>
      <p>
        {t("pagination.fitOnPages", { what: totalText ?? t("pagination.results", { count: total }), count: totalPages })}{" "}
        <Link to={lastHref}>{t("pagination.lastPage")}</Link>
      </p>
    </div>
  );
}
