/**
 * Splits one newsletter file into articles. Works on the structure every edition shares rather than on
 * file names: titles (marked by a docx bookmark, a Markdown heading, a `◇` bullet or a list number, or
 * standing alone on a short line), section headings above them, a body, and usually a source line that
 * closes the article. Contents lists, mastheads, editors' introductions, section leads and photo captions
 * are recognised and left out.
 *
 * Which structure decides where items start is read from the file itself (`report.evidence`): source lines
 * (the first short line after one is the next title, punctuated or not), a contents list (its entries,
 * found again, are the titles; `segmentation/contents.ts`), title markers, or items standing between blank
 * lines (a short line alone before a much longer paragraph). Every number is in `SEGMENTATION_POLICY`.
 *
 * The masthead runs to its last issue line and on through its block (the compiling office under it); an
 * editor's note before the first item is dropped. Where source lines close items, an item without one ends
 * at a section heading + title, or a title set off by a blank line, over a long paragraph. Chinese-numeral
 * lines (`一、中美合作`) are sections where the file prints them above titles, else titles; `【…】` lines are
 * titles. An item without a dated source line takes outlet and day from a dateline opening it
 * (`parseDateline`), else a full date in its text, else the issue's date. An item's link is the URL of its
 * source line, else of a link line in it (`原文链接：https://…`, left out of its body), else the file's canonical URL.
 */
import { type Article, type IssueInfo, type Language } from '../core';
import type { LineMarker } from './lines';
import { layoutSteps, type Paragraph } from './paragraphs';
import { runSteps, type Steps } from './steps';
import { collapseChineseSpacing, countLetters, findFullDates, languageOfLetters, parseDateline, parseIssueFacts } from '../language';
import { mastheadLength, MAX_MASTHEAD_PARAGRAPHS } from './segmentation/masthead';
import { SEGMENTATION_POLICY } from './segmentation/policy';
import { longItemWarnings, reportedDropped, type DroppedLine, type DropReason, type ParseReport, type ParseWarning, type SegmentationEvidence } from './segmentation/report';
import { learnProfile } from './segmentation/profile';
import { codePointsUpTo, isHeadingLike, isLooseTitle, isTitleAfterSource, isTitleSized, joinTitleLines, wrapsIntoTitle } from './segmentation/title-shape';

/** The result of parsing one file; `pairId`s are filled in later by {@link pairEditions}. */
export interface ParsedNewsletter {
  readonly file: string;
  readonly lang: Language;
  readonly issue: IssueInfo;
  readonly articles: readonly Article[];
  /** What the segmentation saw and did: masthead, contents, evidence, dropped lines, warnings. */
  readonly report: ParseReport;
}

interface ArticleDraft {
  title: Paragraph;
  subtitle: string | null;
  section: string | null;
  body: string[];
  source: string | null;
  sourceDate: string | null;
  /** URL printed in the item's source line. */
  sourceLink: string | null;
  /** URL of the first link line inside or closing the item. */
  lineLink: string | null;
}

/** Options of {@link parseNewsletter}. */
export interface ParseNewsletterOptions {
  /**
   * The file's own address (an HTML file's canonical URL, see `ExtractedDocument.canonicalUrl`): the link of
   * every article that prints none of its own. Default: null.
   */
  readonly canonicalUrl?: string | null;
}

const TITLE_MARKERS: ReadonlySet<LineMarker['kind']> = new Set(['bookmark', 'markdown-heading', 'diamond', 'numbered', 'listed', 'bracketed']);

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

/**
 * Title strength: marked titles (2) beat bare lines (1); section dots and list items never title (0).
 * Chinese-numeral numbers (`一、`) mark sections where the file prints them above titles, else titles.
 */
function titleStrength(paragraph: Paragraph, numberedSections: boolean): number {
  if (paragraph.marker.kind === 'section-number') return numberedSections ? 0 : 2;
  if (TITLE_MARKERS.has(paragraph.marker.kind)) return 2;
  if (paragraph.marker.kind === 'none' && !isDashLed(paragraph.text) && !isCaption(paragraph.text)) return 1;
  return 0;
}

/**
 * Whether `text` ends on a full stop (`。` or `.`), as body paragraphs do; titles may end in `！？` or a
 * closing quotation mark (`科学家谈“双碳”`), which a sentence-end test would count.
 */
function endsOnFullStop(text: string): boolean {
  return /[。.]$/u.test(text);
}

/** An editor's note (`编者按：…`, `Editor's note: …`): an introduction to the issue, never an item. */
function isEditorsNote(text: string): boolean {
  return /^[【[（(]?\s*(?:编者按|编者的话|编者注|editor['’]?s\s+note)\s*[】\]）)]?\s*[:：]?/iu.test(text);
}

/** A photo caption (`图为会议现场`, `图：…`, `Photo: …`, `(Photo by …)`): never a title. */
function isCaption(text: string): boolean {
  return /^[（(]?\s*(?:图\s*[为：:\d]|图片|摄影|photo\b|picture\b|image\b|caption\b)/iu.test(text);
}

function cleanTitle(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Where the masthead ends (an index into `paragraphs`): the lines up to the last that states the issue
 * (see {@link mastheadLength}), looked for among the paragraphs before the first sentence of body text
 * (a masthead line such as `Ministry of Science and Technology (MOST), P.R. China` is no heading, but no
 * sentence either), and at least up to a contents list. Lines printed in the same block (no blank line
 * between) below the issue line belong to it (`科学技术部国际合作司编`), unless one stands directly above a
 * body paragraph: that one is the first item's title.
 */
function mastheadEnd(paragraphs: readonly Paragraph[], headingLike: readonly boolean[], frontLength: number, firstContents: number, lang: Language): number {
  const isSentence = (index: number): boolean => {
    const paragraph = paragraphs[index];
    if (paragraph === undefined || headingLike[index] === true) return false;
    return paragraph.sourceLine !== null || isEditorsNote(paragraph.text) || !isTitleSized(paragraph.text, lang) || endsOnFullStop(paragraph.text);
  };
  let scope = frontLength;
  while (scope < paragraphs.length && scope < MAX_MASTHEAD_PARAGRAPHS && !isSentence(scope)) scope += 1;
  let end = Math.max(mastheadLength(paragraphs.slice(0, scope), lang), firstContents);
  // A masthead of several lines each followed by a blank line (a double-spaced conversion): there blank
  // lines say nothing about where the masthead ends.
  const doubleSpaced = end >= 2 && paragraphs.slice(0, end).every((paragraph) => paragraph.blankAfter);
  while (end > 0 && end < scope) {
    const last = paragraphs[end - 1];
    const next = paragraphs[end];
    const after = paragraphs[end + 1];
    if (last === undefined || next === undefined || (last.blankAfter && !doubleSpaced) || next.marker.kind !== 'none' || next.sourceLine !== null) break;
    if (after !== undefined && (!next.blankAfter || doubleSpaced) && isSentence(end + 1) && !isEditorsNote(after.text)) break;
    end += 1;
  }
  return end;
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
 * @param options - the file's canonical URL, when its format states one.
 * @returns the file's articles in order, with ids `<file stem>#<position>`; `pairId` is null here.
 */
export function parseNewsletter(text: string, file: string, options: ParseNewsletterOptions = {}): ParsedNewsletter {
  return runSteps(parseNewsletterSteps(text, file, options));
}

/**
 * {@link parseNewsletter} as steps (see `steps.ts`): one after each line and each paragraph, so that a
 * caller may pause, check a time budget or stop between them.
 */
export function* parseNewsletterSteps(text: string, file: string, options: ParseNewsletterOptions = {}): Steps<ParsedNewsletter> {
  const lang = yield* languageSteps(text);
  const layout = yield* layoutSteps(text, lang);
  const paragraphs = layout.paragraphs;
  const headingLike: boolean[] = [];
  for (const paragraph of paragraphs) {
    headingLike.push(isHeadingLike(paragraph, lang));
    yield;
  }
  const dropped: DroppedLine[] = layout.furniture.map((line) => ({ ...line, reason: 'page furniture' as const }));
  const drop = (paragraph: Paragraph, reason: DropReason): void => {
    dropped.push({ lineNumber: paragraph.lineNumber, text: paragraph.text, reason });
  };
  const warnings: ParseWarning[] = [];
  const sourceCount = paragraphs.filter((paragraph) => paragraph.sourceLine !== null).length;
  const sourceMode = sourceCount >= SEGMENTATION_POLICY.minSourceLines;

  const contents = layout.contents;
  const isContentsLine = (paragraph: Paragraph): boolean => contents.entryLines.has(paragraph.lineNumber - 1);
  const firstBody = paragraphs.findIndex((paragraph, index) => !headingLike[index] && paragraph.sourceLine === null && !isContentsLine(paragraph));
  const frontMatter = paragraphs.slice(0, firstBody === -1 ? paragraphs.length : firstBody);
  // Everything above a contents list is masthead (the newsletter's names in both languages, the issue).
  const firstContents = frontMatter.findIndex(isContentsLine);
  const masthead = paragraphs.slice(0, mastheadEnd(paragraphs, headingLike, frontMatter.length, firstContents, lang));
  const markerCounts = new Map<string, number>();
  for (const paragraph of paragraphs) {
    markerCounts.set(paragraph.marker.kind, (markerCounts.get(paragraph.marker.kind) ?? 0) + 1);
  }
  // `一、中美合作` lines are section headings when most stand directly above another heading-like line (the title).
  const numberedLines = paragraphs.flatMap((paragraph, index) => (paragraph.marker.kind === 'section-number' ? [index] : []));
  const numberedSections = numberedLines.length > 0 && 2 * numberedLines.filter((index) => headingLike[index + 1] === true && paragraphs[index + 1]?.marker.kind !== 'section-number').length >= numberedLines.length;
  if (!numberedSections) markerCounts.set('numbered', (markerCounts.get('numbered') ?? 0) + numberedLines.length);
  const usesTitleMarkers = [...TITLE_MARKERS].some((kind) => kind !== 'listed' && (markerCounts.get(kind) ?? 0) >= 2);
  const isMarkdown = (markerCounts.get('markdown-heading') ?? 0) >= 2;
  const hasContents = contents.entries.length > 0;
  // Items separated only by blank lines: a short line alone between blank lines, before a much longer paragraph.
  const blankItems = !sourceMode && !usesTitleMarkers && !hasContents;
  const profile = learnProfile(paragraphs, headingLike, lang);
  // The file's median bare heading line below the masthead, in code points: what a wrapped title's first line is measured against.
  const headingLengths = paragraphs
    .filter((paragraph, index) => index >= masthead.length && headingLike[index] === true && paragraph.marker.kind === 'none' && paragraph.sourceLine === null)
    .map((paragraph) => [...paragraph.text].length)
    .sort((left, right) => left - right);
  const medianHeadingChars = headingLengths[Math.floor(headingLengths.length / 2)] ?? 0;
  const opensItem = (index: number): boolean => {
    const paragraph = paragraphs[index];
    const next = paragraphs[index + 1];
    if (paragraph === undefined || next === undefined || next.sourceLine !== null || isCaption(paragraph.text)) return false;
    // Alone between blank lines, or first in a block of lines (title directly above its paragraphs).
    const leadsBlock = (index === 0 || paragraphs[index - 1]?.blankAfter === true) && !paragraph.blankAfter;
    if (!paragraph.alone && !leadsBlock) return false;
    // A short heading under it makes this line a section heading, not a title.
    if (!isLooseTitle(paragraph, lang) || (isTitleSized(next.text, lang) && headingLike[index + 1] === true)) return false;
    // The file's title limit bounds lines alone between blank lines; a line leading its block is bounded by the title size.
    if (paragraph.alone && codePointsUpTo(paragraph.text, profile.titleLimitChars) > profile.titleLimitChars) return false;
    const ratio = paragraph.alone ? SEGMENTATION_POLICY.bodyToTitleRatio : SEGMENTATION_POLICY.blockLeadBodyRatio;
    return next.text.length >= ratio * paragraph.text.length;
  };
  // A heading line directly followed by a title line (long enough not to be a table cell) and a body paragraph.
  const opensSectionAndItem = (index: number): boolean => {
    const title = paragraphs[index + 1];
    const body = paragraphs[index + 2];
    if (title === undefined || body === undefined || title.marker.kind !== 'none' || headingLike[index + 1] !== true) return false;
    if (!isLooseTitle(title, lang) || isCaption(title.text) || [...title.text].length < SEGMENTATION_POLICY.minReportedTitleChars || isDashLed(title.text)) return false;
    return body.sourceLine === null && headingLike[index + 2] !== true && body.text.length >= SEGMENTATION_POLICY.bodyToTitleRatio * title.text.length;
  };
  // A title-like line set off by a blank line above and directly over a much longer paragraph: where items
  // close with source lines, the item above had none (the seeds' sub-headings never stand so).
  const opensUnsourcedItem = (index: number): boolean => {
    const paragraph = paragraphs[index];
    const above = paragraphs[index - 1];
    const below = paragraphs[index + 1];
    if (paragraph === undefined || above === undefined || below === undefined || !above.blankAfter || paragraph.blankAfter) return false;
    if (paragraph.marker.kind !== 'none' || !isLooseTitle(paragraph, lang) || isCaption(paragraph.text) || [...paragraph.text].length < SEGMENTATION_POLICY.minReportedTitleChars) return false;
    return below.sourceLine === null && headingLike[index + 1] !== true && below.text.length >= SEGMENTATION_POLICY.bodyToTitleRatio * paragraph.text.length;
  };
  const evidence: SegmentationEvidence[] = [];
  if (sourceMode) evidence.push('source lines');
  if (hasContents) evidence.push('contents list');
  if (usesTitleMarkers) evidence.push('title markers');
  let usedBlankItems = false;

  const drafts: ArticleDraft[] = [];
  let pending: Paragraph[] = [];
  let current: ArticleDraft | null = null;
  let section: string | null = null;
  // After a source line (and at the file's start) the next short line is the next item's title, punctuated or not.
  // At the file's start only below a masthead: elsewhere a first short paragraph may open an editor's introduction.
  let awaitingTitle = sourceMode && masthead.length > 0;

  const startArticle = (): ArticleDraft | null => {
    const candidates = pending.map((paragraph, position) => ({ paragraph, position, strength: titleStrength(paragraph, numberedSections) }));
    const strongest = candidates.reduce((best, candidate) => Math.max(best, candidate.strength), 0);
    const title = strongest === 0 ? undefined : [...candidates].reverse().find((candidate) => candidate.strength === strongest);
    if (title === undefined) {
      for (const paragraph of pending) drop(paragraph, 'section heading');
      pending = [];
      return null;
    }
    // A line directly above the title may be its first line (a wrapped title) rather than a section heading.
    let titleStart = title.position;
    let titleParagraph = title.paragraph;
    const above = pending[title.position - 1];
    if (above !== undefined && wrapsIntoTitle(above, titleParagraph, medianHeadingChars, lang)) {
      titleStart -= 1;
      titleParagraph = { ...titleParagraph, lineNumber: above.lineNumber, text: joinTitleLines(above.text, titleParagraph.text, lang) };
    }
    for (const paragraph of pending.slice(0, Math.max(0, titleStart - 1))) drop(paragraph, 'caption');
    const before = pending[titleStart - 1];
    if (before !== undefined) {
      drop(before, 'section heading');
      if (before.marker.kind !== 'list-item') section = cleanTitle(before.text);
    }
    const draft: ArticleDraft = { title: titleParagraph, subtitle: null, section, body: [], source: null, sourceDate: null, sourceLink: null, lineLink: null };
    for (const after of pending.slice(title.position + 1)) {
      if (isDashLed(after.text)) draft.subtitle = cleanTitle(after.text.replace(/^[-–—－]+/u, ''));
      else if (isMarkdown && after.marker.kind === 'none' && draft.subtitle === null) draft.subtitle = cleanTitle(after.text);
      else if (sourceMode) draft.body.push(after.text);
      // Otherwise a short unpunctuated line under a title is a photo caption: left out.
      else drop(after, 'caption');
    }
    pending = [];
    drafts.push(draft);
    return draft;
  };

  for (const [index, paragraph] of paragraphs.entries()) {
    yield;
    if (index < masthead.length) {
      drop(paragraph, 'masthead');
      continue;
    }
    const following = paragraphs[index + 1];
    // The list's own heading (`本期要目`, `Contents`) stands directly above its first entry.
    if (isContentsLine(paragraph) || (index < frontMatter.length && following !== undefined && isContentsLine(following) && pending.length === 0 && current === null)) {
      drop(paragraph, 'contents entry');
      continue;
    }
    if (drafts.length === 0 && current === null && isEditorsNote(paragraph.text)) {
      // Whatever stands above an editor's note is masthead (the compiling office, a motto).
      for (const above of pending) drop(above, 'masthead');
      pending = [];
      drop(paragraph, "editor's introduction");
      continue;
    }
    if (paragraph.linkLine !== null) {
      // A link line belongs to the item it closes (before or after its source line); never body text.
      const target: ArticleDraft | null = current ?? drafts[drafts.length - 1] ?? null;
      if (target === null) drop(paragraph, 'link line');
      else target.lineLink ??= paragraph.linkLine;
      continue;
    }
    if (paragraph.sourceLine !== null) {
      const target: ArticleDraft | null = current ?? drafts[drafts.length - 1] ?? null;
      if (target !== null && target.source === null) {
        target.source = paragraph.sourceLine.source;
        target.sourceDate = paragraph.sourceLine.date;
        target.sourceLink = paragraph.sourceLine.link;
      }
      current = null;
      awaitingTitle = true;
      continue;
    }
    if (blankItems && !headingLike[index] && opensItem(index)) {
      usedBlankItems = true;
      current = null;
      pending.push(paragraph);
      continue;
    }
    if (headingLike[index] === true) {
      if (current === null) {
        pending.push(paragraph);
        continue;
      }
      const marked = TITLE_MARKERS.has(paragraph.marker.kind) || paragraph.marker.kind === 'section-dot' || paragraph.marker.kind === 'section-number';
      if (sourceMode) {
        // Inside an article that a source line will close, bare short lines are sub-headings — unless a
        // section heading and a title stand together above a body paragraph: the item had no source line.
        if (marked || (current.body.length > 0 && (opensSectionAndItem(index) || opensUnsourcedItem(index)))) {
          current = null;
          pending = [paragraph];
        } else if (isCaption(paragraph.text)) {
          // A photo caption inside an item (`图为…`, `Photo: …`) is not the item's text.
          drop(paragraph, 'caption');
        } else {
          current.body.push(paragraph.text);
          const below = paragraphs[index + 1];
          const titleAbove =
            paragraph.marker.kind === 'none' &&
            [...paragraph.text].length >= SEGMENTATION_POLICY.minReportedTitleChars &&
            below !== undefined &&
            below.sourceLine === null &&
            below.text.length >= SEGMENTATION_POLICY.bodyToTitleRatio * paragraph.text.length;
          if (titleAbove) {
            warnings.push({ kind: 'title-in-body', message: `title-like line inside an item's body: “${paragraph.text}”`, lineNumber: paragraph.lineNumber });
          }
        }
        continue;
      }
      if (marked || (!usesTitleMarkers && !hasContents)) {
        if (!marked && blankItems && opensItem(index)) usedBlankItems = true;
        current = null;
        pending = [paragraph];
      } else {
        // A photo caption inside an article: left out.
        drop(paragraph, 'caption');
      }
      continue;
    }
    if (current !== null) {
      current.body.push(paragraph.text);
      continue;
    }
    const next = paragraphs[index + 1];
    const sectionAbove = pending.length > 0;
    // A title wrapped over two lines after a source line, its first line ending on a comma: both lines are awaited.
    const wrappedFirstLine = next !== undefined && wrapsIntoTitle(paragraph, next, medianHeadingChars, lang);
    if (
      awaitingTitle &&
      (isTitleAfterSource(paragraph, lang) || wrappedFirstLine) &&
      next !== undefined &&
      next.sourceLine === null &&
      // Under a section heading, a line ending a sentence is the first paragraph of an item whose title was the heading.
      !(sectionAbove && endsOnFullStop(paragraph.text))
    ) {
      awaitingTitle = wrappedFirstLine;
      pending.push(paragraph);
      continue;
    }
    if (pending.length > 0) {
      awaitingTitle = false;
      current = startArticle();
      current?.body.push(paragraph.text);
      continue;
    }
    // Text before any title is an editor's introduction: not an article.
    drop(paragraph, "editor's introduction");
  }
  for (const paragraph of pending) drop(paragraph, 'section heading');
  if (usedBlankItems) evidence.push('blank-line items');
  if (evidence.length === 0) evidence.push('short title lines');

  // Section leads: in an issue whose titles carry `◇` bullets, a bare heading followed by a marked
  // title is a section heading with an introduction, not an article.
  const diamondTitles = (markerCounts.get('diamond') ?? 0) >= 2;
  const articles: ArticleDraft[] = [];
  let leadSection: string | null = null;
  drafts.forEach((draft, index) => {
    const next = drafts[index + 1];
    if (diamondTitles && (draft.title.marker.kind === 'none' || draft.title.marker.kind === 'listed') && next?.title.marker.kind === 'diamond') {
      leadSection = cleanTitle(draft.title.text);
      drop(draft.title, 'section heading');
      return;
    }
    if (leadSection !== null) {
      if (draft.title.marker.kind === 'diamond') draft.section = leadSection;
      else leadSection = null;
    }
    if (draft.body.join('').trim() !== '') articles.push(draft);
    else drop(draft.title, 'empty item');
  });

  const issue = detectIssue(
    (masthead.length > 0 ? masthead : frontMatter).map((paragraph) => paragraph.text),
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
    const issueDay = issue.date !== null && /^\d{4}-\d{2}-\d{2}$/u.test(issue.date) ? issue.date : null;
    // Without a dated source line, a dateline opening the item (`新华社北京5月14日电`, `BEIJING, May 14 (Xinhua) --`)
    // names its outlet (where no source line does) and its day.
    const dateline = draft.sourceDate === null ? parseDateline(draft.body[0] ?? '', issueDay) : null;
    const sourceDate = draft.sourceDate ?? dateline?.date ?? null;
    const bodyDate = sourceDate === null ? (findFullDates(body, lang)[0]?.iso ?? null) : null;
    const date = sourceDate ?? bodyDate ?? issueDay;
    const dateSource = sourceDate !== null ? 'source' : bodyDate !== null ? 'text' : date !== null ? 'issue' : null;
    parsed.push({
      id: `${stem}#${index + 1}`,
      file,
      position: index + 1,
      title: cleanTitle(draft.title.text),
      subtitle: draft.subtitle,
      body,
      source: draft.source ?? dateline?.outlet ?? null,
      date,
      dateSource,
      issue,
      section: draft.section,
      lang,
      pairId: null,
      link: draft.sourceLink ?? draft.lineLink ?? options.canonicalUrl ?? null,
    });
  }
  const lineOf = new Map(articles.map((draft, index) => [`${stem}#${index + 1}`, draft.title.lineNumber]));
  warnings.push(...longItemWarnings(parsed.map((article) => ({ id: article.id, lineNumber: lineOf.get(article.id) ?? 0, length: article.body.length }))));
  for (const entry of contents.missing) {
    warnings.push({ kind: 'missing-contents-title', message: `contents entry not found as an item: “${entry}”` });
  }
  const report: ParseReport = {
    masthead: masthead.map((paragraph) => paragraph.text),
    issue,
    contents: contents.entries,
    evidence,
    dropped: reportedDropped(dropped),
    droppedCount: dropped.length,
    warnings: warnings.slice(0, SEGMENTATION_POLICY.maxReportedLines),
  };
  return { file, lang, issue, articles: parsed, report };
}
