/**
 * How results look on the terminal and in the JSON contract read by the evaluation:
 * `search --json` → `{query, results: [{rank, score, articleId, title, source, date, issue, section, lang, file, text}]}`,
 * `ask --json` → `{question, found, answer, lang, mode, citations: [{n, articleId, title, source, date, issue, lang, file, quote, pairId, url, link}]}`
 * (`url`: the source page with the quote highlighted, null without `PUBLIC_BASE_URL`; `link`: the item's own published link or null).
 */
import type { AnswerResult } from '../answer';
import type { Article } from '../core';
import type { ArticleWarning, ParsedNewsletter } from '../ingest';
import type { RetrievedArticle } from '../retrieve';

/** One `search --json` result. */
export interface SearchResultJson {
  readonly rank: number;
  readonly score: number;
  readonly articleId: string;
  readonly title: string;
  readonly source: string | null;
  readonly date: string | null;
  readonly issue: string | null;
  readonly section: string | null;
  readonly lang: string;
  readonly file: string;
  /** The best matching chunk's text (the article's opening when only its other edition matched). */
  readonly text: string;
}

export function toSearchResultJson(result: RetrievedArticle): SearchResultJson {
  const article = result.article;
  return {
    rank: result.rank,
    score: Number(result.score.toFixed(6)),
    articleId: article.id,
    title: article.title,
    source: article.source,
    date: article.date,
    issue: article.issue.label,
    section: article.section,
    lang: article.lang,
    file: article.file,
    text: result.chunks[0]?.chunk.text ?? article.body.slice(0, 400),
  };
}

/** The `ask --json` object: the answer without the paired-edition detail. */
export function toAskJson(answer: AnswerResult): Record<string, unknown> {
  return {
    question: answer.question,
    found: answer.found,
    outcome: answer.outcome ?? (answer.found ? 'answered' : 'not_found'),
    answer: answer.answer,
    lang: answer.lang,
    mode: answer.mode,
    citations: answer.citations.map((citation) => ({
      n: citation.n,
      articleId: citation.articleId,
      title: citation.title,
      source: citation.source,
      date: citation.date,
      issue: citation.issue,
      lang: citation.lang,
      file: citation.file,
      quote: citation.quote,
      pairId: citation.pair?.articleId ?? null,
      url: citation.url ?? null,
      link: citation.link ?? null,
    })),
    kind: answer.kind,
    related: answer.related.map((item) => ({
      articleId: item.articleId,
      title: item.title,
      source: item.source,
      date: item.date,
      issue: item.issue,
      lang: item.lang,
      file: item.file,
      url: item.url ?? null,
    })),
  };
}

/**
 * The `articles --json` object for one article; `dateSource` says where `date` came from (`source` line,
 * the article's own `text`, the `issue`'s masthead, or null); `link` is the item's own URL as published (or
 * null, see `Article.link`); `warnings` lists what the parse report flags in its text
 * (e.g. `{kind: 'addresses-assistant', addressKind, pattern, sentence, position}`), empty for plain news.
 */
export function toArticleJson(article: Article, warnings: readonly ArticleWarning[] = []): Record<string, unknown> {
  return {
    articleId: article.id,
    file: article.file,
    title: article.title,
    source: article.source,
    date: article.date,
    dateSource: article.dateSource,
    issue: article.issue.label,
    section: article.section,
    lang: article.lang,
    pairId: article.pairId,
    link: article.link,
    warnings,
  };
}

/** An answer for people: the text, then the numbered sources. */
export function formatAnswerText(answer: AnswerResult): string {
  const sources = formatSourcesText(answer);
  return sources === '' ? answer.answer : `${answer.answer}\n${sources}`;
}

/** The numbered sources of an answer for people (with a leading blank line), or '' when it cites none. */
export function formatSourcesText(answer: AnswerResult): string {
  const lines: string[] = [];
  if (answer.citations.length > 0) {
    lines.push('', answer.lang === 'zh' ? '来源：' : 'Sources:');
    for (const citation of answer.citations) {
      const details = [citation.source, citation.date, citation.issue].filter((part) => part !== null).join(', ');
      const pair = citation.pair === null ? '' : `\n      ${citation.pair.lang === 'zh' ? '中文版' : 'English edition'}: ${citation.pair.title}`;
      lines.push(`  [${citation.n}] ${citation.title} — ${details} (${citation.file})${pair}`);
      // The source page (the quote highlighted) and the item's own published link, when there are.
      if (typeof citation.url === 'string') lines.push(`      ${citation.url}`);
      if (typeof citation.link === 'string') lines.push(`      ${answer.lang === 'zh' ? '原文' : 'Original'}: ${citation.link}`);
    }
  }
  return lines.join('\n');
}

/** Search results for people, one block per article. */
export function formatSearchText(results: readonly RetrievedArticle[]): string {
  if (results.length === 0) return 'No matching articles.';
  return results
    .map((result) => {
      const article = result.article;
      const details = [article.source, article.date, article.issue.label].filter((part) => part !== null).join(', ');
      const text = (result.chunks[0]?.chunk.text ?? article.body).slice(0, 160).replace(/\s+/gu, ' ');
      return `${result.rank}. ${article.title} [${article.lang}] — ${details}\n   ${article.file}  score ${result.score.toFixed(4)}\n   ${text}…`;
    })
    .join('\n');
}

/**
 * One file's parse report as JSON (`articles --report --json`): `{file, lang, masthead, issue: {number, date,
 * label}, contents, evidence, items: [{articleId, position, title, section, date, dateSource, source, link}],
 * dropped: [{lineNumber, text, reason}], droppedCount, warnings: [{kind, message, lineNumber?, articleId?}]}`.
 */
export function toParseReportJson(newsletter: ParsedNewsletter): Record<string, unknown> {
  const report = newsletter.report;
  return {
    file: newsletter.file,
    lang: newsletter.lang,
    masthead: report.masthead,
    issue: report.issue,
    contents: report.contents,
    evidence: report.evidence,
    items: newsletter.articles.map((article) => ({
      articleId: article.id,
      position: article.position,
      title: article.title,
      section: article.section,
      date: article.date,
      dateSource: article.dateSource,
      source: article.source,
      link: article.link,
    })),
    dropped: report.dropped,
    droppedCount: report.droppedCount,
    warnings: report.warnings,
  };
}

/** One file's parse report for people: masthead, issue, evidence, every item, dropped lines, warnings. */
export function formatParseReport(newsletter: ParsedNewsletter): string {
  const report = newsletter.report;
  const issue = report.issue;
  const lines = [
    `${newsletter.file}  [${newsletter.lang}]`,
    `  masthead: ${report.masthead.length === 0 ? '(none)' : report.masthead.join(' / ')}`,
    `  issue: number ${issue.number ?? '-'}, date ${issue.date ?? '-'}, label ${issue.label ?? '-'}`,
    `  evidence: ${report.evidence.join(', ')}`,
  ];
  if (report.contents.length > 0) lines.push(`  contents (${report.contents.length}): ${report.contents.join(' | ')}`);
  lines.push(`  ${newsletter.articles.length} items:`);
  for (const article of newsletter.articles) {
    const date = article.date === null ? 'no date' : `${article.date} (${article.dateSource ?? '-'})`;
    const section = article.section === null ? '' : `  [${article.section}]`;
    lines.push(`    ${article.position}. ${article.title}${section}`, `       ${date}; ${article.source ?? 'no outlet'}`);
    if (article.link !== null) lines.push(`       link: ${article.link}`);
  }
  const more = report.droppedCount - report.dropped.length;
  lines.push(`  ${report.droppedCount} lines dropped${more > 0 ? ` (the first ${report.dropped.length} listed)` : ''}:`);
  for (const line of report.dropped) lines.push(`    line ${line.lineNumber} (${line.reason}): ${line.text.length > 80 ? `${line.text.slice(0, 80)}…` : line.text}`);
  lines.push(`  ${report.warnings.length} warnings${report.warnings.length === 0 ? '' : ':'}`);
  for (const warning of report.warnings) {
    const where = [warning.lineNumber === undefined ? null : `line ${warning.lineNumber}`, warning.articleId ?? null].filter((part) => part !== null).join(', ');
    lines.push(`    ${warning.kind}${where === '' ? '' : ` (${where})`}: ${warning.message}`);
  }
  return lines.join('\n');
}
