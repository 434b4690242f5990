/**
 * The fixed phrases of answers in both languages: refusals with the nearest dated items, the note when only
 * the other edition covers a question, "as of <date>", attributions and summary headings. Shared by the
 * extractive and the generated answerer so both read alike.
 */
import type { Article, Language } from '../core';
import type { AnswerPlan } from './answer-plan';
import type { RelatedItem } from './types';

const NOT_FOUND: Record<Language, string> = {
  en: 'I could not find this in the newsletters.',
  zh: '新闻通讯中没有找到相关内容。',
};

/** A partial outcome: the newsletters cover the question's topic, not the fact it asks for. */
const TOPIC_ONLY: Record<Language, string> = {
  en: 'The newsletters report on this topic but do not state what you asked.',
  zh: '新闻通讯报道过相关主题，但没有提到您问的这一点。',
};

const NO_ISSUE: Record<Language, string> = {
  en: 'I could not find that issue in the newsletters.',
  zh: '新闻通讯中没有找到这一期。',
};

const EMPTY_PERIOD: Record<Language, string> = {
  en: 'The newsletters have no items on this for that period.',
  zh: '新闻通讯在该时间段内没有相关报道。',
};

/** Said when the answer quotes the other language's edition because the asker's does not exist. */
export const OTHER_EDITION_NOTE: Record<Language, string> = {
  en: 'Only the Chinese edition of the newsletter covers this; quoted in Chinese.',
  zh: '只有英文版通讯报道了此内容，以下引用英文原文。',
};

/** "Outlet, 2018-10-10" for an item, with placeholders for what the newsletter does not state. */
export function describeItem(item: Pick<RelatedItem, 'source' | 'date'>, lang: Language): string {
  const source = item.source ?? (lang === 'zh' ? '未注明来源' : 'no source stated');
  const date = item.date ?? (lang === 'zh' ? '日期不详' : 'undated');
  return lang === 'zh' ? `${source}，${date}` : `${source}, ${date}`;
}

/**
 * The outcome a refusal reports: `partial` only when the plan judged the topic covered and there are items
 * on it to name, else `not_found`.
 */
export function refusalOutcome(outcome: AnswerPlan['outcome'], related: readonly RelatedItem[]): 'partial' | 'not_found' {
  return outcome !== 'not_found' && related.length > 0 ? 'partial' : 'not_found';
}

/**
 * The refusal for a plan that found nothing, naming the nearest dated items when there are any. A
 * `partial` outcome says that the topic is covered but the asked fact is not, and calls the items the
 * closest rather than the nearest.
 */
export function refusalText(plan: Pick<AnswerPlan, 'lang' | 'notFoundReason' | 'related'> & { readonly outcome?: AnswerPlan['outcome'] }): string {
  const lang = plan.lang;
  const partial = plan.outcome === 'partial' && plan.related.length > 0;
  const head = plan.notFoundReason === 'no-issue' ? NO_ISSUE[lang] : plan.notFoundReason === 'empty-period' ? EMPTY_PERIOD[lang] : partial ? TOPIC_ONLY[lang] : NOT_FOUND[lang];
  if (plan.related.length === 0) return head;
  const items = plan.related.map((item) => (lang === 'zh' ? `《${item.title}》（${describeItem(item, lang)}）` : `“${item.title}” (${describeItem(item, lang)})`));
  if (partial) return lang === 'zh' ? `${head}涉及该主题的报道：${items.join('；')}。` : `${head} ${items.length === 1 ? 'The item on it is' : 'The items on it are'} ${items.join('; ')}.`;
  return lang === 'zh' ? `${head}最接近的报道：${items.join('；')}。` : `${head} The nearest items are ${items.join('; ')}.`;
}

/** "As of 2018-10-10, " / "截至2018-10-10，" for answers about a current state; empty without a date. */
export function asOfPrefix(sources: readonly Article[], lang: Language): string {
  const newest = sources.map((article) => article.date).filter((date): date is string => date !== null).sort().pop();
  if (newest === undefined) return '';
  return lang === 'zh' ? `截至${newest}，` : `As of ${newest}, `;
}

/** Who reported an article and when, as a lead-in for source and date questions, cited `[n]`. */
export function attribution(article: Article, lang: Language, n: number): string {
  const source = article.source ?? (lang === 'zh' ? '（未注明来源）' : '(no source stated)');
  const date = article.date ?? (lang === 'zh' ? '日期不详' : 'an unstated date');
  return lang === 'zh'
    ? `这篇报道《${article.title}》出自${source}，日期为${date} [${n}]。`
    : `“${article.title}” was reported by ${source} on ${date} [${n}].`;
}

/** The heading of a summary. */
export function summaryHeading(plan: Pick<AnswerPlan, 'lang' | 'summary' | 'period' | 'sources'>): string {
  const lang = plan.lang;
  const first = plan.sources[0];
  if (plan.summary?.scope === 'issue' && first !== undefined) {
    const label = first.issue.label ?? '';
    return lang === 'zh' ? `${label}共${plan.sources.length}篇报道：` : `Issue ${label}: ${plan.sources.length} articles.`;
  }
  if (plan.summary?.scope === 'period' && plan.period?.kind === 'latest') {
    return lang === 'zh'
      ? `截至${plan.period.to}，新闻通讯最新的${plan.sources.length}篇报道（由新到旧）：`
      : `The newsletters' ${plan.sources.length} newest items, as of ${plan.period.to} (newest first):`;
  }
  if (plan.summary?.scope === 'period' && plan.period !== null) {
    const { from, to } = plan.period;
    return lang === 'zh'
      ? `${from}至${to}期间，新闻通讯有${plan.sources.length}篇相关报道（按日期排列）：`
      : `Between ${from} and ${to}, the newsletters report ${plan.sources.length} related items (by date):`;
  }
  if (first === undefined) return '';
  return lang === 'zh'
    ? `《${first.title}》（${describeItem(first, lang)}）摘要：`
    : `Summary of “${first.title}” (${describeItem(first, lang)}):`;
}
