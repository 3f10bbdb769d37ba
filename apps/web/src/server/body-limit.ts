// The one body-size guard of the routers ahead of Next (REST, MCP, collection): 413 in the envelope.
import { AppError } from "@keygate/core";
import { bodyLimit } from "hono/body-limit";

/** Refuses bodies over `maxSize` bytes; `what` names the body in the message. */
export function limitBody(maxSize: number, what = "Request body") {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read: the connection cannot carry another request.
      c.header("Connection", "close");
      throw new AppError("payload_too_large", `${what} too large (max ${maxSize} bytes)`);
    },
  });
}
