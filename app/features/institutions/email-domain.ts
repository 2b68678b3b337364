/**
 * Whether an email address belongs to an institution's web domain: evidence
 * the secretariat weighs before granting administration rights.
 *
 * Compared by registrable domain from the Public Suffix List (the `tldts`
 * library), so subdomains count both ways: `a@cs.ut.ac.ir` matches
 * `https://ut.ac.ir`, and `a@ut.ac.ir` matches `https://en.ut.ac.ir`, while
 * `ac.ir` (a public suffix) never makes two universities match.
 */
import { msg } from "~/i18n/message";
import { getDomain, getHostname } from "tldts";

export type DomainMatch =
  /** The email's host is the website's host (a leading `www.` ignored). */
  | "same"
  /** Different hosts under one registrable domain (a subdomain on either side). */
  | "subdomain"
  | "different"
  /** The institution has no website on record, or it has no domain. */
  | "no-website";

export interface DomainEvidence {
  /** The part after `@`, lower-cased; "" for a malformed address. */
  emailDomain: string;
  /** The website's host without `www.`; null without a website. */
  websiteHost: string | null;
  match: DomainMatch;
}

function stripWww(host: string): string {
  return host.replace(/^www\./, "");
}

/** Compares `email`'s domain with `website`'s (a URL or bare host). Never throws. */
export function emailDomainEvidence(email: string, website: string | null | undefined): DomainEvidence {
  const emailDomain = (email.split("@").pop() ?? "").trim().toLowerCase().replace(/\.$/, "");
  const rawHost = website ? getHostname(website.trim()) : null;
  const websiteHost = rawHost ? stripWww(rawHost.toLowerCase()) : null;
  if (!websiteHost) return { emailDomain, websiteHost: null, match: "no-website" };
  if (emailDomain && stripWww(emailDomain) === websiteHost) return { emailDomain, websiteHost, match: "same" };
  const a = getDomain(emailDomain);
  const b = getDomain(websiteHost);
  return { emailDomain, websiteHost, match: a && b && a === b ? "subdomain" : "different" };
}

/** One sentence for the secretariat's queue: a catalogue key with parameters (`institutions:domain.*`, app/i18n/message.ts). */
export function describeDomainEvidence(e: DomainEvidence): string {
  const params = { email: e.emailDomain, website: e.websiteHost ?? "" };
  switch (e.match) {
    case "same":
      return msg("institutions:domain.same", params);
    case "subdomain":
      return msg("institutions:domain.subdomain", params);
    case "different":
      return msg("institutions:domain.different", params);
    case "no-website":
      return msg("institutions:domain.noWebsite", params);
  }
}
