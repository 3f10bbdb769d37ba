import { expect, test } from "@playwright/test";
import { createWebsite, expectAccessible, screenshot, signUp, uniqueEmail, verifyEmail } from "./helpers";

test("an owner invites by link; the invitee joins and makes a key; the owner changes their role, removes them and revokes their key", async ({
  browser,
}) => {
  // Two people sign up and verify their addresses by mail before the team steps begin.
  test.slow();
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, uniqueEmail("team-owner"));
  const websiteId = await createWebsite(owner, `team-${Date.now().toString(36)}.example.com`);
  await owner.goto(`/websites/${websiteId}/team`);
  const inviteeEmail = uniqueEmail("invitee");
  await owner.getByLabel("Email").fill(inviteeEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("member");
  await owner.getByRole("button", { name: "Invite" }).click();
  const link = (await owner.getByRole("dialog").getByTestId("secret").textContent()) ?? "";
  expect(link).toMatch(/\/invite\/[0-9A-Za-z]{30}$/);
  await expectAccessible(owner, "invitation link dialog");
  await owner.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await expect(owner.getByText(`${inviteeEmail} · member`)).toBeVisible();
  await expectAccessible(owner, "team (owner)");
  await screenshot(owner, "team-owner");

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(new URL(link).pathname);
  await expectAccessible(invitee, "invitation (signed out)");
  await invitee.getByRole("link", { name: "Create an account" }).click();
  await invitee.getByLabel("Email").fill(inviteeEmail);
  await invitee.getByLabel("Password").fill("correct horse battery");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // The mailed link verifies the address and leads back to the invitation.
  await verifyEmail(invitee, inviteeEmail);
  await expect(invitee).toHaveURL(/\/invite\//);
  await screenshot(invitee, "invitation");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/websites/${websiteId}/developer$`));
  await expect(invitee.getByRole("button", { name: "Create key" })).toBeVisible();
  // As a member, the invitee makes a website key: it belongs to the website and outlives their membership.
  await invitee.getByRole("button", { name: "Create key" }).click();
  await invitee.getByRole("dialog").getByLabel("Name").fill("Invitee's script");
  await invitee.getByRole("dialog").getByRole("button", { name: "Create key" }).click();
  await invitee.getByRole("dialog").getByRole("button", { name: "Done" }).click();

  await owner.reload();
  await owner.getByLabel(/Role of/).selectOption("viewer");
  await expect(owner.getByText("Role changed")).toBeVisible();
  await invitee.reload();
  await expect(invitee.getByText("You have read-only access")).toBeVisible();

  await owner.getByRole("button", { name: /Remove/ }).click();
  await expect(owner.getByText("Member removed")).toBeVisible();
  // The removal names the key they made and offers to revoke it.
  const prompt = owner.getByRole("dialog", { name: "Revoke the keys they created?" });
  await expect(prompt.getByText("Invitee's script")).toBeVisible();
  await expectAccessible(owner, "revoke keys of a removed member");
  await prompt.getByRole("button", { name: "Revoke the key" }).click();
  await expect(owner.getByText("1 key revoked")).toBeVisible();
  await expect(owner.getByRole("dialog")).toHaveCount(0);
  await invitee.goto("/websites");
  await expect(invitee.getByText("No websites yet")).toBeVisible();

  await owner.goto(`/websites/${websiteId}/security`);
  await expect(owner.getByRole("cell", { name: "team.removed" })).toBeVisible();
  await expect(owner.getByRole("cell", { name: "team.invited" })).toBeVisible();
  await owner.getByLabel("Show").selectOption("api_key.");
  await expect(owner.getByRole("cell", { name: "api_key.revoked" })).toBeVisible();
  await expect(owner.getByRole("cell", { name: "api_key.created" })).toBeVisible();
  await expectAccessible(owner, "security log");
  await screenshot(owner, "security-log");
});
