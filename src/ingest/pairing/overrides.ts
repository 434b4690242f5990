/**
 * The pair overrides file (`seeds/pairs.tsv`, `PAIR_OVERRIDES_FILE`): a user's corrections to the pairing
 * of editions, which win over the evidence. One override per line, two fields separated by a tab:
 *
 * ```text
 * # comment
 * 000_fbe4f82aa1b47969.txt#中美科技创新园落地青岛	004_cefe45b9264134e7.txt#China-US Innovation Park Launched in Qingdao
 * 001_37b9a76959784536.txt#5	-
 * ```
 *
 * A line with two article references forces that pair (either order; one must be Chinese, one English); a
 * reference and `-` forbids pairing that article. A reference is `<file>#<title>` (robust to articles being
 * added or reordered; compared without spaces and punctuation, case-insensitively) or `<file>#<position>`
 * (1-based); `<file>` is the file's name, its name without extension, or its path from the repository root.
 * Invalid lines are reported with their line number and skipped; they never stop the build.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Article } from '../../core';
import type { ParsedNewsletter } from '../parse-newsletter';

/** One syntactically valid override line; `second` is null for "forbid". */
export interface PairOverrideEntry {
  /** 1-based line number in the overrides file. */
  readonly line: number;
  readonly first: string;
  readonly second: string | null;
}

/** A line that was skipped, and why. `line` is null for a problem with the whole file. */
export interface PairOverrideProblem {
  readonly line: number | null;
  readonly text: string;
  readonly reason: string;
}

/** The parsed overrides file. */
export interface PairOverrides {
  /** The file read, or null for overrides given in code. */
  readonly file: string | null;
  readonly entries: readonly PairOverrideEntry[];
  readonly problems: readonly PairOverrideProblem[];
}

/** Overrides resolved against the parsed articles. */
export interface ResolvedPairOverrides {
  /** Pairs to force, in file order. */
  readonly forced: readonly { readonly chineseId: string; readonly englishId: string; readonly line: number }[];
  /** Article ids never to pair, with the line that says so. */
  readonly forbidden: ReadonlyMap<string, number>;
  /** Syntax problems and lines whose references do not resolve or conflict with an earlier line. */
  readonly problems: readonly PairOverrideProblem[];
}

/** No overrides. */
export const NO_PAIR_OVERRIDES: PairOverrides = { file: null, entries: [], problems: [] };

const FORBID = '-';

/**
 * Parses the text of an overrides file. Never throws: malformed lines become {@link PairOverrideProblem}s.
 * @param file - named in the result, for reports.
 */
export function parsePairOverrides(text: string, file: string | null = null): PairOverrides {
  const entries: PairOverrideEntry[] = [];
  const problems: PairOverrideProblem[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/^\uFEFF/u, '').trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = raw.replace(/^\uFEFF/u, '').split('\t').map((field) => field.trim());
    if (fields.length !== 2) {
      problems.push({ line, text: raw, reason: `expected two fields separated by one tab, found ${fields.length}` });
      return;
    }
    const [first = '', second = ''] = fields;
    if (first === '' || second === '') {
      problems.push({ line, text: raw, reason: 'a field is empty' });
      return;
    }
    if (first === FORBID && second === FORBID) {
      problems.push({ line, text: raw, reason: 'both fields are "-": name the article to leave unpaired' });
      return;
    }
    const reference = first === FORBID ? second : first;
    const other = first === FORBID ? null : second === FORBID ? null : second;
    for (const candidate of [reference, other]) {
      if (candidate !== null && !/^[^#]+#.+$/u.test(candidate)) {
        problems.push({ line, text: raw, reason: `"${candidate}" is not an article reference (expected <file>#<title> or <file>#<position>)` });
        return;
      }
    }
    entries.push({ line, first: reference, second: other });
  });
  return { file, entries, problems };
}

/**
 * Reads and parses an overrides file. A missing file means no overrides; an unreadable one is reported as a
 * problem (line null), never thrown.
 */
export async function readPairOverrides(file: string): Promise<PairOverrides> {
  try {
    return parsePairOverrides(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, entries: [], problems: [] };
    return { file, entries: [], problems: [{ line: null, text: '', reason: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

function titleKey(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
}

function fileMatches(newsletter: ParsedNewsletter, name: string): boolean {
  const wanted = name.trim().split(path.sep).join('/');
  const file = newsletter.file;
  const base = path.posix.basename(file);
  const stem = base.replace(/\.[^.]+$/u, '');
  return wanted === file || wanted === base || wanted === stem;
}

/** Resolves one reference to an article, or explains why it cannot. */
function resolveReference(reference: string, newsletters: readonly ParsedNewsletter[]): Article | string {
  const hash = reference.indexOf('#');
  const fileName = reference.slice(0, hash);
  const rest = reference.slice(hash + 1).trim();
  const files = newsletters.filter((newsletter) => fileMatches(newsletter, fileName));
  if (files.length === 0) return `no newsletter file "${fileName}"`;
  if (files.length > 1) return `"${fileName}" names ${files.length} files; use the path from the repository root`;
  const newsletter = files[0] as ParsedNewsletter;
  const key = titleKey(rest);
  const byTitle = newsletter.articles.filter((article) => titleKey(article.title) === key);
  if (byTitle.length === 1) return byTitle[0] as Article;
  if (byTitle.length > 1) return `${byTitle.length} articles of ${newsletter.file} are titled "${rest}"; use <file>#<position>`;
  if (/^\d+$/u.test(rest)) {
    const byPosition = newsletter.articles.find((article) => article.position === Number(rest));
    if (byPosition !== undefined) return byPosition;
    return `${newsletter.file} has no article at position ${rest} (it has ${newsletter.articles.length})`;
  }
  return `${newsletter.file} has no article titled "${rest}"`;
}

/**
 * Resolves override references against the parsed newsletters. A line whose reference does not resolve,
 * that pairs two articles of one language, or that names an article an earlier line already forced or
 * forbade, is reported and skipped. Never throws.
 */
export function resolvePairOverrides(overrides: PairOverrides, newsletters: readonly ParsedNewsletter[]): ResolvedPairOverrides {
  const problems: PairOverrideProblem[] = [...overrides.problems];
  const forced: { chineseId: string; englishId: string; line: number }[] = [];
  const forbidden = new Map<string, number>();
  const claimedBy = new Map<string, number>();
  const textOf = (entry: PairOverrideEntry): string => `${entry.first}\t${entry.second ?? FORBID}`;
  for (const entry of overrides.entries) {
    const first = resolveReference(entry.first, newsletters);
    const second = entry.second === null ? null : resolveReference(entry.second, newsletters);
    const unresolved = [first, second].filter((value): value is string => typeof value === 'string');
    if (unresolved.length > 0) {
      problems.push({ line: entry.line, text: textOf(entry), reason: unresolved.join('; ') });
      continue;
    }
    const articles = [first, second].filter((value): value is Article => value !== null && typeof value !== 'string');
    const earlier = articles.map((article) => claimedBy.get(article.id)).find((line) => line !== undefined);
    if (earlier !== undefined) {
      problems.push({ line: entry.line, text: textOf(entry), reason: `conflicts with line ${earlier}, which already names this article` });
      continue;
    }
    if (articles.length === 1) {
      const article = articles[0] as Article;
      forbidden.set(article.id, entry.line);
      claimedBy.set(article.id, entry.line);
      continue;
    }
    const chinese = articles.find((article) => article.lang === 'zh');
    const english = articles.find((article) => article.lang === 'en');
    if (chinese === undefined || english === undefined) {
      problems.push({ line: entry.line, text: textOf(entry), reason: 'a pair needs one Chinese and one English article' });
      continue;
    }
    forced.push({ chineseId: chinese.id, englishId: english.id, line: entry.line });
    claimedBy.set(chinese.id, entry.line);
    claimedBy.set(english.id, entry.line);
  }
  return { forced, forbidden, problems: problems.sort((left, right) => (left.line ?? 0) - (right.line ?? 0)) };
}
