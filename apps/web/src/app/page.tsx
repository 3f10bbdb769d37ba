import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/session";

export default async function Home() {
  if (await currentUser()) redirect("/websites");
  return (
    <main className="mx-auto max-w-2xl px-6 py-20">
      <h1 className="text-4xl font-bold tracking-tight">Keygate</h1>
      <p className="mt-4 text-lg text-zinc-700 dark:text-zinc-300">
        Website API keys, account tokens and team roles for your analytics — behind one policy engine.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/signin"
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Sign in
        </Link>
        <Link
          href="/signup"
          className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Create an account
        </Link>
        <a
          href="/api/v1/reference"
          className="px-4 py-2 text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
        >
          REST API reference
        </a>
      </div>
    </main>
  );
}
