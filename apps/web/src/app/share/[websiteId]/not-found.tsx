import Link from "next/link";

export default function NotPublic() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-20">
      <h1 className="text-2xl font-semibold">This dashboard is not public</h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">
        Its owners have not shared it, or the link is wrong. If it is your website, sign in to see it.
      </p>
      <Link href="/signin" className="mt-6 inline-block text-indigo-700 underline dark:text-indigo-300">
        Sign in
      </Link>
    </main>
  );
}
