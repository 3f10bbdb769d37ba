"use client";
// A row of links where the current page is marked for sight and for screen readers.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function TabNav({ label, tabs }: { label: string; tabs: { href: string; title: string }[] }) {
  const pathname = usePathname();
  return (
    <nav
      aria-label={label}
      className="mb-6 flex gap-4 overflow-x-auto border-b border-zinc-200 text-sm dark:border-zinc-800"
    >
      {tabs.map((tab) => {
        const current = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={`-mb-px border-b-2 px-1 py-2 ${current ? "border-indigo-600 font-medium" : "border-transparent hover:border-zinc-400"}`}
          >
            {tab.title}
          </Link>
        );
      })}
    </nav>
  );
}
