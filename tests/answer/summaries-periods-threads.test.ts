/**
 * Extractive summaries (article, issue, period), dates as first-class facts (period boosts, "as of"),
 * refusals that name the nearest dated items, and follow-ups kept on the thread's sources — over the
 * real seeds with the hashed embedder. Questions are written from the seeds, not taken from dev.jsonl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assistant, ConversationTurn } from '../../src/answer';
import type { HybridRetriever } from '../../src/retrieve';
import { articleTitled, openSeedAssistant, pairedEditions, type SeedAssistant } from '../app/support/seed-assistant';

let seed: SeedAssistant;
let assistant: Assistant;
let retriever: HybridRetriever;

beforeAll(async () => {
  seed = await openSeedAssistant();
  assistant = seed.runtime.assistant;
  retriever = seed.runtime.retriever;
});
afterAll(async () => {
  await seed.temp.remove();
});

describe('article summaries', () => {
  it('summarises the whole article asked about, in the asker’s edition, every point cited', async () => {
    const qingdao = pairedEditions(retriever.articles, 5);
    const answer = await assistant.ask('Summarize the article about the China-US innovation park in Qingdao');
    expect(answer).toMatchObject({ found: true, kind: 'summary', lang: 'en' });
    expect(answer.citations.map((citation) => citation.articleId)).toEqual([qingdao.en.id]);
    expect(answer.answer).toContain(qingdao.en.title);
    const sentences = answer.answer.split('\n').slice(1).join(' ').split(/\s*\[1\]\s*/u).filter((sentence) => sentence.trim() !== '');
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    for (const sentence of sentences) expect(qingdao.en.body).toContain(sentence.trim());
  });

  it('summarises from the Chinese edition for a Chinese request', async () => {
    const qingdao = pairedEditions(retriever.articles, 5);
    const answer = await assistant.ask('总结一下青岛中美科技创新园那篇报道');
    expect(answer).toMatchObject({ found: true, kind: 'summary', lang: 'zh' });
    expect(answer.citations[0]?.articleId).toBe(qingdao.zh.id);
    expect(answer.citations[0]?.pair?.articleId).toBe(qingdao.en.id);
  });
});

describe('issue summaries', () => {
  it.each([
    { question: 'Summarize issue No. 23', lang: 'en' },
    { question: '总结一下第23期', lang: 'zh' },
  ] as const)('covers every article of the issue once, in the asker’s edition: $question', async ({ question, lang }) => {
    const inIssue = retriever.articles.filter((article) => article.lang === lang && article.issue.number === '23');
    expect(inIssue.length).toBeGreaterThan(5);
    const answer = await assistant.ask(question);
    expect(answer).toMatchObject({ found: true, kind: 'summary', lang });
    expect(answer.citations.map((citation) => citation.articleId).sort()).toEqual(inIssue.map((article) => article.id).sort());
    expect(answer.citations.map((citation) => citation.n)).toEqual(inIssue.map((_, index) => index + 1));
  });

  it('reads "this issue" as the issue of the thread’s last source', async () => {
    const first = await assistant.ask('延庆能源互联网示范区有什么特点？');
    const cited = retriever.article(first.citations[0]?.articleId ?? '');
    expect(cited?.issue.label).toBeTruthy();
    const answer = await assistant.ask('总结一下这一期', { history: [{ question: '延庆能源互联网示范区有什么特点？', answer: first }] });
    expect(answer.found).toBe(true);
    const labels = new Set(answer.citations.map((citation) => citation.issue));
    expect([...labels]).toEqual([cited?.issue.label]);
  });

  it('says so when the issue does not exist', async () => {
    const answer = await assistant.ask('Summarize issue No. 999');
    expect(answer).toMatchObject({ found: false, citations: [] });
    expect(answer.answer).toMatch(/could not find that issue/u);
  });
});

describe('period summaries and lists', () => {
  it('lists the matching articles of a period in date order, each cited with its date', async () => {
    const answer = await assistant.ask('2016年11月在中国召开了哪些国际会议？');
    expect(answer.found).toBe(true);
    const dates = answer.citations.map((citation) => citation.date ?? '');
    expect(dates.length).toBeGreaterThanOrEqual(2);
    for (const date of dates) expect(date.startsWith('2016-11')).toBe(true);
    expect([...dates].sort()).toEqual(dates);
  });

  it('summarises a topic over a year from articles of that year only', async () => {
    const answer = await assistant.ask('What happened in China-Russia innovation cooperation in 2018?');
    expect(answer).toMatchObject({ found: true, kind: 'summary' });
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const citation of answer.citations) expect(citation.date?.startsWith('2018')).toBe(true);
    expect(answer.answer).toContain('2018-01-01');
  });
});

describe('dates as facts', () => {
  it.each(['What is the latest news?', '最新有什么报道？'])('lists the newest items, newest first, for "%s"', async (question) => {
    const newest = retriever.newestDate;
    const answer = await assistant.ask(question);
    expect(answer.found).toBe(true);
    const dates = answer.citations.map((citation) => citation.date ?? '');
    expect(dates[0]).toBe(newest);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('prefers the article dated in the period the question names', async () => {
    const mining = articleTitled(retriever.articles, '中南首个矿产资源联合研究中心揭牌');
    const answer = await assistant.ask('What did China and South Africa agree on in 2018?');
    expect(answer.citations[0]?.articleId).toBe(mining.id);
    expect(answer.citations[0]?.date).toBe('2018-10-10');
  });

  it('answers a current-state question from the newest article that answers it as well', async () => {
    const mining = articleTitled(retriever.articles, '中南首个矿产资源联合研究中心揭牌');
    const answer = await assistant.ask('What is the current state of China-South Africa cooperation?');
    expect(answer.citations[0]?.articleId).toBe(mining.id);
    expect(answer.answer).toMatch(/^(?:.*\n)?As of 2018-10-10, /u);
  });

  it('says "as of" the source date for a question about the current state', async () => {
    const answer = await assistant.ask('What is the current state of China-EU science and innovation cooperation?');
    expect(answer.found).toBe(true);
    expect(answer.answer).toMatch(new RegExp(`As of ${answer.citations[0]?.date ?? 'no date'}`, 'u'));
  });
});

describe('refusals', () => {
  it('names the nearest dated items, without citing them', async () => {
    const answer = await assistant.ask('中俄创新对话的预算是多少亿卢布？');
    expect(answer).toMatchObject({ found: false, citations: [] });
    expect(answer.related.length).toBeGreaterThan(0);
    const nearest = answer.related[0];
    expect(nearest?.title).toContain('中俄');
    expect(answer.answer).toContain(nearest?.title ?? '');
    expect(answer.answer).toContain(nearest?.date ?? '');
    expect(answer.answer).not.toMatch(/\[\d+\]/u);
  });
});

describe('thread follow-ups', () => {
  it('answers a follow-up that refers back ("它") from the thread’s sources', async () => {
    const forum = articleTitled(retriever.articles, '2018 浦江创新论坛在上海召开');
    const first = await assistant.ask('2018浦江创新论坛在哪里召开？');
    expect(first.citations[0]?.articleId).toBe(forum.id);
    const history: ConversationTurn[] = [{ question: '2018浦江创新论坛在哪里召开？', answer: first }];
    const followUp = await assistant.ask('它的主题是什么？', { history });
    expect(followUp.found).toBe(true);
    expect(followUp.citations[0]?.articleId).toBe(forum.id);
    expect(followUp.answer).toContain('主题');
  });

  // Issue 11 (conversations): a follow-up that names its own topic is a new question; a bare one keeps the
  // thread's latest articles, in either language.
  it('a follow-up naming its own topic after an unrelated question answers about that topic, and "summarize it" then stays with it', async () => {
    const dialogue = articleTitled(retriever.articles, '7th China-US Innovation Dialogue Held in Beijing');
    const energy = articleTitled(retriever.articles, '能源也能“互相联网”，经济又高效！');
    const history: ConversationTurn[] = [];
    const ask = async (question: string) => {
      const answer = await assistant.ask(question, { history: [...history] });
      history.push({ question, answer });
      return answer;
    };
    expect((await ask('What did the two sides discuss at the 7th China-US Innovation Dialogue?')).citations[0]?.articleId).toBe(dialogue.id);
    const named = await ask('延庆能源互联网示范区那篇讲了什么？');
    expect(named.citations.map((citation) => citation.articleId)).toEqual([energy.id]);
    const bare = await ask('summarize it');
    expect(bare.citations.map((citation) => citation.articleId)).toEqual([energy.id]);
    const bareChinese = await ask('总结一下');
    expect(bareChinese.citations[0]?.articleId).toBe(energy.id);
  });
});
