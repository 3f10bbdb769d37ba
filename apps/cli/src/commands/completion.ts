// completion bash|zsh|fish: a script that completes commands, subcommands and their flags, written
// from the command tree itself so it never falls behind.
import { Argument, type Command } from "commander";
import type { Io } from "../io";
import { act } from "../lib/action";
import { write } from "../lib/output";

interface Node {
  path: string[];
  subcommands: string[];
  flags: string[];
}

function tree(command: Command, path: string[] = []): Node[] {
  const flags = [...command.options, ...(path.length === 0 ? [] : (command.parent?.options ?? []))]
    .map((option) => option.long)
    .filter((flag): flag is string => Boolean(flag));
  const node = { path, subcommands: command.commands.map((sub) => sub.name()), flags: [...new Set(flags)] };
  return [node, ...command.commands.flatMap((sub) => tree(sub, [...path, sub.name()]))];
}

function bash(nodes: Node[]): string {
  const cases = nodes
    .map(
      (node) =>
        `    "${node.path.join(" ")}") subs="${node.subcommands.join(" ")}"; flags="${node.flags.join(" ")}" ;;`,
    )
    .join("\n");
  return `# keygate completion for bash (and zsh through bashcompinit)
_keygate() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i subs="" flags=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] || path="\${path:+$path }$word"
  done
  case "$path" in
${cases}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags --json --api-url --website --help" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  fi
}
complete -F _keygate keygate
`;
}

function fish(nodes: Node[]): string {
  const lines = ["# keygate completion for fish", "complete -c keygate -f"];
  for (const node of nodes) {
    if (node.subcommands.length === 0) continue;
    const seen = node.path.map((word) => `__fish_seen_subcommand_from ${word}`);
    const condition =
      node.path.length === 0
        ? "__fish_use_subcommand"
        : [...seen, `not __fish_seen_subcommand_from ${node.subcommands.join(" ")}`].join("; and ");
    lines.push(`complete -c keygate -n '${condition}' -a '${node.subcommands.join(" ")}'`);
  }
  for (const flag of ["json", "api-url", "website", "help"]) lines.push(`complete -c keygate -l ${flag}`);
  return `${lines.join("\n")}\n`;
}

export function registerCompletion(program: Command, io: Io): void {
  program
    .command("completion")
    .description('Print a shell completion script, e.g. eval "$(keygate completion bash)"')
    .addArgument(new Argument("<shell>").choices(["bash", "zsh", "fish"]))
    .action(
      act(io, async (ctx, [shell]) => {
        const nodes = tree(program);
        if (shell === "fish") write(ctx, fish(nodes));
        else write(ctx, `${shell === "zsh" ? "autoload -U +X bashcompinit && bashcompinit\n" : ""}${bash(nodes)}`);
      }),
    );
}
