"use client";
// Copies a text to the clipboard and says so; if the browser refuses, it says how to copy by hand.
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "./ui/button";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      toast.success(`${label} copied`);
    } catch {
      toast.error("Copy failed: select the text and copy it by hand");
    }
  }
  return (
    <Button variant="secondary" size="sm" onClick={copy}>
      {copied ? "Copied" : "Copy"}
      <span className="sr-only"> {label}</span>
    </Button>
  );
}

/** A snippet of code to paste elsewhere, scrollable and reachable by keyboard, with its copy button. */
export function CodeSnippet({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{label}</span>
        <CopyButton text={code} label={label} />
      </div>
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: long lines scroll; the keyboard must reach them
        tabIndex={0}
        className="overflow-x-auto p-3 font-mono text-xs leading-relaxed"
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
