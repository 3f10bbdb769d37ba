// What a failure looks like: one `Error:` line on stderr, never a stack trace, and an exit code for
// each kind — usage, network (refused and timed out), rate limits and server errors.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newUser, type TestUser } from "../../web/test/helpers";
import { cli } from "./cli";

let user: TestUser;
let fake: Server;
let fakeUrl: string;

/** A server that answers what the test path asks for: /status/<code>, /slow, /html. */
beforeAll(async () => {
  user = await newUser("cli-errors");
  fake = createServer((request, response) => {
    const url = request.url ?? "";
    if (url.startsWith("/slow/")) return; // never answers
    if (url.startsWith("/html/")) {
      response.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
      return;
    }
    const code = Number(/^\/status\/(\d+)\//.exec(url)?.[1] ?? 500);
    response
      .writeHead(code, { "content-type": "application/json" })
      .end(JSON.stringify({ status: "error", error: { code, message: `said ${code}` } }));
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  const address = fake.address();
  fakeUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

describe("exit codes", () => {
  it.each([
    [429, 8],
    [500, 8],
    [504, 8],
    [409, 6],
    [404, 5],
    [413, 2],
  ])("HTTP %i → exit %i, the API's message on one line", async (status, code) => {
    const result = await cli(["whoami"], {
      env: { KEYGATE_TOKEN: user.token, KEYGATE_API_URL: `${fakeUrl}/status/${status}` },
    });
    expect(result.code).toBe(code);
    expect(result.stderr).toBe(`Error: said ${status}\n`);
  });

  it("a reply that is not JSON still ends in one line and the status's code", async () => {
    const result = await cli(["whoami"], { env: { KEYGATE_TOKEN: user.token, KEYGATE_API_URL: `${fakeUrl}/html` } });
    expect(result.code).toBe(8);
    expect(result.stderr).toMatch(/^Error: 502 .+\n$/);
  });

  it("no answer within KEYGATE_TIMEOUT_MS is a network error (7)", async () => {
    const result = await cli(["whoami"], {
      env: { KEYGATE_TOKEN: user.token, KEYGATE_API_URL: `${fakeUrl}/slow`, KEYGATE_TIMEOUT_MS: "300" },
    });
    expect(result.code).toBe(7);
    expect(result.stderr).toBe(`Error: No answer from ${fakeUrl}/slow within 0.3 s\n`);
  });

  it("an unknown command or option is a usage error (2) with a hint; --help and --version are 0", async () => {
    const unknown = await cli(["websites", "lst"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Error: unknown command 'lst'/);
    const option = await cli(["websites", "list", "--nope"]);
    expect(option.code).toBe(2);
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:");
    const version = await cli(["--version"]);
    expect(version.stdout).toBe("0.1.0\n");
  });

  it("a group without a subcommand shows its help and exits 2", async () => {
    const result = await cli(["websites"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: keygate websites");
  });
});

describe("completion", () => {
  it("bash lists commands and subcommands; zsh loads it through bashcompinit; fish has its own", async () => {
    const bash = await cli(["completion", "bash"]);
    expect(bash.stdout).toContain("complete -F _keygate keygate");
    expect(bash.stdout).toContain('"websites apikeys") subs="list create roll delete usage"');
    expect((await cli(["completion", "zsh"])).stdout).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n/);
    const fish = await cli(["completion", "fish"]);
    expect(fish.stdout).toContain("complete -c keygate -n '__fish_use_subcommand' -a 'login logout whoami");
    expect((await cli(["completion", "powershell"])).code).toBe(2);
  });
});
