// What apps/web/test/global-setup.ts provides to every test of the run (it declares the same).
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    serverLogPath: string;
  }
}
