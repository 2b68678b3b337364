/**
 * Page titles in the viewer's language: the loader returns `title` (made
 * with serverT, since `meta` has no translation function) and `titleMeta`
 * puts it in `<title>`. Pure: client and server.
 */
import type { MetaFunction } from "@remix-run/node";

/** `meta` for a route whose loader data has `title: string`; nothing when the loader did not run (error pages set their own). */
export const titleMeta: MetaFunction = ({ data }) => {
  const title = (data as { title?: unknown } | undefined)?.title;
  return typeof title === "string" ? [{ title }] : [];
};
