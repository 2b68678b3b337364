/**
 * SupervisedMeili (tooling/services.ts) at unit level, over a stand-in server
 * process that answers /health like Meilisearch: an exit by SIGINT or SIGTERM
 * (Ctrl-C reaches the whole process group before the app's shutdown calls
 * stop()) is neither restarted nor logged as unexpected; a SIGKILL is both.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SupervisedMeili, stoppedOnRequest } from "../tooling/services";
import { freePort } from "../tooling/free-port";

const dir = mkdtempSync(path.join(os.tmpdir(), "eco-supervise-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Answers /health as Meilisearch does; default signal handling (SIGINT/SIGTERM end it by that signal).
const fake = path.join(dir, "fake-meili.mjs");
writeFileSync(
  fake,
  `import http from "node:http";
http.createServer((req, res) => { res.setHeader("Content-Type", "application/json"); res.end('{"status":"available"}'); }).listen(Number(process.argv[2]), "127.0.0.1");`,
);

async function supervised() {
  const port = await freePort();
  const logs: string[] = [];
  const pidFile = path.join(dir, `meili-${port}.pid`);
  const meili = new SupervisedMeili({
    bin: process.execPath,
    args: [fake, String(port)],
    cwd: dir,
    env: process.env,
    url: `http://127.0.0.1:${port}`,
    logFile: path.join(dir, `meili-${port}.log`),
    pidFile,
    log: (m: string) => logs.push(m),
  });
  expect(await meili.launch()).toBeUndefined();
  meili.supervise();
  const pid = () => (JSON.parse(readFileSync(pidFile, "utf8")) as { pid: number }).pid;
  return { meili, logs, pid };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SupervisedMeili", () => {
  it("tells an exit on request from a crash", () => {
    for (const [code, sig] of [
      [null, "SIGINT"],
      [null, "SIGTERM"],
      [0, null],
      [130, null],
      [143, null],
    ] as const)
      expect(stoppedOnRequest(code, sig)).toBe(true);
    for (const [code, sig] of [
      [null, "SIGKILL"],
      [null, "SIGSEGV"],
      [1, null],
      [137, null],
    ] as const)
      expect(stoppedOnRequest(code, sig)).toBe(false);
  });

  it.each(["SIGINT", "SIGTERM"] as const)("%s (Ctrl-C, the process group's shutdown): not restarted, not called unexpected", async (signal) => {
    const { meili, logs, pid } = await supervised();
    const first = pid();
    process.kill(first, signal);
    // Longer than the first restart delay (1 s) would be.
    await sleep(1_800);
    expect(pid()).toBe(first); // no new server
    await meili.stop(); // the app's shutdown, right after
    expect(logs.join("\n")).not.toMatch(/unexpectedly|restart/i);
  });

  it("SIGKILL: logged as unexpected and restarted", async () => {
    const { meili, logs, pid } = await supervised();
    const first = pid();
    process.kill(first, "SIGKILL");
    await expect.poll(() => logs.join("\n"), { timeout: 10_000, interval: 100 }).toMatch(/Meilisearch restarted/);
    expect(logs.join("\n")).toMatch(/exited unexpectedly \(signal SIGKILL\)/);
    expect(pid()).not.toBe(first);
    await meili.stop();
  });
});
