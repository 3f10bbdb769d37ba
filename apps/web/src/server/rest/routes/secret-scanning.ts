// Leak reports from secret-scanning partners (GitHub's partner program format), authenticated by the
// signature over the body rather than a credential. README: Security → Leaked keys.

import { leakReportBody, leakReportLabel } from "@keygate/core/contracts";
import { ACTIONS } from "@keygate/core/policy";
import { receiveLeakReport } from "../../services/leak-reports";
import { defineRoute } from "../define";

export const secretScanningRoutes = [
  defineRoute({
    method: "post",
    path: "/secret-scanning/reports",
    summary: "Report leaked keys or tokens",
    description:
      "For secret-scanning partners. The body is a JSON array of matches `{token, type, url?, source?}`, signed as " +
      "sent: ECDSA with SHA-256 over the exact body bytes, base64 in `Github-Public-Key-Signature`, by the key named " +
      "in `Github-Public-Key-Identifier` (one of SECRET_SCANNING_PUBLIC_KEYS; without them the route answers 404). " +
      "Every key or token of ours in it stops working at once, is audited and is mailed to its website's owners " +
      "or its user; a report sent again changes nothing. The answer labels each match, by the SHA-256 of its token.",
    tag: "Secret scanning",
    access: ACTIONS["secretScanning.report"],
    body: leakReportBody,
    response: leakReportLabel,
    reply: "bare",
    handler: ({ principal, body, origin }) => receiveLeakReport({ signer: principal, items: body, origin }),
  }),
];
