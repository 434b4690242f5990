/**
 * The glossary file format (`seeds/glossary.tsv`, user-extensible), read in one place for every stage that
 * needs bilingual names: retrieval and answers (`./glossary.ts`) and edition pairing (`./name-matcher.ts`).
 *
 * One entry per line: English variants separated by `|`, a tab, Chinese variants separated by `|`. Blank
 * lines and lines starting with `#` (after leading spaces) are skipped. Variants are trimmed; empty ones
 * are dropped.
 */
import { readFile } from 'node:fs/promises';

/** One well-formed glossary line. */
export interface GlossaryLine {
  /** English variants as written (trimmed), at least one. */
  readonly english: readonly string[];
  /** Chinese variants as written (trimmed), at least one. */
  readonly chinese: readonly string[];
  /** 1-based line number in the file. */
  readonly line: number;
}

/** A line that is neither blank, a comment nor a well-formed entry. */
export interface GlossaryLineProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The line as written. */
  readonly text: string;
}

/** What a glossary file holds: its entries in file order and the lines that could not be read. */
export interface GlossaryFile {
  readonly lines: readonly GlossaryLine[];
  readonly problems: readonly GlossaryLineProblem[];
}

/** The expected form of a line, for error messages. */
export const GLOSSARY_LINE_FORM = 'English|variants<TAB>中文|变体';

function variants(side: string | undefined): string[] {
  return (side ?? '')
    .split('|')
    .map((variant) => variant.trim())
    .filter((variant) => variant !== '');
}

/**
 * Parses glossary text. A line with more than one tab, or without a variant on either side, is a problem,
 * not an entry.
 * @param text - the file's text (LF or CRLF line ends).
 */
export function parseGlossaryFile(text: string): GlossaryFile {
  const lines: GlossaryLine[] = [];
  const problems: GlossaryLineProblem[] = [];
  text.split(/\r?\n/u).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [english, chinese, ...rest] = raw.split('\t');
    const englishVariants = variants(english);
    const chineseVariants = variants(chinese);
    if (rest.length > 0 || englishVariants.length === 0 || chineseVariants.length === 0) {
      problems.push({ line: index + 1, text: raw });
      return;
    }
    lines.push({ english: englishVariants, chinese: chineseVariants, line: index + 1 });
  });
  return { lines, problems };
}

/**
 * Reads and parses a glossary file ({@link parseGlossaryFile}).
 * @returns the file's contents; null when the file does not exist.
 * @throws the file system's error for any other read failure (permissions, a folder).
 */
export async function readGlossaryFile(file: string): Promise<GlossaryFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return parseGlossaryFile(text);
}
