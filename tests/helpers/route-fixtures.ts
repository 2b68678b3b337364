/**
 * What tests that request every route need: a signed-up user of each kind
 * (researcher with an expert profile, admin of METU, secretariat, admin) and
 * one record of each kind that route paths name, as `fill` values for the
 * placeholders {institution}, {expert}, {call}, {draftCall} (a draft call of METU), {proposal} (a draft led by
 * METU), {project} (an approved proposal), {report} (a published progress report), {mail} (a development-mailbox
 * message) and {conversation} (messages between the institution admin and the researcher). Used by route-inventory and search-down tests.
 */
import { sendMail } from "../../app/utils/mail.server";
import { getReportFigures } from "../../app/features/reports/reports.server";
import { newPublishKey, publishReport } from "../../app/features/reports/published-report.server";
import { anInstitutionId, createUser, insertCall, type TestUser } from "../factories";
import { getDb, upsertExpertProfileAs } from "./";

export type FixtureRole = "researcher" | "institutionAdmin" | "secretariat" | "admin";

export async function routeFixtures(): Promise<{ users: Record<FixtureRole, TestUser>; fill: Record<string, string> }> {
  const db = getDb();
  const institution = await anInstitutionId();
  const users: Record<FixtureRole, TestUser> = {
    researcher: await createUser(),
    institutionAdmin: await createUser({ institutionAdminOf: institution }),
    secretariat: await createUser({ role: "secretariat" }),
    admin: await createUser({ role: "admin" }),
  };
  // With a topic, so the profile's "Suggested partners" block asks the matcher.
  const expert = await upsertExpertProfileAs(db, users.researcher.id, { fullName: "Inventory Researcher", institutionId: institution, topicIds: ["T10028"] });
  if (!expert.ok) throw new Error("inventory expert not created");
  const call = await db
    .insertInto("calls")
    .values({ institution_id: institution, kind: "joint_research", title: "Inventory call", deadline: new Date(Date.now() + 30 * 86_400_000), status: "open" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const proposal = await db
    .insertInto("proposals")
    .values({ lead_institution_id: institution, title: "Inventory draft" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const project = await db
    .insertInto("proposals")
    .values({ lead_institution_id: institution, title: "Inventory project", status: "approved", reference_code: "ECO-ICT-2026-9999", decided_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const report = await publishReport(db, {
    figures: await getReportFigures(db, { from: "2026-01-01", to: "2026-06-30", country: [] }, { includeProposals: true }),
    summary: "Inventory report.",
    idempotencyKey: newPublishKey(),
    publisher: { id: users.secretariat.id, displayName: "Inventory" },
  });
  const mail = await sendMail({ to: "someone@example.org", subject: "Inventory", text: "Hello" });
  const conversation = await db
    .insertInto("conversations")
    .values({ starter_id: users.institutionAdmin.id, recipient_id: users.researcher.id, expert_id: expert.expertId, last_sender_id: users.institutionAdmin.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("messages").values({ conversation_id: conversation.id, sender_id: users.institutionAdmin.id, body: "Inventory message" }).execute();
  const fill = {
    institution: String(institution),
    expert: String(expert.expertId),
    call: String(call.id),
    draftCall: String(await insertCall(institution, "draft", "Inventory draft call")),
    proposal: String(proposal.id),
    project: String(project.id),
    report: String(report.id),
    mail: mail!,
    conversation: String(conversation.id),
  };
  return { users, fill };
}
