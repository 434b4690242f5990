/**
 * Source lines: the `（来源：科技日报，2016年9月25日）` / `(Source: Science and Technology Daily,
 * 25 September 2016)` line that closes an article, in their printed variants (comma or colon after 来源,
 * a missing opening parenthesis, no date, a date with stray spaces).
 */
import type { Language } from '../core';
import { collapseChineseSpacing, parseFullDate } from '../language';

/** What a source line states. */
export interface SourceLine {
  /** Source outlet as printed, e.g. `科技日报`. */
  readonly source: string;
  /** ISO `YYYY-MM-DD` when the line states a full date, else null. */
  readonly date: string | null;
}

const CHINESE = /^[（(]?\s*来\s*源\s*[：:，,、]\s*(.+?)\s*[）)]?\s*$/u;
const ENGLISH = /^[(（]?\s*source\s*[:：]\s*(.+?)\s*[)）]?\s*$/iu;

/** True when `text` opens a source line, complete or wrapped onto the next line. */
export function startsSourceLine(text: string): boolean {
  return /^[（(]?\s*(?:来\s*源\s*[：:，,、]|source\s*[:：])/iu.test(text.trim());
}

/** True when a source line that {@link startsSourceLine} is still missing its closing parenthesis. */
export function isOpenSourceLine(text: string): boolean {
  const trimmed = text.trim();
  return /^[（(]/u.test(trimmed) && !/[)）]\s*$/u.test(trimmed);
}

/**
 * Parses a (joined) source line.
 * @returns the outlet and date, or null when `text` is not a source line.
 */
export function parseSourceLine(text: string): SourceLine | null {
  const trimmed = text.trim().replace(/\s+/gu, ' ');
  const chinese = CHINESE.exec(trimmed);
  const english = chinese === null ? ENGLISH.exec(trimmed) : null;
  const content = chinese?.[1] ?? english?.[1];
  if (content === undefined) return null;
  const lang: Language = chinese !== null ? 'zh' : 'en';
  const parts = content.split(lang === 'zh' ? /\s*[，,、]\s*/u : /\s*,\s*/u).filter((part) => part !== '');
  if (parts.length === 0) return null;
  let date: string | null = null;
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1) {
    date = parseFullDate(lang === 'zh' ? collapseChineseSpacing(last) : last, lang);
    if (date !== null) parts.pop();
  }
  const source = parts.join(lang === 'zh' ? '，' : ', ').trim();
  if (source === '' || source.length > 80) return null;
  return { source, date };
}
