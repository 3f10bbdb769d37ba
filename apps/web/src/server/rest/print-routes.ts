// `pnpm routes`: prints every REST v1 route with the access it requires, from the route table.
import { describeAccess } from "./define";
import { ROUTES } from "./routes";

const rows = ROUTES.map((route) => [route.method.toUpperCase(), `/api/v1${route.path}`, describeAccess(route.access)]);
const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] as string).length)));
for (const [method, path, access] of rows) {
  console.log(`${method?.padEnd(widths[0] ?? 0)}  ${path?.padEnd(widths[1] ?? 0)}  ${access}`);
}
