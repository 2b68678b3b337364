/**
 * Every declared Meilisearch index, by logical name: what sync, reindex and
 * the index versions iterate over. Each index (settings in code, document
 * mapper from PostgreSQL) is declared in its own module in app/search/indexes/;
 * what an index declaration holds is IndexDefinition (index-definition.ts).
 */
import type { IndexDefinition } from "~/search/index-definition";
import type { IndexName } from "~/search/outbox.server";
import { callsIndex } from "~/search/indexes/calls.server";
import { expertsIndex } from "~/search/indexes/experts.server";
import { institutionsIndex } from "~/search/indexes/institutions.server";
import { projectsIndex } from "~/search/indexes/projects.server";
import { topicsIndex } from "~/search/indexes/topics.server";

/** Every declared index, by logical name. */
export const INDEXES: Partial<Record<IndexName, IndexDefinition<any>>> = {
  institutions: institutionsIndex,
  experts: expertsIndex,
  calls: callsIndex,
  projects: projectsIndex,
  topics: topicsIndex,
};
