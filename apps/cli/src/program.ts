// The command tree: global flags, every command group, and help that lists the exit codes.
import { Command } from "commander";
import { registerAlerts } from "./commands/alerts";
import { registerAnalytics } from "./commands/analytics";
import { registerAuth } from "./commands/auth";
import { registerCompletion } from "./commands/completion";
import { registerConfig } from "./commands/config";
import { registerExport } from "./commands/export";
import { registerFunnels } from "./commands/funnels";
import { registerMcp } from "./commands/mcp";
import { registerTokens } from "./commands/tokens";
import { registerTracking } from "./commands/tracking";
import { registerVisitors } from "./commands/visitors";
import { registerWebsites } from "./commands/websites";
import type { Io } from "./io";
import { VERSION } from "./version";

const EXIT_CODES = `
Exit codes: 0 ok · 1 unexpected · 2 usage or invalid input (API 400) · 3 not logged in or 401 ·
4 permission (403) · 5 not found (404) · 6 conflict (409) · 7 network (no connection, timeout) ·
8 rate limited or server error (429, 5xx) · 130 cancelled at a prompt.
Environment: KEYGATE_TOKEN, KEYGATE_WEBSITE, KEYGATE_API_URL (default http://localhost:3000).`;

export function buildProgram(io: Io): Command {
  const program = new Command("keygate")
    .description("Keygate's REST v1 API from the command line: websites, keys, tokens, team, analytics")
    .version(VERSION)
    .option("--json", "print the API's JSON instead of tables (anywhere on the line)")
    .option("--api-url <url>", "Keygate server (default: KEYGATE_API_URL, the config, http://localhost:3000)")
    .option("--website <id>", "website for commands that need one (default: KEYGATE_WEBSITE, the config)")
    .addHelpText("after", EXIT_CODES)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, "Error: ")),
    });

  registerAuth(program, io);
  registerConfig(program, io);
  registerWebsites(program, io);
  registerTokens(program, io);
  registerFunnels(program, io);
  registerAlerts(program, io);
  registerAnalytics(program, io);
  registerVisitors(program, io);
  registerExport(program, io);
  registerTracking(program, io);
  registerCompletion(program, io);
  registerMcp(program, io);
  return program;
}
