/**
 * Source lines: the `（来源：科技日报，2016年9月25日）` / `(Source: Science and Technology Daily,
 * 25 September 2016)` line that closes an article, in their printed variants (comma or colon after 来源,
 * a missing opening parenthesis, no date, a date with stray spaces, a web address of the item after the
 * outlet: `（来源：新华网 http://www.xinhuanet.com/…）`, `(Source: Xinhua, https://…)`,
 * `来源：科技日报 网址：https://…`).
 */
import type { Language } from '../core';
import { collapseChineseSpacing, findLinks, parseFullDate, parseWebUrl } from '../language';

/** What a source line states. */
export interface SourceLine {
  /** Source outlet as printed, e.g. `科技日报`. */
  readonly source: string;
  /** ISO `YYYY-MM-DD` when the line states a full date, else null. */
  readonly date: string | null;
  /** The item's web address printed in the line (absolute `http(s)`, normalised), else null. */
  readonly link: string | null;
}

/** A label printed before the address in a source line (`网址：`, `链接：`, `URL:`), removed with it. */
const ADDRESS_LABEL = /(?:原文链接|原文地址|网址|网站|链接|url|link|website|web)\s*[:：]\s*$/iu;

/**
 * Splits the web addresses off a source line's content: the first absolute `http(s)` address is the item's
 * link; every address (and a label before it) is replaced by `separator`, so that what stood before and after
 * it (outlet, date) are parts of their own.
 */
function takeAddresses(content: string, separator: string): { readonly rest: string; readonly link: string | null } {
  const links = findLinks(content);
  if (links.length === 0) return { rest: content, link: null };
  let rest = '';
  let from = 0;
  let link: string | null = null;
  for (const found of links) {
    rest += `${content.slice(from, found.start).replace(ADDRESS_LABEL, '')}${separator}`;
    // The full stop or semicolon that ended the address (`https://a.cn/x。`) goes with it.
    from = found.end + (/^[\s。.；;]+/u.exec(content.slice(found.end))?.[0].length ?? 0);
    link ??= parseWebUrl(found.url);
  }
  return { rest: rest + content.slice(from), link };
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
 * @returns the outlet, date and link, or null when `text` is not a source line.
 */
export function parseSourceLine(text: string): SourceLine | null {
  const trimmed = text.trim().replace(/\s+/gu, ' ');
  const chinese = CHINESE.exec(trimmed);
  const english = chinese === null ? ENGLISH.exec(trimmed) : null;
  const printed = chinese?.[1] ?? english?.[1];
  if (printed === undefined) return null;
  const lang: Language = chinese !== null ? 'zh' : 'en';
  const { rest: content, link } = takeAddresses(printed, lang === 'zh' ? '，' : ', ');
  const parts = content.split(lang === 'zh' ? /\s*[，,、]\s*/u : /\s*,\s*/u).map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) return null;
  let date: string | null = null;
  const last = parts[parts.length - 1] ?? '';
  if (parts.length > 1) {
    date = parseFullDate(lang === 'zh' ? collapseChineseSpacing(last) : last, lang);
    if (date !== null) parts.pop();
    // A month-first English date carries its own comma (`Xinhua, May 6, 2020`): the last two parts together.
    const twoParts = `${parts[parts.length - 2] ?? ''}, ${last}`;
    if (date === null && lang === 'en' && parts.length > 2 && /^\d{4}$/u.test(last)) {
      date = parseFullDate(twoParts, lang);
      if (date !== null) parts.splice(-2, 2);
    }
  }
  const source = parts.join(lang === 'zh' ? '，' : ', ').trim();
  if (source === '' || source.length > 80) return null;
  return { source, date, link };
}
