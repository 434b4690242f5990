/**
 * Parsing of the slash command's text (`/newsletter ask|summarize|sources|help|reindex|stats …`). Pure.
 */

/** What the slash command asks for. */
export type SlashCommandKind = 'ask' | 'summarize' | 'sources' | 'help' | 'reindex' | 'stats';

/** A parsed slash command. */
export interface SlashCommand {
  readonly kind: SlashCommandKind;
  /** The text after the subcommand, trimmed (the question or topic); empty when none. */
  readonly argument: string;
}

/** Subcommand words (lower-cased), English and Chinese, by kind. */
const SUBCOMMANDS: Readonly<Record<string, SlashCommandKind>> = {
  ask: 'ask',
  问: 'ask',
  summarize: 'summarize',
  summarise: 'summarize',
  summary: 'summarize',
  总结: 'summarize',
  摘要: 'summarize',
  sources: 'sources',
  source: 'sources',
  来源: 'sources',
  help: 'help',
  帮助: 'help',
  reindex: 'reindex',
  stats: 'stats',
};

/**
 * Parses the command text: a first word naming a subcommand (case-insensitive, e.g. `ask`, `summarize`,
 * `sources`, `help`, `reindex`, `stats`, or `总结`, `来源`, `帮助`) selects it and the rest is its argument;
 * any other text is a question (`ask`); empty text is `help`.
 */
export function parseSlashCommand(text: string): SlashCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'help', argument: '' };
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  const word = (match?.[1] ?? '').toLowerCase().replace(/[:：]$/, '');
  const kind = SUBCOMMANDS[word];
  if (kind === undefined) return { kind: 'ask', argument: trimmed };
  return { kind, argument: (match?.[2] ?? '').trim() };
}
