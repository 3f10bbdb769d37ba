// The dashboard's export download: the same contract, policy decision and service as
// GET /api/v1/export, for the signed-in user (their session cookie) instead of a bearer credential.
import { isObjectId } from "@keygate/core";
import { exportQuery } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { requireAccess } from "@/server/auth/require-access";
import { currentUser } from "@/server/auth/session";
import { errorBody, knownError, zodDetails } from "@/server/rest/errors";
import { exportData } from "@/server/services/data-lifecycle";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ websiteId: string }> }) {
  const { websiteId } = await params;
  try {
    const user = await currentUser();
    if (!user) return Response.json(errorBody(401, "Sign in to export"), { status: 401 });
    if (!isObjectId(websiteId)) return Response.json(errorBody(400, "Invalid website id"), { status: 400 });
    await requireAccess(
      { kind: "session", userId: user.id, sessionId: user.sessionId },
      ACTIONS["analytics.export"],
      websiteId,
    );
    const parsed = exportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      return Response.json(errorBody(400, "Invalid query parameter", zodDetails(parsed.error)), { status: 400 });
    }
    const file = await exportData({ websiteId, query: parsed.data });
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (thrown) {
    const error = knownError(thrown);
    if (!error) throw thrown;
    return Response.json(errorBody(error.status, error.message, error.details), { status: error.status });
  }
}
