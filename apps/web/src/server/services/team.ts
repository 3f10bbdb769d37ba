// A website's team: who belongs to it and with which role.
import { db } from "../db";

export interface TeamMember {
  userId: string;
  name: string | null;
  email: string;
  image: string | null;
  role: "owner" | "member" | "viewer";
  joinedAt: string;
}

export async function listMembers({ websiteId }: { websiteId: string }): Promise<TeamMember[]> {
  const prisma = await db();
  const rows = await prisma.membership.findMany({
    where: { websiteId },
    orderBy: { createdAt: "asc" },
    select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => ({
    userId: row.user.id,
    name: row.user.name,
    email: row.user.email,
    image: null,
    role: row.role,
    joinedAt: row.createdAt.toISOString(),
  }));
}
