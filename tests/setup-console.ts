/**
 * Every test file (both projects in vitest.config.ts): `console.error` fails
 * the test unless the test called `expectConsoleError()`.
 */
import { afterEach, beforeEach, vi } from "vitest";

let consoleErrorAllowed = false;
/** Call inside a test that expects console.error output (e.g. a logged failure). */
export function expectConsoleError() {
  consoleErrorAllowed = true;
}

let errorSpy: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleErrorAllowed = false;
  errorSpy = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockRestore();
  if (calls.length && !consoleErrorAllowed) {
    throw new Error(`console.error was called unexpectedly:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
  }
});
