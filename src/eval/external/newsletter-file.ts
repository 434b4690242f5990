/**
 * The text of a generated newsletter file in the conventions of the seeds (`seeds/000_*.txt`,
 * `seeds/004_*.txt`) that the parser reads: masthead lines (the newsletter's name and the issue), a
 * section line marked with `·`, then per item a headline line, the text as one paragraph, and a source
 * line with the date — `(Source: Science and Technology Daily, 2019-01-01)` in English,
 * `（来源：科技日报，2019年1月1日）` in Chinese — each separated by a blank line.
 */
import { InputError, type Language } from '../../core';

/** One item (article) of a generated newsletter. */
export interface NewsletterItem {
  /** Headline, one line, without sentence punctuation (see `headlines.ts`). */
  readonly title: string;
  /** The item's text; line breaks are written as spaces, so it is one paragraph. */
  readonly body: string;
  /** ISO `YYYY-MM-DD`, written on the source line. */
  readonly date: string;
}

/** Outlet named on every source line. */
export const SOURCE_OUTLET: Readonly<Record<Language, string>> = Object.freeze({ en: 'Science and Technology Daily', zh: '科技日报' });

/**
 * The date `days` days after `firstDate` (both ISO `YYYY-MM-DD`, UTC calendar).
 * @throws {InputError} when `firstDate` is not an ISO date.
 */
export function addDays(firstDate: string, days: number): string {
  const start = Date.parse(`${firstDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(firstDate) || Number.isNaN(start)) throw new InputError(`Expected an ISO date (YYYY-MM-DD), got ${firstDate}.`);
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}

/** The source line closing an item, e.g. `(Source: Science and Technology Daily, 2019-01-01)`. */
export function sourceLine(lang: Language, date: string): string {
  if (lang === 'en') return `(Source: ${SOURCE_OUTLET.en}, ${date})`;
  const [year, month, day] = date.split('-').map(Number);
  return `（来源：${SOURCE_OUTLET.zh}，${year}年${month}月${day}日）`;
}

function mastheadLines(lang: Language, issueNumber: number, year: number): string[] {
  return lang === 'en'
    ? ['CHINA SCIENCE AND TECHNOLOGY NEWSLETTER', `No. ${issueNumber}`, '· Latest Progress of Science and Technology']
    : ['中国科技通讯', `${year}年第${issueNumber}期（总第${issueNumber}期）`, '· 科技动态'];
}

/**
 * Renders one newsletter file.
 * @param issueNumber - printed in the masthead (`No. 1` / `2019年第1期（总第1期）`); give both editions of an
 *   issue the same number, which the pairing stage takes as evidence that they are one issue.
 * @param year - the issue's year, printed in the Chinese masthead.
 * @returns the file's text, ending with a newline.
 */
export function renderNewsletter(lang: Language, issueNumber: number, year: number, items: readonly NewsletterItem[]): string {
  const blocks = [...mastheadLines(lang, issueNumber, year)];
  for (const item of items) {
    blocks.push(item.title, item.body.replace(/\s*[\r\n]+\s*/gu, ' ').trim(), sourceLine(lang, item.date));
  }
  return `${blocks.join('\n\n')}\n`;
}
