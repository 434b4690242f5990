/**
 * The App Home tab: the newest newsletter issues (label, date, item count, their newest titles, linked to
 * the source pages when `PUBLIC_BASE_URL` is set), how to ask, and example questions in both languages.
 * Pure: {@link summarizeIssues} turns the index's articles into {@link HomeFacts}, {@link formatHomeView}
 * turns those into the `views.publish` view.
 */
import type { types as SlackTypes } from '@slack/bolt';
import type { Article, Language } from '../core';
import { escapeMrkdwn, mrkdwnLink, truncateMrkdwn } from './format-reply';
import type { SourcePageLink } from './original-passages';
import { fillTemplate, SLACK_INTERFACE_TEXT } from './ui-text';

/** How much of the archive the Home tab shows. */
export interface HomeViewPolicy {
  /** Issues listed, newest first. 6: three issues of each edition when both are indexed; the tab stays one screen. */
  readonly issues: number;
  /** Titles listed under each issue. 3: enough to recognise an issue without turning the tab into a table of contents. */
  readonly titlesPerIssue: number;
  /** Longest title shown, in characters, before it is cut with `…` (Slack's `section` text holds 3000 in all). */
  readonly titleCharacters: number;
}

/** Default {@link HomeViewPolicy}. */
export const HOME_VIEW_POLICY: HomeViewPolicy = Object.freeze({ issues: 6, titlesPerIssue: 3, titleCharacters: 150 });

/** One title shown under an issue. */
export interface HomeTitle {
  readonly articleId: string;
  readonly title: string;
}

/** One newsletter issue (one file of the seeds) as the Home tab shows it. */
export interface HomeIssue {
  /** The file stem, e.g. `004_cefe45b9264134e7` (the part of the article ids before `#`). */
  readonly key: string;
  /** The issue's printed label, else `No. <number>`; null when the file prints neither (the view then names it by date). */
  readonly label: string | null;
  /** ISO date of the issue (its masthead, else its newest article); null when none is known. */
  readonly date: string | null;
  readonly lang: Language;
  /** Articles in the issue. */
  readonly itemCount: number;
  /** The issue's newest titles (by article date, then position), at most `titlesPerIssue`. */
  readonly titles: readonly HomeTitle[];
}

/** What the Home tab shows; from {@link summarizeIssues}. */
export interface HomeFacts {
  /** Newest issues first, at most `issues`. */
  readonly issues: readonly HomeIssue[];
  /** Issues in the whole index. */
  readonly totalIssues: number;
  /** Articles in the whole index. */
  readonly totalArticles: number;
}

/** The issue key of an article id: the file stem before `#`. */
export function issueKeyOf(articleId: string): string {
  const hash = articleId.indexOf('#');
  return hash === -1 ? articleId : articleId.slice(0, hash);
}

/** Compares ISO dates (or `YYYY-MM`/`YYYY` prefixes) newest first; null last. */
function newestFirst(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return left < right ? 1 : -1;
}

const summaries = new WeakMap<readonly Article[], Map<string, HomeFacts>>();

/**
 * Groups `articles` by issue (file stem of the id), newest issue first by the issue's date (else its newest
 * article's date; undated issues last, then by key), and lists each issue's newest titles. Memoised per
 * articles array (an index is immutable; a reload brings a new array).
 */
export function summarizeIssues(articles: readonly Article[], policy: HomeViewPolicy = HOME_VIEW_POLICY): HomeFacts {
  const cacheKey = `${policy.issues}:${policy.titlesPerIssue}`;
  const cached = summaries.get(articles)?.get(cacheKey);
  if (cached !== undefined) return cached;
  const byIssue = new Map<string, Article[]>();
  for (const article of articles) {
    const key = issueKeyOf(article.id);
    const group = byIssue.get(key);
    if (group === undefined) byIssue.set(key, [article]);
    else group.push(article);
  }
  const issues: HomeIssue[] = [...byIssue.entries()].map(([key, group]) => {
    const first = group[0] as Article;
    const articleDates = group.map((article) => article.date).sort(newestFirst);
    const ordered = [...group].sort((left, right) => newestFirst(left.date, right.date) || left.position - right.position);
    return {
      key,
      label: first.issue.label ?? (first.issue.number === null ? null : `No. ${first.issue.number}`),
      date: first.issue.date ?? articleDates[0] ?? null,
      lang: first.lang,
      itemCount: group.length,
      titles: ordered.slice(0, policy.titlesPerIssue).map((article) => ({ articleId: article.id, title: article.title })),
    };
  });
  issues.sort((left, right) => newestFirst(left.date, right.date) || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  const facts: HomeFacts = { issues: issues.slice(0, policy.issues), totalIssues: issues.length, totalArticles: articles.length };
  const perArticles = summaries.get(articles) ?? new Map<string, HomeFacts>();
  perArticles.set(cacheKey, facts);
  summaries.set(articles, perArticles);
  return facts;
}

function section(mrkdwn: string): SlackTypes.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, 3000) } };
}

function header(text: string): SlackTypes.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } };
}

/** One issue as mrkdwn: `*label* · date · N items`, then one bullet per title (linked when a page exists). */
function issueMrkdwn(issue: HomeIssue, sourcePageLink: SourcePageLink, policy: HomeViewPolicy): string {
  const text = SLACK_INTERFACE_TEXT[issue.lang].home;
  const heading = issue.label ?? (issue.date === null ? text.undatedIssue : fillTemplate(text.issueOfDate, { date: issue.date }));
  const details = [issue.label === null ? null : issue.date, issue.itemCount === 1 ? text.itemCountOne : fillTemplate(text.itemCount, { count: String(issue.itemCount) })].filter((part): part is string => part !== null);
  const lines = issue.titles.map((entry) => {
    const title = escapeMrkdwn(entry.title.length > policy.titleCharacters ? `${entry.title.slice(0, policy.titleCharacters - 1)}…` : entry.title);
    return `• ${mrkdwnLink(sourcePageLink(entry.articleId), title)}`;
  });
  return [`*${escapeMrkdwn(heading)}* · ${details.map(escapeMrkdwn).join(' · ')}`, ...lines].join('\n');
}

/**
 * The Home tab view for `views.publish`: a header, how to ask (English, then Chinese), the newest issues
 * (or a "none indexed" notice), and the example questions of both languages.
 * @param facts - from {@link summarizeIssues}; null when the app was given no `home` callback.
 * @param sourcePageLink - an article's source page, or null (no links without `PUBLIC_BASE_URL`).
 * @param command - the slash command, e.g. `/newsletter`.
 */
export function formatHomeView(facts: HomeFacts | null, sourcePageLink: SourcePageLink, command: string, policy: HomeViewPolicy = HOME_VIEW_POLICY): SlackTypes.HomeView {
  const { en, zh } = SLACK_INTERFACE_TEXT;
  const blocks: SlackTypes.KnownBlock[] = [
    header('China S&T Newsletter Assistant · 《中国科技通讯》助手'),
    section(fillTemplate(en.home.howToAsk, { command })),
    section(fillTemplate(zh.home.howToAsk, { command })),
  ];
  if (facts !== null) {
    blocks.push({ type: 'divider' }, header(`${en.home.issuesHeading} · ${zh.home.issuesHeading}`));
    if (facts.issues.length === 0) blocks.push(section(`${escapeMrkdwn(en.home.noIssues)}\n${escapeMrkdwn(zh.home.noIssues)}`));
    for (const issue of facts.issues) blocks.push(section(issueMrkdwn(issue, sourcePageLink, policy)));
  }
  blocks.push(
    { type: 'divider' },
    header(`${en.home.examplesHeading} · ${zh.home.examplesHeading}`),
    section([...en.exampleQuestions, ...zh.exampleQuestions].map((question) => `• ${escapeMrkdwn(question)}`).join('\n')),
  );
  return { type: 'home', blocks };
}
