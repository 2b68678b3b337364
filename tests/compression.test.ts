/**
 * Compression over real HTTP against the production build (server.ts, issue 17):
 * gzip and Brotli (the client's Accept-Encoding chooses) for HTML, JSON, CSS and
 * JS, with `Vary: Accept-Encoding`; bodies under 1 kB go out as they are; no
 * compression for a client that does not ask; the decoded bytes equal the
 * uncompressed answer's.
 */
import http from "node:http";
import { readdirSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useAppServer } from "./helpers/app-server";

const server = useAppServer({ timeout: 180_000 });

/** GET with exactly these headers (fetch would add its own Accept-Encoding and decode); the raw body bytes. */
function rawGet(p: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.app.url}${p}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const decode = (encoding: string | undefined, body: Buffer) => (encoding === "br" ? brotliDecompressSync(body) : encoding === "gzip" ? gunzipSync(body) : body);

const asset = (ext: string) => {
  const dir = path.resolve(import.meta.dirname, "../public/build");
  const file = readdirSync(dir, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(ext))!;
  return `/build/${file}`;
};

describe("compression", () => {
  it("sends HTML, JSON, CSS and JS as Brotli or gzip, as asked, decoding to the same bytes", async () => {
    for (const p of ["/experts", "/api/v1/reports?from=2020-01-01&to=2025-12-31", asset(".css"), asset(".js")]) {
      const plain = await rawGet(p);
      expect(plain.status, p).toBe(200);
      expect(plain.headers["content-encoding"], p).toBeUndefined();
      expect(plain.body.length, p).toBeGreaterThan(1024);
      for (const [accept, expected] of [
        ["br", "br"],
        ["gzip", "gzip"],
        ["gzip, deflate, br", "br"],
      ]) {
        const res = await rawGet(p, { "Accept-Encoding": accept });
        expect(res.headers["content-encoding"], `${p} ${accept}`).toBe(expected);
        expect(res.headers.vary ?? "", p).toMatch(/Accept-Encoding/i);
        expect(res.body.length, `${p} ${accept}`).toBeLessThan(plain.body.length * 0.6);
        const text = decode(expected, res.body).toString("utf8");
        // Pages carry a fresh CSP nonce each time: compare what does not change.
        if (p === "/experts") expect(text).toMatch(/^<!DOCTYPE html>[\s\S]*<\/html>$/);
        else expect(text).toBe(plain.body.toString("utf8"));
      }
    }
  });

  it("leaves bodies under 1 kB uncompressed", async () => {
    const res = await rawGet("/healthz", { "Accept-Encoding": "gzip, br" });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeLessThan(1024);
    expect(res.headers["content-encoding"]).toBeUndefined();
    const tiny = await rawGet("/api/v1/nope", { "Accept-Encoding": "gzip, br" });
    expect(tiny.status).toBe(404);
    expect(tiny.headers["content-encoding"]).toBeUndefined();
  });
});
