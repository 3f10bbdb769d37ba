// The dashboard's tRPC endpoint (/api/trpc): the body-size guard REST has, a request id on every
// answer, and a log line for every internal error (whose message the client never sees).
import { AppError } from "@keygate/core";
import type { AnyRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "../../env";
import { errorFields, log } from "../log";
import { createContext } from "./context";
import { type TrpcContext, toTrpcError } from "./init";
import { appRouter } from "./routers";

interface HandlerOptions {
  router?: AnyRouter;
  createContext?: (request: Request) => TrpcContext | Promise<TrpcContext>;
}

/** A 413 in tRPC's error shape; the unread rest of the body makes the connection unusable. */
function tooLarge(): Response {
  const error = toTrpcError(
    new AppError("payload_too_large", `Request body too large (max ${env.BODY_LIMIT_BYTES} bytes)`),
  );
  const body = { error: { message: error.message, code: -32013, data: { code: error.code, httpStatus: 413 } } };
  return Response.json(body, { status: 413, headers: { connection: "close" } });
}

/** The request with its body read into memory, or a 413 once it passes the limit (declared or read). */
async function capBody(request: Request, limit: number): Promise<Request | Response> {
  if (!request.body) return request;
  if (Number(request.headers.get("content-length") ?? 0) > limit) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: Buffer.concat(chunks),
    signal: request.signal,
  });
}

export async function handleTrpc(request: Request, options: HandlerOptions = {}): Promise<Response> {
  const capped = await capBody(request, env.BODY_LIMIT_BYTES);
  if (capped instanceof Response) return capped;
  const makeContext = options.createContext ?? createContext;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: capped,
    router: options.router ?? appRouter,
    createContext: () => makeContext(capped),
    onError({ error, path, ctx }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      log("error", "unhandled error", { requestId: ctx?.requestId, path, ...errorFields(error.cause ?? error) });
    },
    responseMeta: ({ ctx }) => (ctx ? { headers: new Headers({ "x-request-id": ctx.requestId }) } : {}),
  });
}
