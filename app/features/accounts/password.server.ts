/**
 * Password hashing with argon2id (@node-rs/argon2). Production uses the
 * library's defaults, which are OWASP's recommendation (19 MiB memory, 2
 * passes, 1 lane); NODE_ENV=test uses light parameters so the suite stays
 * fast. The parameters are stored inside each hash, so verification works
 * whichever setting made the hash.
 */
import { hash, verify, type Options } from "@node-rs/argon2";
import { getEnv } from "~/utils/env.server";

/** argon2id is the library default (Algorithm.Argon2id = 2); named here for the reader. */
const ARGON2ID = 2 as NonNullable<Options["algorithm"]>;

function options(): Options {
  return getEnv().NODE_ENV === "test" ? { algorithm: ARGON2ID, memoryCost: 1024, timeCost: 1, parallelism: 1 } : { algorithm: ARGON2ID };
}

/** PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash) of `password`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options());
}

let dummy: Promise<string> | undefined;

/**
 * True when `password` matches `phc`. With `phc` null (no such account) it
 * still verifies against a throwaway hash, so a wrong email costs as much time
 * as a wrong password. Never throws for a malformed hash (returns false).
 */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (!phc) {
    dummy ??= hashPassword("not a real password, only spends time");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
