/**
 * Notifications about institutions in each recipient's language: the
 * recipients are grouped by `emailLanguage` (their choice, else the language
 * they signed up in, else English) and each group gets the notification — and
 * so its email — written with `serverT(lng, ["institutions", "common"])`.
 */
import type { TFunction } from "i18next";
import type { Kysely } from "kysely";
import type { DB } from "~db/types";
import { emailLanguage } from "~/features/accounts/account-language.server";
import { notify, type NotificationKind, type PendingEmail } from "~/features/messaging/notification.server";
import { serverT } from "~/i18n/i18n.server";

/**
 * Writes one notification per recipient (skipping `exceptUserId`) with the
 * title and body `text(t)` returns in that recipient's language.
 * @returns the emails to send after commit (notify's PendingEmail list)
 */
export async function notifyLocalized(
  db: Kysely<DB>,
  userIds: readonly string[],
  n: { kind: NotificationKind; url: string; exceptUserId?: string | null },
  text: (t: TFunction) => { title: string; body: string },
): Promise<PendingEmail[]> {
  const groups = new Map<string, string[]>();
  for (const id of new Set(userIds)) {
    if (id === n.exceptUserId) continue;
    const lng = await emailLanguage(db, id);
    groups.set(lng, [...(groups.get(lng) ?? []), id]);
  }
  const emails: PendingEmail[] = [];
  for (const [lng, ids] of groups) {
    emails.push(...(await notify(db, ids, { kind: n.kind, url: n.url, ...text(serverT(lng, ["institutions", "common"])) })));
  }
  return emails;
}
