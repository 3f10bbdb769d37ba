"use client";
// Modal dialog on Radix: focus is trapped inside and returns to the trigger on close; Escape closes.
import { Dialog as Radix } from "radix-ui";
import type { ReactNode } from "react";

export interface DialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Block closing by Escape or outside click (e.g. while a secret is shown). */
  modalLocked?: boolean;
}

export function Dialog({ open, onOpenChange, title, description, children, modalLocked }: DialogProps) {
  const block = (event: Event) => {
    if (modalLocked) event.preventDefault();
  };
  return (
    <Radix.Root open={open} onOpenChange={onOpenChange}>
      <Radix.Portal>
        <Radix.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Radix.Content
          onEscapeKeyDown={block}
          onPointerDownOutside={block}
          className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl dark:bg-zinc-900"
        >
          <Radix.Title className="text-lg font-semibold">{title}</Radix.Title>
          {description ? (
            <Radix.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {description}
            </Radix.Description>
          ) : (
            <Radix.Description className="sr-only">{title}</Radix.Description>
          )}
          <div className="mt-4">{children}</div>
        </Radix.Content>
      </Radix.Portal>
    </Radix.Root>
  );
}
