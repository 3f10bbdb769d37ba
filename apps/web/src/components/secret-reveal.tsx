"use client";
// Shows a raw key or token the one time it exists outside the server, with a copy button.
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "./ui/button";

/** `onDone` adds the button that closes the step: the secret is gone from the page after it. */
export function SecretReveal({ secret, label, onDone }: { secret: string; label: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success(`${label} copied`);
    } catch {
      toast.error("Copy failed: select the text and copy it by hand");
    }
  }
  return (
    <div className="space-y-3">
      <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
        Copy it now: you won't be able to see it again.
      </p>
      <div className="flex items-center gap-2">
        <span className="sr-only">{label}:</span>
        <code
          data-testid="secret"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: long secrets scroll; the keyboard must reach them
          tabIndex={0}
          className="block flex-1 overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm whitespace-nowrap select-all dark:bg-zinc-800"
        >
          {secret}
        </code>
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
