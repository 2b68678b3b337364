/**
 * Database CLI: `tsx db/cli.ts migrate | migrate:down | import | codegen-check`.
 * Needs DATABASE_URL (npm scripts wrap it in tooling/with-services.ts).
 */
import { connect } from "./connect";
import { migrateDown, migrateToLatest } from "./migrate";
import { importAll } from "./import";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (run through `npm run db:migrate`, which starts the embedded server).");
  process.exit(2);
}
const handle = connect(url, { max: 4 });
const command = process.argv[2];
try {
  if (command === "migrate") {
    const applied = await migrateToLatest(handle.db);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Already up to date.");
  } else if (command === "migrate:down") {
    console.log(`Reverted: ${(await migrateDown(handle.db)) ?? "nothing"}`);
  } else if (command === "import") {
    await migrateToLatest(handle.db);
    const r = await importAll(handle.db);
    if (r.skipped.length) console.log(`${r.skipped.length} record(s) skipped, listed above.`);
  } else {
    console.error("usage: tsx db/cli.ts migrate | migrate:down | import");
    process.exitCode = 2;
  }
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  await handle.close();
}
