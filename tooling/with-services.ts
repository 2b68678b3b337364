/**
 * Runs a command with DATABASE_URL / MEILI_URL / MEILI_MASTER_KEY pointing at
 * the configured servers, starting the embedded ones (tooling/services.ts)
 * when the variables are unset, and stops them afterwards.
 * Usage: tsx tooling/with-services.ts <command> [args…]; exits with the command's code.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startServices } from "./services";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: tsx tooling/with-services.ts <command> [args…]");
  process.exit(2);
}
let services: Awaited<ReturnType<typeof startServices>>;
try {
  services = await startServices({ dataDir: process.env.DATA_DIR ?? path.resolve(".data"), log: (m) => console.error(m) });
} catch (err) {
  // E.g. the data directory is in use by `npm start`: the message says what to do, a stack trace would not.
  console.error((err as Error).message);
  process.exit(1);
}
const child = spawn(cmd, args, {
  stdio: "inherit",
  env: { ...process.env, DATABASE_URL: services.databaseUrl, MEILI_URL: services.meiliUrl, MEILI_MASTER_KEY: services.meiliKey },
});
const code: number = await new Promise((resolve) => child.on("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0))));
await services.stop();
process.exit(code);
