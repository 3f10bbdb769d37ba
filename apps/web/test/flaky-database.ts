// A TCP proxy in front of the test database that can be stopped (connections refused) or frozen
// (sockets stay open, nothing answers — as under SIGSTOP), to play a failing database's part.
import { createServer, type Server, Socket } from "node:net";

export class FlakyDatabase {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  frozen = false;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start() {
    this.frozen = false;
    this.server = createServer((client) => {
      const upstream = new Socket();
      this.sockets.add(client).add(upstream);
      const forget = () => {
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("close", forget).on("error", () => upstream.destroy());
      upstream.on("close", () => client.destroy()).on("error", () => client.destroy());
      upstream.connect(this.target.port, this.target.host);
      client.on("data", (chunk) => {
        if (!this.frozen) upstream.write(chunk);
      });
      upstream.on("data", (chunk) => {
        if (!this.frozen) client.write(chunk);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once("error", reject).listen(this.port, "127.0.0.1", resolve);
    });
  }

  async stop() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
