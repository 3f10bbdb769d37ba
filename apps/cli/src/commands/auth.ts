// login, logout, whoami: the credential the other commands use.
import type { Account } from "@keygate/core/contracts";
import { displayKey, parseKey } from "@keygate/core/credentials";
import type { Command } from "commander";
import { configPath, readConfig, updateConfig } from "../config";
import { CliError } from "../errors";
import { canPrompt, type Io } from "../io";
import { act } from "../lib/action";
import { emit, note, printRecord, write } from "../lib/output";
import { askText } from "../lib/prompts";

const NOT_A_CREDENTIAL = "Not a Keygate credential (dft_… or df_…, 40 characters with a valid checksum)";

const KIND_LABEL = { accessToken: "an account token", apiKey: "a website key" } as const;

export function registerAuth(program: Command, io: Io): void {
  program
    .command("login")
    .description("Check a dft_ account token (or a df_ website key) against the API and store it")
    .option("--token <token>", "the credential (without it: pasted at a prompt)")
    .action(
      act<{ token?: string }>(io, async (ctx, _args, options) => {
        const apiUrl = await ctx.apiUrl();
        let token = options.token?.trim();
        if (!token) {
          if (canPrompt(io)) note(ctx, `Create an account token at ${apiUrl}/account/tokens, then paste it here.`);
          token = await askText(io, {
            flag: "--token",
            message: "Token (dft_… or df_…)",
            secret: true,
            validate: (value) => (parseKey(value) ? undefined : NOT_A_CREDENTIAL),
          });
        }
        const kind = parseKey(token);
        if (!kind) throw CliError.usage(`--token: ${NOT_A_CREDENTIAL}`);
        const [account] = await ctx.api.data<Account[]>("GET", "/admin/account", { token });
        const dir = ctx.env.configDir;
        await updateConfig(dir, (config) => ({ ...config, token, apiUrl }));
        emit(ctx, { account, kind, apiUrl, configPath: configPath(dir) }, () => {
          write(ctx, `Logged in to ${apiUrl} as ${account?.email} with ${KIND_LABEL[kind]} (${displayKey(token)}).`);
          write(ctx, `Stored in ${configPath(dir)}.`);
        });
        if (ctx.env.token) note(ctx, "Note: KEYGATE_TOKEN is set and overrides the stored token.");
      }),
    );

  program
    .command("logout")
    .description("Forget the stored credential (it stays valid on the server: revoke it with `tokens delete`)")
    .action(
      act(io, async (ctx) => {
        const dir = ctx.env.configDir;
        const had = Boolean((await readConfig(dir)).token);
        await updateConfig(dir, ({ token: _token, ...rest }) => rest);
        emit(ctx, { loggedOut: had, configPath: configPath(dir) }, () =>
          write(ctx, had ? `Logged out: removed the token from ${configPath(dir)}.` : "Not logged in."),
        );
        if (ctx.env.token) note(ctx, "Note: KEYGATE_TOKEN is still set in this environment.");
      }),
    );

  program
    .command("whoami")
    .description("Show who the credential belongs to (GET /admin/account)")
    .action(
      act(io, async (ctx) => {
        const credential = await ctx.credential();
        const accounts = await ctx.api.get<Account[]>("/admin/account");
        const apiUrl = await ctx.apiUrl();
        emit(ctx, accounts, () => {
          const [account] = accounts;
          printRecord(ctx, {
            email: account?.email,
            name: account?.name,
            userId: account?._id,
            ...(account?.websiteId ? { websiteId: account.websiteId } : {}),
            credential: displayKey(credential.token),
            from: credential.source === "config" ? configPath(ctx.env.configDir) : credential.source,
            apiUrl,
          });
        });
      }),
    );
}
