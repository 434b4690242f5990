/**
 * Headlines for the items of a generated newsletter: short lines without sentence punctuation, so that the
 * newsletter parser (`src/ingest/parse-newsletter.ts`) takes them for titles. It rejects Chinese headings
 * that contain `，。；：` anywhere or end in `、！？`, English ones that end in `.,;:` or hold `. X`, and
 * English ones longer than 160 characters or 25 words; an English line that is longer than 120 characters
 * and lacks closing punctuation is joined to the paragraph below it.
 */
import { isStopword } from '../../language';

/** Most words of an English lead (the paragraph's first words after the article title). */
export const ENGLISH_LEAD_WORDS = 8;
/** Most characters (code points) of a Chinese headline. */
export const CHINESE_HEADLINE_CHARACTERS = 18;
/** Longest English headline in characters; longer ones lose lead words (the parser joins > 120 to the body). */
const ENGLISH_HEADLINE_MAX = 100;

/**
 * Removes punctuation and symbols, keeping `.,:` between digits (`4:51`, `43.3`, `158,349`) and `-'’`
 * between letters or digits (`Six-time`, `Rollo's`); collapses whitespace.
 */
function stripPunctuation(text: string): string {
  return text
    .replace(/\uFEFF/gu, '')
    .replace(/(?<!\d)[.,:]|[.,:](?!\d)/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[-'’]|[-'’](?![\p{L}\p{N}])/gu, ' ')
    .replace(/[^\p{L}\p{N}\p{M}\s.,:\-'’]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Words of `text` up to where a clause ends (`,;:.!?` and their full-width forms, then a space or the end). */
function englishClauses(text: string): string[][] {
  const clauses: string[][] = [];
  for (const match of text.matchAll(/[^,;:.!?，；：。！？]+(?:[,;:.!?](?=\S)[^,;:.!?，；：。！？]*)*/gu)) {
    const words = stripPunctuation(match[0]).split(' ').filter((word) => word !== '');
    if (words.length > 0) clauses.push(words);
  }
  return clauses;
}

/**
 * An English headline: the Wikipedia article's title (underscores as spaces, punctuation removed), an en
 * dash, and the paragraph's first words — at least three, ending at the first clause boundary after them,
 * at most `leadWords`, without trailing stopwords — e.g. `Super Bowl 50 – The Panthers defense gave up just
 * 308 points`. Longer headlines than 100 characters lose lead words. Starts with a capital letter or a digit.
 * @param leadWords - most lead words (default {@link ENGLISH_LEAD_WORDS}); pass more to tell apart two
 *   paragraphs that start alike.
 */
export function englishHeadline(articleTitle: string, paragraph: string, leadWords = ENGLISH_LEAD_WORDS): string {
  const topic = stripPunctuation(articleTitle.replace(/_/gu, ' '));
  const lead: string[] = [];
  for (const clause of englishClauses(paragraph)) {
    for (const word of clause) {
      if (lead.length >= leadWords) break;
      lead.push(word);
    }
    if (lead.length >= 3 || lead.length >= leadWords) break;
  }
  const compose = (words: readonly string[]): string => [topic, words.join(' ')].filter((part) => part !== '').join(' – ');
  const trailingStopword = (): boolean => lead.length > 3 && isStopword((lead.at(-1) ?? '').toLowerCase());
  while (lead.length > 1 && (compose(lead).length > ENGLISH_HEADLINE_MAX || trailingStopword())) lead.pop();
  const headline = compose(lead);
  return headline.charAt(0).toUpperCase() + headline.slice(1);
}

/** Removes the spaces that touch a Han character (`丢了 308分` → `丢了308分`), keeping those between Latin words. */
function joinAroundHan(text: string): string {
  return text.replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, '');
}

/**
 * A Chinese headline: the paragraph's first clause (up to the first `，。；：！？`), with more clauses when the
 * first is shorter than 8 characters, punctuation removed, cut to `maxCharacters` code points without
 * splitting a run of Latin letters or digits — e.g. `黑豹队的防守只丢了308分`.
 * @param maxCharacters - default {@link CHINESE_HEADLINE_CHARACTERS}; pass more to tell apart two
 *   paragraphs that start alike.
 */
export function chineseHeadline(paragraph: string, maxCharacters = CHINESE_HEADLINE_CHARACTERS): string {
  let headline = '';
  for (const match of paragraph.matchAll(/[^，；：。！？;!?]+/gu)) {
    headline = joinAroundHan(stripPunctuation(`${headline} ${match[0]}`));
    if ([...headline].length >= 8) break;
  }
  const characters = [...headline];
  if (characters.length <= maxCharacters) return headline;
  let cut = maxCharacters;
  const isRun = (character: string | undefined): boolean => character !== undefined && /[\p{Script=Latin}\p{N}]/u.test(character);
  if (isRun(characters[cut - 1]) && isRun(characters[cut])) {
    let start = cut - 1;
    while (start > 0 && isRun(characters[start - 1])) start -= 1;
    if (start >= 6) cut = start;
    else while (cut < characters.length && isRun(characters[cut])) cut += 1;
  }
  return characters.slice(0, cut).join('').trim();
}

/** The key two titles collide under when gold references are resolved: no whitespace, punctuation or case. */
export function titleKey(title: string): string {
  return title.replace(/[\s\p{P}]/gu, '').toLowerCase();
}

/**
 * The first of `candidates` (a headline at growing lengths) whose {@link titleKey} is not in `taken`,
 * else the longest with ` 2`, ` 3`, … appended; the result's key is added to `taken`.
 */
export function uniqueHeadline(candidates: readonly string[], taken: Set<string>): string {
  const free = candidates.find((candidate) => !taken.has(titleKey(candidate)));
  let headline = free ?? candidates.at(-1) ?? 'Item';
  for (let suffix = 2; taken.has(titleKey(headline)); suffix += 1) headline = `${candidates.at(-1) ?? 'Item'} ${suffix}`;
  taken.add(titleKey(headline));
  return headline;
}
