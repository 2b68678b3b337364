import { startServices } from "../scripts/services";
import postgres from "postgres";
const s = await startServices({ dataDir: "/work/main/.data-bench", log: () => {} });
const sql = postgres(s.databaseUrl);
await sql.unsafe(`alter system set log_min_duration_statement = ${process.argv[2] ?? "100"}`);
await sql`select pg_reload_conf()`;
console.log(await sql`show log_min_duration_statement`, await sql`show data_directory`);
await sql.end(); await s.stop(); process.exit(0);
