// mcp: the stdio MCP server for local agents (see lib/mcp-proxy.ts).
import type { Command } from "commander";
import { Context, type GlobalOptions } from "../context";
import type { Io } from "../io";

export function registerMcp(program: Command, io: Io): void {
  program
    .command("mcp")
    .description("Serve MCP on stdio, forwarding tools/list and tools/call to <api-url>/api/mcp")
    .action(async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      // No spinner: in this mode the terminal belongs to the protocol.
      const ctx = new Context(io, command.optsWithGlobals<GlobalOptions>(), { spinner: false });
      // Loaded here only: the MCP SDK is most of the CLI's code and no other command needs it.
      const { serveMcpProxy } = await import("../lib/mcp-proxy");
      await serveMcpProxy(ctx);
    });
}
