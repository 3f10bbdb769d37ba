// A spinner on stderr for calls slower than ~300 ms, and only where a person watches (a TTY).
import yoctoSpinner from "yocto-spinner";
import type { Io } from "../io";

const DELAY_MS = 300;

export async function withSpinner<T>(io: Io, text: string, work: Promise<T>): Promise<T> {
  if (!io.stderr.isTTY) return work;
  let spinner: ReturnType<typeof yoctoSpinner> | undefined;
  const timer = setTimeout(() => {
    spinner = yoctoSpinner({ text, stream: io.stderr, handleSignals: false }).start();
  }, DELAY_MS);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    spinner?.stop();
  }
}
