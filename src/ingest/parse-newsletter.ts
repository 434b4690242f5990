/**
 * Splits one newsletter file into articles. Works on the structure every edition shares rather than on
 * file names: titles (marked by a docx bookmark, a Markdown heading, a `◇` bullet or a list number, or
 * standing alone on a short line), section headings above them, a body, and usually a source line that
 * closes the article. Contents lists, mastheads, editors' introductions, section leads and photo captions
 * are recognised and left out.
 */
import { type Article, type IssueInfo, type Language } from '../core';
import type { LineMarker } from './lines';
import { paragraphSteps, type Paragraph } from './paragraphs';
import { runSteps, type Steps } from './steps';
import { detectLanguage, collapseChineseSpacing, countLetters, findFullDates, languageOfLetters, parseIssueFacts } from '../language';

/** The result of parsing one file; `pairId`s are filled in later by {@link pairEditions}. */
export interface ParsedNewsletter {
  readonly file: string;
  readonly lang: Language;
  readonly issue: IssueInfo;
  readonly articles: readonly Article[];
}

interface ArticleDraft {
  title: Paragraph;
  subtitle: string | null;
  section: string | null;
  body: string[];
  source: string | null;
  sourceDate: string | null;
}

const TITLE_MARKERS: ReadonlySet<LineMarker['kind']> = new Set(['bookmark', 'markdown-heading', 'diamond', 'numbered', 'listed']);

function normalizedKey(text: string): string {
  return text.replace(/[\s\p{P}]/gu, '').toLowerCase();
}

function isDashLed(text: string): boolean {
  return /^[-–—－]{2,}/u.test(text);
}

/** Code units of text whose letters are counted between two steps (≈ 5 ms of {@link countLetters}). */
const LANGUAGE_SLICE = 65_536;

/** {@link detectLanguage} of `text` as steps, a slice of {@link LANGUAGE_SLICE} code units at a time. */
function* languageSteps(text: string): Steps<Language> {
  let han = 0;
  let latin = 0;
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + LANGUAGE_SLICE);
    // Never cut a surrogate pair: an astral Han ideograph (extension B and later) counts once, whole.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
    const counts = countLetters(text.slice(start, end));
    han += counts.han;
    latin += counts.latin;
    start = end;
    yield;
  }
  return languageOfLetters({ han, latin });
}

/** Whether a paragraph looks like a heading (title, section, subtitle, caption) rather than body text. */
function isHeadingLike(paragraph: Paragraph, lang: Language): boolean {
  if (paragraph.sourceLine !== null) return false;
  if (paragraph.marker.kind !== 'none') return true;
  const text = paragraph.text;
  // Over 320 code units is over 160 code points, longer than either test below admits; exits before they
  // read a long paragraph whole.
  if (text.length > 2 * 160) return false;
  const length = [...text].length;
  if (lang === 'zh' || detectLanguage(text) === 'zh') {
    return length <= 50 && !/[，。；：]/u.test(text) && !/[、！？!?]$/u.test(text);
  }
  const words = text.split(/\s+/u).length;
  return (
    length <= 160 &&
    words <= 25 &&
    /^[\p{Lu}\d]/u.test(text) &&
    !/[.,;:]$/u.test(text) &&
    !/[.!?]\s+\p{Lu}/u.test(text)
  );
}

/** Title strength: marked titles (2) beat bare lines (1); section dots and list items never title (0). */
function titleStrength(paragraph: Paragraph): number {
  if (TITLE_MARKERS.has(paragraph.marker.kind)) return 2;
  if (paragraph.marker.kind === 'none' && !isDashLed(paragraph.text)) return 1;
  return 0;
}

function cleanTitle(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Reads the issue number and date from the masthead lines that precede the first article (see {@link parseIssueFacts}). */
export function detectIssue(frontMatter: readonly string[], lang: Language): IssueInfo {
  const facts = parseIssueFacts(frontMatter, lang);
  return { number: facts.number, date: facts.date, label: facts.label };
}

/**
 * Parses the text of one newsletter file, in time linear in its length.
 * @param text - the file's content (UTF-8 decoded).
 * @param file - the path from the repository root, e.g. `seeds/000_fbe4f82aa1b47969.txt`; used for ids.
 * @returns the file's articles in order, with ids `<file stem>#<position>`; `pairId` is null here.
 */
export function parseNewsletter(text: string, file: string): ParsedNewsletter {
  return runSteps(parseNewsletterSteps(text, file));
}

/**
 * {@link parseNewsletter} as steps (see `steps.ts`): one after each line and each paragraph, so that a
 * caller may pause, check a time budget or stop between them.
 */
export function* parseNewsletterSteps(text: string, file: string): Steps<ParsedNewsletter> {
  const lang = yield* languageSteps(text);
  const paragraphs = yield* paragraphSteps(text, lang);
  const headingLike: boolean[] = [];
  for (const paragraph of paragraphs) {
    headingLike.push(isHeadingLike(paragraph, lang));
    yield;
  }
  const sourceCount = paragraphs.filter((paragraph) => paragraph.sourceLine !== null).length;
  const sourceMode = sourceCount >= 2;

  const firstBody = paragraphs.findIndex((paragraph, index) => !headingLike[index] && paragraph.sourceLine === null);
  const frontMatter = paragraphs.slice(0, firstBody === -1 ? paragraphs.length : firstBody);
  const contentsKeys = frontMatter
    .filter((_, index) => headingLike[index])
    .map((paragraph) => normalizedKey(paragraph.text))
    .filter((key) => key.length >= 4);
  const markerCounts = new Map<string, number>();
  for (const paragraph of paragraphs) {
    markerCounts.set(paragraph.marker.kind, (markerCounts.get(paragraph.marker.kind) ?? 0) + 1);
  }
  const usesTitleMarkers = [...TITLE_MARKERS].some((kind) => (markerCounts.get(kind) ?? 0) >= 2);
  const isMarkdown = (markerCounts.get('markdown-heading') ?? 0) >= 2;

  // A heading listed in the contents (possibly wrapped there over two lines) is a real heading later on.
  const listedInContents = (paragraph: Paragraph, index: number): boolean => {
    if (index < frontMatter.length) return false;
    const key = normalizedKey(paragraph.text);
    return contentsKeys.some((entry) => entry === key || (entry.length >= 6 && key.includes(entry)));
  };

  // A front-matter heading that stands again, later, inside a heading is a contents-list entry.
  const isContentsEntry = (paragraph: Paragraph): boolean => {
    const position = frontMatter.indexOf(paragraph);
    if (position === -1) return false;
    const key = normalizedKey(paragraph.text);
    return paragraphs.some(
      (other, index) => index > position && headingLike[index] && other !== paragraph && normalizedKey(other.text).includes(key),
    );
  };

  const drafts: ArticleDraft[] = [];
  let pending: Paragraph[] = [];
  let current: ArticleDraft | null = null;
  let section: string | null = null;

  const startArticle = (): ArticleDraft | null => {
    const candidates = pending.map((paragraph, position) => ({ paragraph, position, strength: titleStrength(paragraph) }));
    const strongest = Math.max(0, ...candidates.map((candidate) => candidate.strength));
    if (strongest === 0) {
      pending = [];
      return null;
    }
    const title = [...candidates].reverse().find((candidate) => candidate.strength === strongest);
    if (title === undefined) return null;
    const before = pending[title.position - 1];
    if (before !== undefined && before.marker.kind !== 'list-item' && !isContentsEntry(before)) {
      section = cleanTitle(before.text);
    }
    const draft: ArticleDraft = { title: title.paragraph, subtitle: null, section, body: [], source: null, sourceDate: null };
    for (const after of pending.slice(title.position + 1)) {
      if (isDashLed(after.text)) draft.subtitle = cleanTitle(after.text.replace(/^[-–—－]+/u, ''));
      else if (isMarkdown && after.marker.kind === 'none' && draft.subtitle === null) draft.subtitle = cleanTitle(after.text);
      else if (sourceMode) draft.body.push(after.text);
      // Otherwise a short unpunctuated line under a title is a photo caption: left out.
    }
    pending = [];
    drafts.push(draft);
    return draft;
  };

  for (const [index, paragraph] of paragraphs.entries()) {
    yield;
    if (paragraph.sourceLine !== null) {
      const target: ArticleDraft | null = current ?? drafts[drafts.length - 1] ?? null;
      if (target !== null && target.source === null) {
        target.source = paragraph.sourceLine.source;
        target.sourceDate = paragraph.sourceLine.date;
      }
      current = null;
      continue;
    }
    if (headingLike[index] === true) {
      if (current === null) {
        pending.push(paragraph);
        continue;
      }
      const marked = TITLE_MARKERS.has(paragraph.marker.kind) || paragraph.marker.kind === 'section-dot';
      if (sourceMode) {
        // Inside an article that a source line will close, bare short lines are sub-headings.
        if (marked) {
          current = null;
          pending = [paragraph];
        } else {
          current.body.push(paragraph.text);
        }
        continue;
      }
      if (marked || listedInContents(paragraph, index) || (!usesTitleMarkers && contentsKeys.length === 0)) {
        current = null;
        pending = [paragraph];
      }
      // Else: a photo caption inside an article: left out.
      continue;
    }
    if (current !== null) {
      current.body.push(paragraph.text);
      continue;
    }
    if (pending.length > 0) {
      current = startArticle();
      current?.body.push(paragraph.text);
    }
    // Text before any title is an editor's introduction or masthead: not an article.
  }

  // Section leads: in an issue whose titles carry `◇` bullets, a bare heading followed by a marked
  // title is a section heading with an introduction, not an article.
  const diamondTitles = (markerCounts.get('diamond') ?? 0) >= 2;
  const articles: ArticleDraft[] = [];
  let leadSection: string | null = null;
  drafts.forEach((draft, index) => {
    const next = drafts[index + 1];
    if (diamondTitles && (draft.title.marker.kind === 'none' || draft.title.marker.kind === 'listed') && next?.title.marker.kind === 'diamond') {
      leadSection = cleanTitle(draft.title.text);
      return;
    }
    if (leadSection !== null) {
      if (draft.title.marker.kind === 'diamond') draft.section = leadSection;
      else leadSection = null;
    }
    if (draft.body.join('').trim() !== '') articles.push(draft);
  });

  const issue = detectIssue(
    frontMatter.map((paragraph) => paragraph.text),
    lang,
  );
  const stem = file.replace(/^.*\//u, '').replace(/\.[^.]+$/u, '');
  const parsed: Article[] = [];
  for (const [index, draft] of articles.entries()) {
    yield;
    const body = draft.body
      .map((paragraph) => (lang === 'zh' ? collapseChineseSpacing(paragraph) : paragraph).trim())
      .filter((paragraph) => paragraph !== '')
      .join('\n\n');
    const bodyDate = draft.sourceDate === null ? (findFullDates(body, lang)[0]?.iso ?? null) : null;
    const date = draft.sourceDate ?? bodyDate ?? (issue.date !== null && /^\d{4}-\d{2}-\d{2}$/u.test(issue.date) ? issue.date : null);
    const dateSource = draft.sourceDate !== null ? 'source' : bodyDate !== null ? 'text' : date !== null ? 'issue' : null;
    parsed.push({
      id: `${stem}#${index + 1}`,
      file,
      position: index + 1,
      title: cleanTitle(draft.title.text),
      subtitle: draft.subtitle,
      body,
      source: draft.source,
      date,
      dateSource,
      issue,
      section: draft.section,
      lang,
      pairId: null,
    });
  }
  return { file, lang, issue, articles: parsed };
}
