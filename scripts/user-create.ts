/**
 * `npm run user:create -- --email someone@example.org --role admin [--role secretariat] [--name "Full Name"] [--password …]`
 *
 * Creates an account (or updates an existing one) on this installation and
 * grants the given roles; the way to make the first admin. Role grants are
 * audited with the command line as the actor. Without --password it prints a
 * one-time link (valid 24 hours) where the person chooses their own password —
 * prefer that: a password on the command line stays in the shell history.
 * Exit codes: 0 done, 1 failure, 2 bad arguments.
 */
import { parseArgs } from "node:util";
import { connect } from "../db/connect";
import { migrateToLatest } from "../db/migrate";

const { createUser, getUserByEmail, setPasswordHash, markEmailVerified } = await import("../app/features/accounts/user.server");
const { grantRole } = await import("../app/features/accounts/role.server");
const { passwordResetLink } = await import("../app/features/accounts/account.server");
const { hashPassword } = await import("../app/features/accounts/password.server");
const { getEnv } = await import("../app/utils/env.server");
const { EmailSchema, PasswordSchema } = await import("../app/features/accounts/user-validation");
const { SITE_ROLES } = await import("../app/domain/roles");

function fail(message: string, code = 2): never {
  console.error(message);
  console.error('usage: npm run user:create -- --email someone@example.org [--role admin] [--role secretariat] [--name "Full Name"] [--password …]');
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      email: { type: "string" },
      role: { type: "string", multiple: true, default: [] },
      name: { type: "string" },
      password: { type: "string" },
    },
    strict: true,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
const email = EmailSchema.safeParse(args.email ?? "");
if (!email.success) fail(`--email: ${email.error.issues[0].message}`);
const roles = args.role ?? [];
const badRole = roles.find((r) => !(SITE_ROLES as readonly string[]).includes(r));
if (badRole) fail(`--role: "${badRole}" is not one of ${SITE_ROLES.join(", ")} (every account is a researcher already)`);
if (args.password !== undefined) {
  const p = PasswordSchema.safeParse(args.password);
  if (!p.success) fail(`--password: ${p.error.issues[0].message}`);
}

const env = getEnv();
const origin = env.APP_ORIGIN ?? `http://localhost:${env.PORT}`;
const handle = connect(env.DATABASE_URL, { max: 2 });
try {
  const db = handle.db;
  await migrateToLatest(db);
  const displayName = args.name?.trim() || email.data.split("@")[0];
  const passwordHash = args.password ? await hashPassword(args.password) : null;
  let user = (await getUserByEmail(db, email.data)) ?? null;
  if (user) {
    console.log(`Account ${user.email} exists already.`);
    if (passwordHash) {
      await setPasswordHash(db, user.id, passwordHash);
      await markEmailVerified(db, user.id);
      console.log("Password replaced.");
    }
  } else {
    // Made by whoever runs the installation: the address counts as confirmed.
    user = await createUser(db, { email: email.data, displayName, passwordHash, verified: true });
    if (!user) throw new Error("the account was created concurrently; run the command again");
    console.log(`Created account ${user.email} (${displayName}).`);
  }
  for (const role of roles as Array<(typeof SITE_ROLES)[number]>) {
    const granted = await grantRole(db, { actorId: null, targetId: user.id, role });
    console.log(granted ? `Granted role ${role}.` : `Already has role ${role}.`);
  }
  if (!passwordHash) {
    const link = await passwordResetLink(db, user.id, origin, 24 * 60);
    console.log(`\nTo choose a password, open this link within 24 hours (it works once):\n\n  ${link}\n`);
  }
} catch (err) {
  console.error(`user:create failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
