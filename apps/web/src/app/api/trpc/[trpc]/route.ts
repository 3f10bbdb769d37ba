import { handleTrpc } from "@/server/trpc/handler";

function handler(request: Request) {
  return handleTrpc(request);
}

export { handler as GET, handler as POST };
