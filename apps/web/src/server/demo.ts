// A demo account with one website, created once on an empty database, so a newcomer lands in a
// populated dashboard. Its sign-in is printed on the console.
import { newObjectId } from "@keygate/core";
import { randomTrackingId } from "@keygate/core/credentials";
import { generateDemoTraffic } from "./analytics/demo-traffic";
import { db } from "./db";
import { log } from "./log";
import { NO_ORIGIN } from "./services/context";
import { createUser } from "./services/users";

export const DEMO_EMAIL = "demo@keygate.local";
export const DEMO_PASSWORD = "keygate-demo";

export async function seedDemo(): Promise<void> {
  const prisma = await db();
  if ((await prisma.user.count()) > 0) return;
  const user = await createUser({
    actor: { kind: "ops" },
    origin: NO_ORIGIN,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    name: "Demo",
  });
  const website = await prisma.website.create({
    select: { id: true, domain: true },
    data: {
      id: newObjectId(),
      domain: "demo.example.com",
      name: "Demo website",
      timezone: "Europe/Paris",
      trackingId: randomTrackingId(),
      createdById: user.id,
      memberships: { create: { id: newObjectId(), userId: user.id, role: "owner" } },
    },
  });
  const traffic = await generateDemoTraffic({ websiteId: website.id, domain: website.domain });
  log("info", "Seeded a demo account", { email: DEMO_EMAIL, password: DEMO_PASSWORD, ...traffic });
  console.log(`\n  Demo account ready — sign in with ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n`);
}
