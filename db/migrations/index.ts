/**
 * The ordered list of migrations. Explicit imports (not a folder scan) so the
 * same list works under tsx, Vitest and the Remix server bundle; a test checks
 * that every file in this folder is listed here.
 */
import type { Migration } from "kysely";
import * as foundation from "./2026_11_29_093000_foundation";
import * as accounts from "./2026_11_29_100000_accounts";
import * as experts from "./2026_11_29_110000_experts";
import * as expertOwner from "./2026_11_29_120000_expert_owner";
import * as registrations from "./2026_11_29_130000_registrations";
import * as callsProposals from "./2026_11_29_140000_calls_proposals";
import * as reportIndexes from "./2026_11_29_190000_report_indexes";
import * as publishedReports from "./2026_11_29_193000_published_reports";
import * as institutionInvitations from "./2026_11_30_100000_institution_invitations";
import * as reportPerfIndexes from "./2026_11_30_110000_report_perf_indexes";
import * as messages from "./2026_11_30_150000_messages";
import * as institutionNameSources from "./2026_12_01_100000_institution_name_sources";
import * as institutionJoinRequests from "./2026_12_01_110000_institution_join_requests";
import * as accountDeletion from "./2026_12_01_120000_account_deletion";
import * as userLanguage from "./2026_12_02_100000_user_language";
import * as searchDataVersion from "./2026_12_03_100000_search_data_version";

export const migrations: Record<string, Migration> = {
  "2026_11_29_093000_foundation": foundation,
  "2026_11_29_100000_accounts": accounts,
  "2026_11_29_110000_experts": experts,
  "2026_11_29_120000_expert_owner": expertOwner,
  "2026_11_29_130000_registrations": registrations,
  "2026_11_29_140000_calls_proposals": callsProposals,
  "2026_11_29_190000_report_indexes": reportIndexes,
  "2026_11_29_193000_published_reports": publishedReports,
  "2026_11_30_100000_institution_invitations": institutionInvitations,
  "2026_11_30_110000_report_perf_indexes": reportPerfIndexes,
  "2026_11_30_150000_messages": messages,
  "2026_12_01_100000_institution_name_sources": institutionNameSources,
  "2026_12_01_110000_institution_join_requests": institutionJoinRequests,
  "2026_12_01_120000_account_deletion": accountDeletion,
  "2026_12_02_100000_user_language": userLanguage,
  "2026_12_03_100000_search_data_version": searchDataVersion,
};
