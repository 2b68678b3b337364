/**
 * Outgoing email with nodemailer. With SMTP_HOST set, over SMTP (SMTP_PORT,
 * SMTP_USER, SMTP_PASSWORD; implicit TLS on 465, STARTTLS otherwise).
 * Without it, every message is built by nodemailer's JSON transport and
 * written to MAIL_DIR as one `<id>.json` file, which the development mailbox
 * (/dev/mail) lists so a tester can follow the links.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { devMailboxEnabled, getEnv } from "~/utils/env.server";

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text; URLs in it become links in the development mailbox. */
  text: string;
}

/** A message as stored in MAIL_DIR. */
export interface StoredMail extends MailMessage {
  id: string;
  from: string;
  /** ISO 8601 */
  date: string;
}

let smtp: { key: string; transport: Transporter } | undefined;

function smtpTransport(): Transporter {
  const env = getEnv();
  const key = [env.SMTP_HOST, env.SMTP_PORT, env.SMTP_USER].join("|");
  if (!smtp || smtp.key !== key) {
    smtp = {
      key,
      transport: nodemailer.createTransport({
        host: env.SMTP_HOST,
        port: env.SMTP_PORT,
        secure: env.SMTP_PORT === 465,
        auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
      }),
    };
  }
  return smtp.transport;
}

/** Absolute path of the development mailbox folder. */
export function mailDir(): string {
  return path.resolve(getEnv().MAIL_DIR);
}

/**
 * Sends (or, without SMTP, stores) one message.
 * @returns the stored message id in development-mailbox mode, else null
 * @throws when the SMTP server refuses or the folder cannot be written
 */
export async function sendMail(message: MailMessage): Promise<string | null> {
  const env = getEnv();
  const mail = { from: env.SMTP_FROM, to: message.to, subject: message.subject, text: message.text };
  if (!devMailboxEnabled(env)) {
    await smtpTransport().sendMail(mail);
    return null;
  }
  // The JSON transport runs nodemailer's own address and header handling; we keep its verdict.
  const info = await nodemailer.createTransport({ jsonTransport: true }).sendMail(mail);
  const built = JSON.parse(String(info.message)) as { to?: Array<{ address: string }>; from?: { address: string; name?: string } };
  const id = `${Date.now().toString(36).padStart(9, "0")}-${randomBytes(4).toString("hex")}`;
  const stored: StoredMail = {
    id,
    from: env.SMTP_FROM,
    to: built.to?.map((a) => a.address).join(", ") ?? message.to,
    subject: message.subject,
    text: message.text,
    date: new Date().toISOString(),
  };
  await mkdir(mailDir(), { recursive: true });
  await writeFile(path.join(mailDir(), `${id}.json`), JSON.stringify(stored, null, 2), { mode: 0o600 });
  return id;
}

const ID = /^[0-9a-z]{9}-[0-9a-f]{8}$/;

/** Stored messages, newest first (at most `limit`). Empty when the folder does not exist. */
export async function listMail(limit = 200): Promise<StoredMail[]> {
  let files: string[];
  try {
    files = await readdir(mailDir());
  } catch {
    return [];
  }
  const ids = files
    .filter((f) => f.endsWith(".json") && ID.test(f.slice(0, -5)))
    .map((f) => f.slice(0, -5))
    .sort()
    .reverse()
    .slice(0, limit);
  const mails = await Promise.all(ids.map((id) => readMail(id)));
  return mails.filter((m): m is StoredMail => m !== null);
}

/** One stored message, or null for an unknown or malformed id. */
export async function readMail(id: string): Promise<StoredMail | null> {
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(mailDir(), `${id}.json`), "utf8")) as StoredMail;
  } catch {
    return null;
  }
}
