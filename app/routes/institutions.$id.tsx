/**
 * /institutions/:id — one verified institution: every name with its language,
 * ROR link, website, place, parent and child institutions, related
 * organisations and topics. 404 for unknown ids, and for pending or rejected
 * ones except to their registrant and the secretariat (with a banner).
 * Signed-in users who do not administer it may ask the secretariat to (POST,
 * intent `request-admin`) or, when not a member, ask to join it
 * (/join-requests/new); its admins get a link to the edit page.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { getPublicInstitution } from "~/features/institutions/institution.server";
import { countExpertsAt } from "~/features/experts/expert.server";
import { getRegistrationFor } from "~/features/institutions/registration.server";
import { pendingAdminRequest, requestInstitutionAdmin } from "~/features/institutions/admin-request.server";
import { isInstitutionAdmin, isInstitutionMember } from "~/features/accounts/role.server";
import { getUser, requireUser } from "~/features/accounts/auth.server";
import { getInstitutionTopicProfiles } from "~/features/matching/topic-profile.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse, readFormData } from "~/utils/http.server";
import { requireIdParam, text } from "~/utils/input";
import { redirectWithToast } from "~/utils/toast.server";
import { KIND_LABELS, type InstitutionKind } from "~/domain/institution-kinds";
import { GeneralErrorBoundary } from "~/components/error-boundary";

const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language" });

function languageName(lang: string | null): string {
  if (!lang) return "other name";
  try {
    return LANGUAGE_NAMES.of(lang) ?? lang;
  } catch {
    return lang;
  }
}

function sourceLabel(source: string, note: string | null): string {
  if (source === "demo") return "Demo data";
  if (source !== "ror") return "Registered in the network";
  if (note?.startsWith("ROR ")) return `Research Organization Registry (${note})`;
  // Thin GRID-2018 records: say plainly why so little is known.
  return "Research Organization Registry via GRID 2018 (name, kind and country only)";
}

/** "Ask to administer this institution". */
export const formSchema = z.object({
  intent: z.literal("request-admin", { errorMap: () => ({ message: "Unknown action." }) }),
  message: text()
    .trim()
    .max(2000, "At most 2,000 characters.")
    .optional()
    .transform((s) => s ?? ""),
});

function idOf(params: LoaderFunctionArgs["params"]): number {
  return requireIdParam(params.id, "No institution has that id.");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idOf(params);
  const db = getDb();
  const user = await getUser(request);
  let institution = await getPublicInstitution(db, id);
  let registration: { status: string; reason: string | null } | null = null;
  if (!institution) {
    // Pending or rejected: only its registrant and the secretariat see it.
    const reg = await getRegistrationFor(db, id, user);
    invariantResponse(reg, "No institution has that id.", 404);
    institution = await getPublicInstitution(db, id, { anyStatus: true });
    invariantResponse(institution, "No institution has that id.", 404);
    registration = { status: reg.status, reason: reg.decision_reason };
  }
  const [expertCount, profiles, isAdmin, isMember, request_] = await Promise.all([
    countExpertsAt(db, id),
    getInstitutionTopicProfiles(db, [id]),
    user ? isInstitutionAdmin(db, user.id, id) : Promise.resolve(false),
    user ? isInstitutionMember(db, user.id, id) : Promise.resolve(false),
    user ? pendingAdminRequest(db, user.id, id) : Promise.resolve(undefined),
  ]);
  return json({
    institution,
    expertCount,
    topicProfile: profiles.get(id) ?? [],
    registration,
    signedIn: Boolean(user),
    isAdmin,
    isMember,
    adminRequested: Boolean(request_),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idOf(params);
  const submission = parseWithZod(await readFormData(request), { schema: formSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const r = await requestInstitutionAdmin(getDb(), { userId: user.id, institutionId: id, message: submission.value.message });
  invariantResponse(r !== "not-found", "No verified institution has that id.", 404);
  const message =
    r === "created"
      ? "Your request is sent: the secretariat will decide."
      : r === "already-admin"
        ? "You already administer this institution."
        : "Your request is already waiting for the secretariat.";
  return redirectWithToast(`/institutions/${id}`, { kind: r === "created" ? "success" : "info", message });
}

export default function InstitutionPage() {
  const { institution: i, expertCount, topicProfile, registration, signedIn, isAdmin, isMember, adminRequested } = useLoaderData<typeof loader>();
  const place = [i.city, i.region && i.region !== i.city ? i.region : null, i.countryName].filter(Boolean).join(", ");
  return (
    <article>
      <p className="meta">
        <Link to="/institutions">Institutions</Link> › <Link to={`/institutions?country=${i.country_code}`}>{i.countryName}</Link>
      </p>
      {registration ? (
        <p className="banner" role="status">
          {registration.status === "pending"
            ? "Pending verification: only you and the secretariat see this page until the secretariat verifies it."
            : `The secretariat did not verify this registration${registration.reason ? `: ${registration.reason}` : "."}`}
        </p>
      ) : null}
      <h1>
        {i.name}
        {i.acronyms.length ? <span className="meta"> ({i.acronyms.join(", ")})</span> : null}
        {i.ror_status === "inactive" ? <span className="badge warn">inactive in ROR</span> : null}
      </h1>
      {i.names.length ? (
        <ul className="names" aria-label="Other names">
          {i.names.map((n) => (
            <li key={`${n.kind}:${n.name}`}>
              <bdi lang={n.lang ?? undefined}>{n.name}</bdi> <span className="meta">({n.kind === "alias" ? "also known as" : languageName(n.lang)})</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="card" style={{ marginTop: "1rem" }}>
        <dl className="facts">
          <dt>Kind</dt>
          <dd>{KIND_LABELS[i.kind as InstitutionKind]}</dd>
          <dt>Location</dt>
          <dd>{place || i.countryName}</dd>
          {i.established ? (
            <>
              <dt>Established</dt>
              <dd>{i.established}</dd>
            </>
          ) : null}
          {i.website ? (
            <>
              <dt>Website</dt>
              <dd>
                <a href={i.website} rel="noopener noreferrer">
                  {i.website}
                </a>
              </dd>
            </>
          ) : null}
          {i.ror_id ? (
            <>
              <dt>ROR id</dt>
              <dd>
                <a href={`https://ror.org/${i.ror_id}`} rel="noopener noreferrer">
                  https://ror.org/{i.ror_id}
                </a>
              </dd>
            </>
          ) : null}
          {i.parent ? (
            <>
              <dt>Part of</dt>
              <dd>
                <Link to={`/institutions/${i.parent.id}`}>{i.parent.name}</Link>
              </dd>
            </>
          ) : i.externalParents.length ? (
            <>
              <dt>Part of</dt>
              <dd>
                {i.externalParents.map((p) => (
                  <a key={p.related_ror_id} href={`https://ror.org/${p.related_ror_id}`} rel="noopener noreferrer">
                    {p.related_label}
                  </a>
                ))}
              </dd>
            </>
          ) : null}
          <dt>Source</dt>
          <dd>{sourceLabel(i.source, i.source_note)}</dd>
        </dl>
      </div>
      {i.description ? <p style={{ whiteSpace: "pre-line" }}>{i.description}</p> : null}
      {expertCount > 0 ? (
        <p>
          <Link to={`/experts?institution=${i.id}`}>{expertCount === 1 ? "1 expert" : `${expertCount.toLocaleString("en")} experts`} at this institution</Link>
        </p>
      ) : null}
      {i.children.length + i.externalChildren.length ? (
        <section>
          <h2>Units and centres ({i.children.length + i.externalChildren.length})</h2>
          <ul>
            {i.children.map((c) => (
              <li key={c.id}>
                <Link to={`/institutions/${c.id}`}>{c.name}</Link> <span className="meta">{KIND_LABELS[c.kind as InstitutionKind]}</span>
              </li>
            ))}
            {i.externalChildren.map((c) => (
              <li key={c.related_ror_id}>
                <a href={`https://ror.org/${c.related_ror_id}`} rel="noopener noreferrer">
                  {c.related_label}
                </a>{" "}
                <span className="meta">(in ROR)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {i.relationships.length ? (
        <section>
          <h2>Related organisations</h2>
          <ul>
            {i.relationships.map((r) => (
              <li key={`${r.type}:${r.related_ror_id}`}>
                {r.localId ? (
                  <Link to={`/institutions/${r.localId}`}>{r.related_label}</Link>
                ) : (
                  <a href={`https://ror.org/${r.related_ror_id}`} rel="noopener noreferrer">
                    {r.related_label}
                  </a>
                )}{" "}
                <span className="meta">({r.type})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!registration && signedIn ? (
        <section className="card">
          {isAdmin ? (
            <p>
              You administer this institution. <Link to={`/institutions/${i.id}/edit`}>Edit this institution</Link>
            </p>
          ) : adminRequested ? (
            <p className="meta">Your request to administer this institution waits for the secretariat.</p>
          ) : (
            <Form method="post" className="stack">
              {isMember ? (
                <p>
                  You are a member of this institution: you can <Link to="/proposals/new">draft proposals</Link> with it as lead institution.
                </p>
              ) : (
                <p>
                  Work here? <Link to={`/join-requests/new?institution=${i.id}`}>Ask to join this institution</Link> as a member to draft proposals with it as
                  lead.
                </p>
              )}
              <input type="hidden" name="intent" value="request-admin" />
              <div className="field">
                <label htmlFor="admin-message">Do you represent this institution? Ask to administer it</label>
                <textarea id="admin-message" name="message" rows={2} maxLength={2000} placeholder="Your role there, e.g. head of the research office" />
              </div>
              <button type="submit" className="secondary">
                Ask to administer this institution
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <section>
        <h2>Research topics</h2>
        {i.topics.length ? (
          <ul>
            {i.topics.map((t) => (
              <li key={t.id}>
                {t.name} <span className="meta">({t.subfield})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="meta">No research topics recorded yet.</p>
        )}
      </section>
      {topicProfile.length ? (
        <section aria-labelledby="profile-h">
          <h2 id="profile-h">Topic profile</h2>
          <p className="meta">
            Declared topics and its experts' topics, weighted: declared or shared by 3+ experts = 1; otherwise experts ÷ 3. Partner matching uses these weights.
          </p>
          <table className="topic-profile">
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Declared</th>
                <th scope="col">Experts</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {topicProfile.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.name} <span className="meta">({t.subfield})</span>
                  </td>
                  <td>{t.declared ? "yes" : "—"}</td>
                  <td>{t.expertCount}</td>
                  <td>{t.weight.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <Link
              to={`/partners?${new URLSearchParams({
                topics: topicProfile
                  .slice(0, 5)
                  .map((t) => t.id)
                  .join(","),
                exclude: String(i.id),
              })}`}
            >
              Find partners for these topics
            </Link>
          </p>
        </section>
      ) : null}
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.institution.name} — ECO ICT Research Network` : "Institution not found — ECO ICT Research Network" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
