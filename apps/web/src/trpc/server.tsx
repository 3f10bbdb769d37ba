import "server-only";
// Server-side tRPC for server components: prefetch a page's queries and hydrate them.
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/routers";
import { makeQueryClient } from "./query-client";

export const getQueryClient = cache(makeQueryClient);

export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  queryClient: getQueryClient,
  ctx: async () => createContext(new Request("http://internal/api/trpc", { headers: await headers() })),
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Runs a query on the server so the page arrives with its data; errors surface on the client. */
// biome-ignore lint/suspicious/noExplicitAny: accepts the options of any procedure
export async function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(options: T): Promise<void> {
  await getQueryClient().prefetchQuery(options);
}
