/**
 * A deleted account's name: the rows it leaves behind (users.display_name,
 * role_audit emails, proposal history) hold the English marker FORMER_MEMBER,
 * data that stays language-neutral; where a name is shown, `shownName` turns
 * the marker into the viewer's words (`accounts:formerMember`) and leaves
 * every other name as it is. Pure: client and server.
 */
import type { TFunction } from "i18next";

/** The stored marker for a deleted account's name (also in existing rows: do not change). */
export const FORMER_MEMBER = "Former member";

/** `name` as shown to the viewer of `t`: the catalogue's "Former member" for a deleted account, else `name` unchanged. */
export function shownName(t: TFunction, name: string): string {
  return name === FORMER_MEMBER ? (t("accounts:formerMember") as string) : name;
}
