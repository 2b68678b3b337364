/**
 * GET /healthz → { db, search, outbox: { backlog, oldestAgeSeconds } };
 * 200 only when both PostgreSQL and Meilisearch answer.
 */
import { databaseAnswers, getDb } from "~/utils/db.server";
import { getMeili } from "~/search/client.server";
import { outboxStats } from "~/search/outbox.server";

export async function loader() {
  const db = getDb();
  const [dbOk, searchOk, outbox] = await Promise.all([
    databaseAnswers(db),
    getMeili()
      .health()
      .then(
        (h) => h.status === "available",
        () => false,
      ),
    outboxStats(db).catch(() => null),
  ]);
  const body = { db: dbOk ? "ok" : "error", search: searchOk ? "ok" : "error", outbox };
  return Response.json(body, { status: dbOk && searchOk ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
