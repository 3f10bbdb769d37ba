// The tRPC endpoint's edge, as a browser reaches it over HTTP: what a bug, a database refusal, an
// oversized body or a foreign origin turns into. Runs the real handler in-process, with a router
// made of the same procedure builders the dashboard's routers use.

import { AppError } from "@keygate/core";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "../src/server/db";
import { logger } from "../src/server/log";
import { handleTrpc } from "../src/server/trpc/handler";
import { publicProcedure, router, type TrpcContext } from "../src/server/trpc/init";

const OWN = "http://keygate.test";

const testRouter = router({
  bug: publicProcedure.mutation(() => {
    throw new Error("Invalid `prisma.user.create()` invocation: secret internals, Code: 22021");
  }),
  nul: publicProcedure.input(z.object({ text: z.string() })).mutation(async ({ input }) => {
    await (await db()).$queryRaw`SELECT ${input.text}::text`;
    return "stored";
  }),
  field: publicProcedure.mutation(() => {
    throw AppError.badRequest("Incorrect password", [{ path: "currentPassword", message: "Incorrect password" }]);
  }),
  echo: publicProcedure.input(z.object({ text: z.string() })).mutation(({ input }) => input.text.length),
});

const context = (request: Request): TrpcContext => ({
  principal: null,
  origin: { ip: "127.0.0.1", userAgent: "edge-test" },
  requestOrigin: request.headers.get("origin"),
  ownOrigin: OWN,
  requestId: request.headers.get("x-request-id") ?? "generated-id",
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
  const request = new Request(`${OWN}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: OWN, ...headers },
    body,
  });
  return handleTrpc(request, { router: testRouter, createContext: context });
}

describe("tRPC edge", () => {
  it("a bug answers a generic message with the request id, and the cause goes to the log only", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    const response = await post("bug", "{}", { "x-request-id": "req-edge-1" });
    const body = await response.json();
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-edge-1");
    expect(body.error.message).toBe("Internal server error (request id req-edge-1)");
    expect(JSON.stringify(body)).not.toMatch(/prisma|22021|secret internals|stack/i);
    const entry = logged.mock.calls.find(([, message]) => message === "unhandled error");
    expect(entry?.[0]).toMatchObject({ requestId: "req-edge-1", path: "bug", error: expect.stringMatching(/prisma/) });
    logged.mockRestore();
  });

  it("a database refusal of the caller's text is a 400, as on REST", async () => {
    const response = await post("nul", JSON.stringify({ text: "a\u0000b" }));
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(/cannot be stored/);
  });

  it("a service's field-level problems reach the form, as on REST", async () => {
    const response = await post("field", "{}");
    const body = await response.json();
    expect(response.status).toBe(400);
    expect(body.error.data.details).toEqual([{ path: "currentPassword", message: "Incorrect password" }]);
  });

  it("bodies over the limit are refused with 413 before they are read whole", async () => {
    const big = JSON.stringify({ text: "x".repeat(200 * 1024) });
    const response = await post("echo", big);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect((await response.json()).error.data.code).toBe("PAYLOAD_TOO_LARGE");
    // Without a Content-Length (chunked), the limit still holds while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 30; i++) controller.enqueue(new TextEncoder().encode("x".repeat(10_000)));
        controller.close();
      },
    });
    const chunked = new Request(`${OWN}/api/trpc/echo`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: OWN },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await handleTrpc(chunked, { router: testRouter, createContext: context })).status).toBe(413);
    const small = await post("echo", JSON.stringify({ text: "hello" }));
    expect(small.status).toBe(200);
    expect((await small.json()).result.data).toBe(5);
  });

  it("mutations need our full origin: another scheme or port is another origin", async () => {
    for (const origin of ["https://keygate.test", "http://keygate.test:8080", "http://evil.example", "null"]) {
      const response = await post("echo", JSON.stringify({ text: "x" }), { origin });
      expect(response.status, origin).toBe(403);
    }
    expect((await post("echo", JSON.stringify({ text: "x" }), { origin: OWN })).status).toBe(200);
  });
});
