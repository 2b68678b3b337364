/**
 * Open data downloads: which records and fields each CSV holds (no draft or
 * cancelled calls, no pending institutions, no members-only or hidden emails,
 * approved projects only, a demo column), the file format (BOM, header,
 * formula cells neutralised with their text kept, Persian/Cyrillic/Turkish
 * text round-tripping through csv-parse), reading in batches (query log),
 * the pull-based stream, /data, and the same over HTTP.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Kysely, type Insertable } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import { parse } from "csv-parse/sync";
import type { DB } from "../db/types";
import { getDb, getDbHandle } from "../app/utils/db.server";
import { csvResponse, csvRows, neutraliseCell } from "../app/utils/csv.server";
import { writeBody } from "../app/utils/remix-handler.server";
import { Writable } from "node:stream";
import { DATASETS, datasetStatus, type DatasetId } from "../app/features/open-data/exports.server";
import { keysetBatches } from "../app/features/open-data/export-batches.server";
import * as exportRoute from "../app/routes/exports.$file";
import * as dataPage from "../app/routes/data";
import * as reportsCsv from "../app/routes/reports[.]csv";
import { callRoute, loaderArgs } from "./helpers";
import { useAppServer } from "./helpers/app-server";
import { anInstitutionId } from "./factories";
import { insertApprovedProject, verifiedInstitution } from "./proposal-fixtures";

type Row = Record<string, string>;

async function download(file: string): Promise<{ res: Response; bytes: Uint8Array; rows: Row[] }> {
  const res = await callRoute(exportRoute.loader, loaderArgs(`/exports/${file}`, { file }));
  const bytes = new Uint8Array(await res.arrayBuffer());
  const rows = parse(Buffer.from(bytes), { bom: true, columns: true }) as Row[];
  return { res, bytes, rows };
}

const UNICODE = {
  full_name: "Zəhra Əliyeva",
  name_variants: ["زهرا علی‌یوا", "Захра Алиева"],
  position: "Doçent, İstanbul Üniversitesi — ağ güvenliği",
  bio: 'Пишет о сетях.\nمتخصص شبکه‌های بی‌سیم, "quoted", and commas.',
};
// Cells a spreadsheet would run as formulas, one per column.
const FORMULAS = { full_name: "@SUM(A1:A2)", title: "=1+1", position: "+cmd|' /C calc'!A0", bio: "-2", keywords: ["\tindented"] };

const f = {} as {
  metu: number;
  pending: number;
  rejected: number;
  demoInstitution: number;
  unicode: number;
  formula: number;
  hidden: number;
  atPending: number;
  demoExpert: number;
  calls: Record<"open" | "closed" | "draft" | "cancelled", number>;
  approved: number;
  demoProject: number;
  others: number[];
  ir: number;
  kz: number;
};

beforeAll(async () => {
  const db = getDb();
  f.metu = await anInstitutionId();
  const inst = (name: string, status: string, source: string) =>
    db
      .insertInto("institutions")
      .values({ kind: "university", name, country_code: "TJ", source, status })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  f.pending = await inst("Pending Export Institute", "pending", "registration");
  f.rejected = await inst("Rejected Export Institute", "rejected", "registration");
  f.demoInstitution = await inst("Demo Export Institute", "verified", "demo");
  const expert = (v: Insertable<DB["experts"]>) =>
    db
      .insertInto("experts")
      .values(v)
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  f.unicode = await expert({
    ...UNICODE,
    institution_id: f.metu,
    contact_email: "zehra@example.org",
    contact_visibility: "public",
    open_to: ["joint_research", "teaching"],
  });
  f.formula = await expert({ ...FORMULAS, institution_id: f.metu, contact_email: "members-only@example.org", contact_visibility: "members" });
  f.hidden = await expert({ full_name: "Hidden Email Person", contact_email: "hidden@example.org", contact_visibility: "hidden" });
  f.atPending = await expert({ full_name: "Pending Affiliation Person", institution_id: f.pending });
  f.demoExpert = await expert({ full_name: "Demo Export Person", is_demo: true });
  const call = (status: string) =>
    db
      .insertInto("calls")
      .values({
        institution_id: f.metu,
        kind: "joint_research",
        title: `Export ${status} call`,
        deadline: new Date(Date.now() + 30 * 86_400_000),
        status,
        eligible_countries: ["TR", "IR"],
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
  f.calls = { open: await call("open"), closed: await call("closed"), draft: await call("draft"), cancelled: await call("cancelled") };
  f.ir = (await verifiedInstitution("IR")).id;
  f.kz = (await verifiedInstitution("KZ")).id;
  f.approved = await insertApprovedProject(f.metu, [f.ir], { declinedIds: [f.kz], title: "Approved export project" });
  f.demoProject = await insertApprovedProject(f.ir, [f.kz], { isDemo: true });
  f.others = [];
  for (const status of ["submitted", "under_review", "revision_requested", "rejected", "withdrawn", "draft"]) {
    const { id } = await db
      .insertInto("proposals")
      .values({ lead_institution_id: f.metu, title: `Hidden ${status} proposal`, status })
      .returning("id")
      .executeTakeFirstOrThrow();
    f.others.push(id);
  }
});

const byId = (rows: Row[], id: number) => rows.find((r) => r.id === String(id));

describe("the CSV writer", () => {
  it("neutralises what a spreadsheet would run (= + - @ tab CR) with a leading quote, and leaves other text alone", () => {
    for (const s of ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx", "=", "-"]) expect(neutraliseCell(s)).toBe(`'${s}`);
    for (const s of ["", "a=b", "1+1", "Zəhra", "'quoted", " =1"]) expect(neutraliseCell(s)).toBe(s);
  });

  it("streams on demand: the body asks for the next batch only when the client reads, and a cancelled download stops the source", async () => {
    let pulled = 0;
    let finished = false;
    async function* batches() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield [{ n: i, text: `row ${i}` }];
        }
      } finally {
        finished = true;
      }
    }
    const res = csvResponse({
      filename: "t.csv",
      columns: [
        { key: "n", header: "n" },
        { key: "text", header: "text" },
      ],
      batches: batches(),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // keep the BOM (the default decoder drops it)
    expect(decoder.decode((await reader.read()).value)).toBe("\uFEFFn,text\r\n");
    expect(decoder.decode((await reader.read()).value)).toBe("0,row 0\r\n");
    await new Promise((r) => setTimeout(r, 20));
    expect(pulled).toBeLessThanOrEqual(3); // not 1000: nothing is read ahead of the client
    await reader.cancel();
    expect(finished).toBe(true);
  });

  it("writes booleans, dates, numbers, nulls and multi-valued cells as documented", async () => {
    const res = csvResponse({
      filename: "t.csv",
      columns: ["b", "d", "n", "z", "list"].map((k) => ({ key: k, header: k })),
      batches: [[{ b: true, d: new Date("2026-01-02T03:04:05Z"), n: -2, z: null, list: ["=a", "b"] }]],
    });
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer())).toBe(
      "\uFEFFb,d,n,z,list\r\ntrue,2026-01-02T03:04:05.000Z,-2,,'=a; b\r\n",
    );
    expect(() => csvResponse({ filename: 'x"; evil.csv', columns: [], batches: [] })).toThrow(/unsafe file name/);
  });
});

describe("the server's body writer (server.ts)", () => {
  it("reads the body only as fast as the client takes it, and cancels it when the client leaves", async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
        if (pulled === 1000) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    // A client that never reads: its writes never complete.
    const stalled = new Writable({ highWaterMark: 4096, write() {} });
    const done = writeBody(body, stalled).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    // Remix 2's own writer would have pulled all 1,000 KiB into the socket's buffer by now.
    expect(pulled).toBeLessThan(64);
    stalled.destroy();
    expect(await done).toBeInstanceOf(Error);
    expect(cancelled).toBe(true);
  });
});

describe("experts.csv", () => {
  it("is a UTF-8 file with a BOM and a header, served as an attachment", async () => {
    const { res, bytes, rows } = await download("experts.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="experts.csv"');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3)).split("\r\n")[0]).toBe(
      "id,full_name,name_variants,title,position,institution_id,institution_name,country_code,orcid,bio,keywords,languages,open_to,topic_ids,topic_names,email,demo,url,updated_at",
    );
    const count = await getDb()
      .selectFrom("experts")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(rows).toHaveLength(Number(count.n));
  });

  it("round-trips Persian, Cyrillic and Turkish text, line breaks, quotes and commas through csv-parse", async () => {
    const row = byId((await download("experts.csv")).rows, f.unicode)!;
    expect(row).toMatchObject({
      ...UNICODE,
      name_variants: UNICODE.name_variants.join("; "),
      institution_id: String(f.metu),
      country_code: "TR",
      open_to: "joint_research; teaching",
    });
  });

  it("neutralises formula cells and keeps their text readable after the quote", async () => {
    const row = byId((await download("experts.csv")).rows, f.formula)!;
    expect(row).toMatchObject({ full_name: "'@SUM(A1:A2)", title: "'=1+1", position: "'+cmd|' /C calc'!A0", bio: "'-2", keywords: "'\tindented" });
    expect(row.full_name.slice(1)).toBe(FORMULAS.full_name);
  });

  it("holds the email only where its owner made it public; the affiliation only while verified; demo rows say so", async () => {
    const { rows } = await download("experts.csv");
    expect(byId(rows, f.unicode)!.email).toBe("zehra@example.org");
    expect(byId(rows, f.formula)!.email).toBe(""); // members-only
    expect(byId(rows, f.hidden)!.email).toBe("");
    const text = JSON.stringify(rows);
    expect(text).not.toContain("members-only@example.org");
    expect(text).not.toContain("hidden@example.org");
    expect(byId(rows, f.atPending)).toMatchObject({ institution_id: "", institution_name: "", country_code: "" });
    expect(byId(rows, f.demoExpert)!.demo).toBe("true");
    expect(byId(rows, f.unicode)!.demo).toBe("false");
    expect(byId(rows, f.unicode)!.url).toBe(`http://localhost/experts/${f.unicode}`);
  });
});

describe("institutions.csv, calls.csv, projects.csv", () => {
  it("institutions: verified only (no pending or rejected registrations), demo column from the source", async () => {
    const { rows } = await download("institutions.csv");
    expect(Object.keys(rows[0])).toEqual(DATASETS.institutions.columns.map((c) => c.header));
    const verified = await getDb().selectFrom("institutions").select("id").where("status", "=", "verified").execute();
    expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(verified.map((r) => r.id).sort((a, b) => a - b));
    expect(byId(rows, f.pending)).toBeUndefined();
    expect(byId(rows, f.rejected)).toBeUndefined();
    expect(byId(rows, f.demoInstitution)).toMatchObject({ demo: "true", source: "demo" });
    expect(byId(rows, f.metu)).toMatchObject({ demo: "false", source: "ror", ror_id: "014weej12", country_code: "TR", country: "Türkiye" });
  });

  it("calls: open and closed only (no drafts, no cancelled calls)", async () => {
    const { rows } = await download("calls.csv");
    expect(Object.keys(rows[0])).toEqual(DATASETS.calls.columns.map((c) => c.header));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["open", "closed"]));
    expect(byId(rows, f.calls.open)).toMatchObject({ status: "open", eligible_countries: "TR; IR", country_code: "TR", demo: "false" });
    expect(byId(rows, f.calls.closed)).toBeDefined();
    expect(byId(rows, f.calls.draft)).toBeUndefined();
    expect(byId(rows, f.calls.cancelled)).toBeUndefined();
  });

  it("projects: approved only, with the accepted consortium (a declined partner is not in it)", async () => {
    const { rows } = await download("projects.csv");
    expect(Object.keys(rows[0])).toEqual(DATASETS.projects.columns.map((c) => c.header));
    expect(rows.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual([f.approved, f.demoProject].sort((a, b) => a - b));
    for (const id of f.others) expect(byId(rows, id)).toBeUndefined();
    expect(byId(rows, f.approved)).toMatchObject({
      title: "Approved export project",
      lead_institution_id: String(f.metu),
      lead_country_code: "TR",
      partner_institution_ids: String(f.ir),
      countries: "TR; IR",
      demo: "false",
    });
    expect(byId(rows, f.demoProject)).toMatchObject({ countries: "IR; KZ", demo: "true" });
  });

  it("an unknown file name answers 404", async () => {
    const res = await callRoute(exportRoute.loader, loaderArgs("/exports/users.csv", { file: "users.csv" }));
    expect(res.status).toBe(404);
  });
});

describe("multi-line text (RFC 4180: a field with CR or LF is quoted)", () => {
  // Bare LF, bare CR and CRLF, without a comma or quote that would have got the field quoted anyway.
  const MULTI = { lf: "Line one\nline two", cr: "Line one\rline two", crlf: "Line one\r\nline two" };
  let expert: number;
  /**
   * Records as arrays, any line break (CRLF, LF, CR) ending an unquoted record, as spreadsheet programs
   * read it (csv-parse would otherwise guess "\r\n" from the header and read a bare LF as text);
   * csv-parse refuses a record whose field count differs from the header's.
   */
  const parseStrict = (bytes: ArrayBuffer) => parse(Buffer.from(bytes), { bom: true, record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];

  beforeAll(async () => {
    const db = getDb();
    expert = (
      await db
        .insertInto("experts")
        .values({ full_name: "Multi Line Person", bio: MULTI.lf, position: MULTI.cr, institution_id: f.metu })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    await db.updateTable("institutions").set({ description: MULTI.lf }).where("id", "=", f.demoInstitution).execute();
    await db.updateTable("calls").set({ body: MULTI.lf, summary: MULTI.crlf }).where("id", "=", f.calls.open).execute();
    await db.updateTable("proposals").set({ objectives: MULTI.lf, abstract: MULTI.cr }).where("id", "=", f.approved).execute();
  });

  it("quotes a field holding a bare LF or CR in the writer itself", () => {
    const csv = csvRows(
      [
        { key: "a", header: "a" },
        { key: "b", header: "b" },
      ],
      [{ a: MULTI.lf, b: MULTI.cr }],
    );
    expect(csv).toBe(`"${MULTI.lf}","${MULTI.cr}"\r\n`);
  });

  it("every export parses with csv-parse into one record per row, each with every column, the text kept whole", async () => {
    const expected: Record<DatasetId, [number, string, string]> = {
      institutions: [f.demoInstitution, "description", MULTI.lf],
      experts: [expert, "bio", MULTI.lf],
      calls: [f.calls.open, "body", MULTI.lf],
      projects: [f.approved, "objectives", MULTI.lf],
    };
    for (const id of Object.keys(DATASETS) as DatasetId[]) {
      const res = await callRoute(exportRoute.loader, loaderArgs(`/exports/${id}.csv`, { file: `${id}.csv` }));
      const records = parseStrict(await res.arrayBuffer());
      const [header, ...rows] = records;
      expect(header, id).toEqual(DATASETS[id].columns.map((c) => c.header));
      expect(
        rows.every((r) => r.length === header.length),
        id,
      ).toBe(true);
      expect(rows.length, id).toBe((await datasetStatus(getDb()))[id].rows);
      const [rowId, column, value] = expected[id];
      const row = rows.find((r) => r[0] === String(rowId))!;
      expect(row[header.indexOf(column)], id).toBe(value);
    }
    const { rows } = await download("experts.csv");
    expect(byId(rows, expert)).toMatchObject({ bio: MULTI.lf, position: MULTI.cr });
    expect(byId((await download("calls.csv")).rows, f.calls.open)!.summary).toBe(MULTI.crlf);
    expect(byId((await download("projects.csv")).rows, f.approved)!.abstract).toBe(MULTI.cr);
  });

  it("/reports.csv parses into one record per member state plus the total, each with every column", async () => {
    const res = await callRoute(reportsCsv.loader, loaderArgs("/reports.csv?from=2026-01-01&to=2026-06-30"));
    const [header, ...rows] = parseStrict(await res.arrayBuffer());
    expect(header).toEqual(reportsCsv.REPORT_CSV_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(11);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });
});

describe("reading in batches", () => {
  it("every export reads the database in LIMIT batchSize queries, by ascending id, never the whole table at once", async () => {
    const queries: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    // The test database's pool with a query log (not destroyed: the pool is shared).
    const logged = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: getDbHandle().sql }), log: (e) => void queries.push(e.query) });
    // One row per batch, more rows than one batch (institutions: 400 of the ~1,500 imported).
    const sizes: Record<DatasetId, number> = { institutions: 400, experts: 1, calls: 1, projects: 1 };
    for (const id of Object.keys(DATASETS) as DatasetId[]) {
      queries.length = 0;
      const batches: number[][] = [];
      for await (const b of DATASETS[id].batches(logged, { origin: "http://x", batchSize: sizes[id] })) batches.push(b.map((r) => Number(r.id)));
      const size = sizes[id];
      const all = batches.flat();
      expect(batches.length, id).toBeGreaterThan(1);
      expect(
        batches.every((b) => b.length <= size),
        id,
      ).toBe(true);
      expect(all, id).toEqual([...all].sort((a, b) => a - b));
      expect(new Set(all).size, id).toBe(all.length);
      // One query per batch (plus the short or empty one that ends the loop), each limited to the batch size.
      expect(queries.length, id).toBeGreaterThanOrEqual(batches.length);
      expect(queries.length, id).toBeLessThanOrEqual(batches.length + 1);
      for (const q of queries) {
        expect(q.sql, id).toMatch(/ limit \$\d+$/);
        expect(q.parameters.at(-1), id).toBe(size);
      }
    }
  });
});

describe("keysetBatches", () => {
  const table = Array.from({ length: 10 }, (_, i) => ({ id: i + 1 }));

  it("asks for the next batch while the current one is being written, one batch ahead and no more", async () => {
    const asked: number[] = [];
    const fetch = async (after: number, limit: number) => {
      asked.push(after);
      return table.filter((r) => r.id > after).slice(0, limit);
    };
    const seen: number[][] = [];
    for await (const b of keysetBatches(fetch, 4)) {
      seen.push(b.map((r) => r.id));
      // While batch k is in the caller's hands, the query for batch k + 1 has been sent, not k + 2.
      expect(asked.length).toBe(Math.min(seen.length + 1, 3));
    }
    expect(seen).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10],
    ]);
    expect(asked).toEqual([0, 4, 8]); // the short batch ends it: no query after it
  });

  it("a caller that stops early leaves no unhandled rejection behind when the read-ahead fails", async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => void rejections.push(e);
    process.on("unhandledRejection", onRejection);
    try {
      const fetch = async (after: number, limit: number) => {
        if (after > 0) throw new Error("database gone");
        return table.slice(0, limit);
      };
      for await (const b of keysetBatches(fetch, 4)) {
        expect(b).toHaveLength(4);
        break; // e.g. the download was cancelled
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });
});

describe("/data", () => {
  it("lists every download with its row count and last change, from SQL aggregates over the same records", async () => {
    const res = await callRoute(dataPage.loader, loaderArgs("/data"));
    const body = (await res.json()) as {
      datasets: Array<{ id: DatasetId; path: string; rows: number; lastChanged: string | null; licences: Array<{ licence: { name: string } }> }>;
    };
    expect(body.datasets.map((d) => d.path)).toEqual(["/exports/institutions.csv", "/exports/experts.csv", "/exports/calls.csv", "/exports/projects.csv"]);
    for (const d of body.datasets) {
      const { rows } = await download(`${d.id}.csv`);
      expect(d.rows, d.id).toBe(rows.length);
      expect(d.licences.length, d.id).toBeGreaterThan(0);
    }
    const experts = body.datasets.find((d) => d.id === "experts")!;
    const latest = await getDb().selectFrom("experts").select("updated_at").orderBy("updated_at", "desc").limit(1).executeTakeFirstOrThrow();
    expect(experts.lastChanged).toBe(latest.updated_at.toISOString());
    expect(body.datasets.find((d) => d.id === "institutions")!.licences.map((l) => l.licence.name)).toContain("CC0 1.0");
  });

  it("moves a dataset's last change when one of its records changes, not when a left-out record does", async () => {
    const db = getDb();
    const before = await datasetStatus(db);
    const later = new Date(Date.now() + 3_600_000);
    await db.updateTable("calls").set({ updated_at: later }).where("id", "=", f.calls.draft).execute();
    expect((await datasetStatus(db)).calls.lastChanged).toEqual(before.calls.lastChanged);
    await db.updateTable("calls").set({ updated_at: later }).where("id", "=", f.calls.open).execute();
    expect((await datasetStatus(db)).calls.lastChanged).toEqual(later);
  });
});

describe("over HTTP (production build)", () => {
  const server = useAppServer();

  it("streams the file (chunked, no Content-Length) and /data links every download", async () => {
    const res = await fetch(`${server.app.url}/exports/experts.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("transfer-encoding")).toBe("chunked");
    expect(res.headers.get("content-length")).toBeNull();
    const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true }) as Row[];
    expect(byId(rows, f.unicode)!.full_name).toBe(UNICODE.full_name);
    const html = await (await fetch(`${server.app.url}/data`)).text();
    for (const file of ["institutions", "experts", "calls", "projects"]) expect(html).toContain(`href="/exports/${file}.csv"`);
    expect(html).toContain("CC BY 4.0");
    // Headings say what the columns hold: the description under "Contents", the count under "Records".
    expect(html).toMatch(/<th scope="col">File<\/th><th scope="col">Contents<\/th><th scope="col" class="num">Records<\/th>/);
    expect(html).not.toContain(">Rows</th>");
    expect((await fetch(`${server.app.url}/exports/nope.csv`)).status).toBe(404);
  });
});
