// Interactive questions for a missing flag or id, drawn on stderr so stdout stays data. Without a
// terminal nothing is asked: the run stops with exit 2 and names the flag to pass.
import * as clack from "@clack/prompts";
import { CliError, EXIT } from "../errors";
import { canPrompt, type Io } from "../io";

function streams(io: Io) {
  return { input: io.stdin, output: io.stderr };
}

function settle<T>(value: T): Exclude<T, symbol> {
  if (clack.isCancel(value)) throw new CliError("Cancelled", EXIT.cancelled);
  return value as Exclude<T, symbol>;
}

function requireTerminal(io: Io, flag: string): void {
  if (!canPrompt(io)) throw CliError.usage(`Missing ${flag} (no terminal to ask on: pass it on the command line)`);
}

export interface TextQuestion {
  /** The flag or argument that would have given the answer, named in the error without a TTY. */
  flag: string;
  message: string;
  placeholder?: string;
  initialValue?: string;
  optional?: boolean;
  secret?: boolean;
  validate?: (value: string) => string | undefined;
}

export async function askText(io: Io, question: TextQuestion): Promise<string> {
  requireTerminal(io, question.flag);
  const validate = (value: string | undefined) => {
    const text = (value ?? "").trim();
    if (!text && !question.optional) return "Required";
    return text ? question.validate?.(text) : undefined;
  };
  const answer = question.secret
    ? await clack.password({ ...streams(io), message: question.message, validate })
    : await clack.text({
        ...streams(io),
        message: question.message,
        placeholder: question.placeholder,
        initialValue: question.initialValue,
        validate,
      });
  return (settle(answer) ?? "").trim();
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export async function askChoice(io: Io, flag: string, message: string, options: Choice[]): Promise<string> {
  requireTerminal(io, flag);
  if (options.length === 0) throw CliError.usage(`Missing ${flag}: there is nothing to choose from`);
  return settle(await clack.select<string>({ ...streams(io), message, options }));
}

export async function askMany(io: Io, flag: string, message: string, options: Choice[]): Promise<string[]> {
  requireTerminal(io, flag);
  return settle(await clack.multiselect<string>({ ...streams(io), message, options, required: false }));
}

/** Destructive steps need `--yes` or a "yes" typed at a terminal; nothing happens otherwise. */
export async function confirmOrStop(
  io: Io,
  { yes, action, consequence }: { yes?: boolean; action: string; consequence?: string },
): Promise<void> {
  if (yes) return;
  if (!canPrompt(io)) throw CliError.usage(`Refusing to ${action} without confirmation (pass --yes)`);
  const message = `${action[0]?.toUpperCase()}${action.slice(1)}?${consequence ? ` ${consequence}` : ""}`;
  const answer = settle(await clack.confirm({ ...streams(io), message, initialValue: false }));
  if (!answer) throw new CliError("Cancelled: nothing changed", EXIT.cancelled);
}
