// Starts the floor server (bench/floor.ts) as a child process on a free loopback port.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { WEB_DIR } from "../test/server";

const TSX = `${WEB_DIR}/node_modules/.bin/tsx`;

export interface Floor {
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startFloor(databaseUrl: string): Promise<Floor> {
  const child = spawn(TSX, ["bench/floor.ts", databaseUrl], { cwd: WEB_DIR, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  const lines = createInterface({ input: child.stdout });
  const port = await Promise.race([
    new Promise<number>((resolve) =>
      lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port)),
    ),
    exited.then(() => {
      throw new Error("the floor server exited before listening");
    }),
  ]);
  return { baseUrl: `http://127.0.0.1:${port}`, stop };
}
