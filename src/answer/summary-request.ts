/**
 * Recognises a request for a summary, in English and Chinese, and what it is about: one article
 * ("summarize the article about X", "总结一下延庆能源互联网示范区那篇"), a newsletter issue ("summarize issue
 * No. 23", "总结一下这一期"), or a topic over a period ("what happened in China-Africa cooperation in 2016",
 * "总结一下2016年中美创新合作的进展"). Keyword rules; the period itself is parsed by `parseQueryPeriod`.
 */

/** What a summary covers. */
export type SummaryScope = 'article' | 'issue' | 'period';

export interface SummaryRequest {
  readonly scope: SummaryScope;
  /**
   * For `issue`: the issue number as asked (`"23"`, `"824"`), or null for "this issue"/"the latest issue"
   * (then {@link SummaryRequest.currentIssue} is true).
   */
  readonly issueNumber: string | null;
  /** For `issue`: "this issue", "这一期", "the latest issue" — the thread's issue, else the newest one. */
  readonly currentIssue: boolean;
}

const SUMMARY_VERBS =
  /\b(?:summari[sz]e|summary|overview|outline|recap|tl;?dr|what happened|what has happened|what was new|developments?|highlights?|progress)\b|总结|概括|概述|摘要|归纳|梳理|综述|介绍一下|讲了什么|说了什么|发生了什么|有什么进展|进展|动态/iu;

const ISSUE_NUMBER = /\bissue\s*(?:no\.?|number|#)?\s*(\d{1,4})\b|\bno\.\s*(\d{1,4})\s+issue\b|(?:总)?第\s*(\d{1,4})\s*期/iu;

const CURRENT_ISSUE = /\b(?:this|that|the latest|latest|the newest|newest|the current|current|the last|last|the most recent|most recent)\s+issue\b|这一?期|本期|那一?期|最新一期|最近一期|上一期/iu;

const ARTICLE_MARKERS = /\b(?:the|this|that)\s+(?:article|story|piece|report|item|news)\b|\barticle (?:about|on)\b|那篇|这篇|此篇|该篇|一篇|文章|报道(?!了)/iu;

/**
 * The summary `question` asks for, or null when it asks for something else.
 * @param hasPeriod - whether the question names a period (see `parseQueryPeriod`): a summary over a period
 *   without an article marker ("the article", "那篇") summarises every matching article of the period.
 */
export function parseSummaryRequest(question: string, hasPeriod: boolean): SummaryRequest | null {
  const text = question.normalize('NFKC');
  const issue = ISSUE_NUMBER.exec(text);
  const current = CURRENT_ISSUE.test(text);
  const verb = SUMMARY_VERBS.test(text);
  if ((issue !== null || current) && (verb || /\b(?:what(?:'s| is| was)? in|contents? of)\b|有什么|有哪些|讲了|内容/iu.test(text))) {
    const number = issue?.[1] ?? issue?.[2] ?? issue?.[3] ?? null;
    return { scope: 'issue', issueNumber: number, currentIssue: number === null };
  }
  if (!verb) return null;
  if (hasPeriod && !ARTICLE_MARKERS.test(text)) return { scope: 'period', issueNumber: null, currentIssue: false };
  return { scope: 'article', issueNumber: null, currentIssue: false };
}
