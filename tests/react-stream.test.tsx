/**
 * React 18.3.1 puts a 0x00 byte into streamed HTML when a multi-byte character
 * meets the end of its 2,048-byte buffer (app/utils/react-stream.server.ts).
 * Found on /institutions pages listing Kazakh names. Pure: no database.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough, type Writable } from "node:stream";
import { Suspense } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { htmlBodyStream } from "../app/utils/react-stream.server";

/** Small text chunks of two-byte characters after `prefix` ASCII letters: some prefix puts one across a buffer end. */
function page(prefix: number) {
  return (
    <div>
      {"a".repeat(prefix)}
      {Array.from({ length: 600 }, (_, i) => (
        <i key={i}>ы</i>
      ))}
    </div>
  );
}

function render(prefix: number, into: () => Writable & NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = into();
    const chunks: Buffer[] = [];
    body.on("data", (c: Buffer) => chunks.push(c));
    body.on("end", () => resolve(Buffer.concat(chunks)));
    const { pipe } = renderToPipeableStream(page(prefix), { onAllReady: () => pipe(body), onShellError: reject });
  });
}

describe("React's streamed HTML", () => {
  it("carries a 0x00 byte for some prefixes when piped as is (the React bug this guards against)", async () => {
    const raw = await Promise.all(Array.from({ length: 7 }, (_, n) => render(n, () => new PassThrough())));
    expect(raw.filter((b) => b.includes(0)).length).toBeGreaterThan(0);
  });

  it("carries no 0x00 byte through htmlBodyStream, and the text is complete", async () => {
    for (let n = 0; n < 7; n++) {
      const html = await render(n, htmlBodyStream);
      expect(html.includes(0), `prefix ${n}`).toBe(false);
      const text = html.toString("utf8");
      expect(text.match(/<i>ы<\/i>/g)?.length, `prefix ${n}`).toBe(600);
      expect(text).toContain(`<div>${"a".repeat(n)}`);
    }
  });

  it("passes a whole render on as one chunk, not React's 2 kB pieces", async () => {
    const chunks: Buffer[] = [];
    const html = await new Promise<Buffer>((resolve, reject) => {
      const body = htmlBodyStream();
      body.on("data", (c: Buffer) => chunks.push(c));
      body.on("end", () => resolve(Buffer.concat(chunks)));
      const { pipe } = renderToPipeableStream(page(3), { onAllReady: () => pipe(body), onShellError: reject });
    });
    // 600 × "<i>ы</i>" is 5.4 kB: React writes it in at least three 2 kB buffers.
    expect(html.length).toBeGreaterThan(2 * 2048);
    expect(chunks.length).toBe(1);
  });

  it("still streams: the shell leaves before a suspended part resolves", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let done = false;
    function Late(): JSX.Element {
      if (!done) throw gate.then(() => void (done = true));
      return <p>late part</p>;
    }
    const body = htmlBodyStream();
    const received: string[] = [];
    const ended = new Promise<void>((r) => body.on("end", r));
    const first = new Promise<void>((r) => body.once("data", () => r()));
    body.on("data", (c: Buffer) => received.push(c.toString("utf8")));
    const { pipe } = renderToPipeableStream(
      <div>
        <h1>shell</h1>
        <Suspense fallback={<p>waiting</p>}>
          <Late />
        </Suspense>
      </div>,
      { onShellReady: () => pipe(body) },
    );
    await first;
    expect(received.join("")).toContain("<h1>shell</h1>");
    expect(received.join("")).not.toContain("late part");
    release();
    await ended;
    expect(received.join("")).toContain("late part");
  });

  it("app/entry.server.tsx renders documents (browsers and bots) in one place, piped into htmlBodyStream", () => {
    const src = readFileSync(path.resolve(import.meta.dirname, "../app/entry.server.tsx"), "utf8");
    // Every render pipes into htmlBodyStream: as many bodies as renders, and no other stream.
    const renders = src.match(/renderToPipeableStream\(/g)?.length ?? 0;
    expect(renders).toBeGreaterThan(0);
    expect(src.match(/const body = htmlBodyStream\(\);/g)?.length).toBe(renders);
    expect(src).not.toMatch(/new PassThrough\(/);
    expect(src).toMatch(/streamDocument\(prohibitOutOfOrderStreaming \? "onAllReady" : "onShellReady"/);
  });
});
