/**
 * Extractive answers over a real index of a temp copy of the seed fixture (hashed embedder, temp folder): citations that
 * match what they quote, the asker's language and edition, refusals for what the newsletters never say,
 * source questions, and follow-ups. Questions are written from the seeds, not taken from dev.jsonl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer, type AnswerResult, type Assistant, type Citation, type ConversationTurn } from '../../src/answer';
import { InputError, type Article } from '../../src/core';
import type { HybridRetriever } from '../../src/retrieve';
import {
  CHINESE_ISSUE_FILE,
  ENGLISH_ISSUE_FILE,
  groundTruthEntry,
  openSeedAssistant,
  pairedEditions,
  type SeedAssistant,
} from '../app/support/seed-assistant';
import { makeEnglishArticle, makeSyntheticRetriever } from './support/synthetic-corpus';
import { detectLanguage } from '../../src/language';

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

function citedArticle(citation: Citation): Article {
  const article = retriever.article(citation.articleId);
  if (article === undefined) throw new Error(`citation of unknown article ${citation.articleId}`);
  return article;
}

/**
 * The answer's sentences with the marker number after each: `sentence [n]` pieces, per line. Only for
 * plain fact answers (no attribution lead-in, no other-edition note).
 */
function markedSentences(answer: AnswerResult): { readonly sentence: string; readonly n: number }[] {
  return answer.answer.split('\n').flatMap((line) => {
    const pieces = line.split(/\s*\[(\d+)\]\s*/u);
    const marked: { sentence: string; n: number }[] = [];
    for (let index = 0; index + 1 < pieces.length; index += 2) marked.push({ sentence: (pieces[index] ?? '').trim(), n: Number(pieces[index + 1]) });
    return marked;
  });
}

/** Fact questions, each about one article of newsletter No. 23 (position), in both languages. */
const FACT_QUESTIONS = [
  { lang: 'en', position: 4, question: 'Who signed the amendment to the CERC protocol?' },
  { lang: 'en', position: 8, question: 'Which center was inaugurated at the China-CEEC conference?' },
  { lang: 'en', position: 5, question: 'What is the total investment of the China-US innovation park in Qingdao?' },
  { lang: 'zh', position: 6, question: '中美农业科技合作第十四次联合工作组会议在哪里召开？' },
  { lang: 'zh', position: 11, question: '南非高技术展示会有多少家参展单位？' },
  { lang: 'zh', position: 4, question: '中美清洁能源联合研究中心第八次指导委员会会议由谁主持？' },
] as const;

describe('citations', () => {
  it.each(FACT_QUESTIONS)('cites the article it quotes, with that article’s metadata: $question', async ({ question }) => {
    const answer = await assistant.ask(question);
    expect(answer.found).toBe(true);
    expect(answer.mode).toBe('extractive');
    expect(answer.citations.map((citation) => citation.n)).toEqual(answer.citations.map((_, index) => index + 1));
    for (const citation of answer.citations) {
      const article = citedArticle(citation);
      expect(answer.answer).toContain(`[${citation.n}]`);
      expect(citation).toMatchObject({
        title: article.title,
        source: article.source,
        date: article.date,
        issue: article.issue.label,
        lang: article.lang,
        file: article.file,
      });
      expect(citation.quote.length).toBeGreaterThan(0);
    }
    // Every sentence of the answer is verbatim from the article its marker names.
    const sentences = markedSentences(answer);
    expect(sentences.length).toBeGreaterThan(0);
    for (const { sentence, n } of sentences) {
      const citation = answer.citations.find((candidate) => candidate.n === n);
      expect(citation, `marker [${n}] without a citation`).toBeDefined();
      if (citation !== undefined) expect(citedArticle(citation).body).toContain(sentence);
    }
  });

  it.each(FACT_QUESTIONS)('cites the edition of No. 23 article $position the question is about: $question', async ({ position, question }) => {
    const editions = pairedEditions(retriever.articles, position);
    const answer = await assistant.ask(question);
    expect([editions.zh.id, editions.en.id]).toContain(answer.citations[0]?.articleId);
  });

  it('quotes a one-sentence answer verbatim', async () => {
    const answer = await assistant.ask('Who signed the amendment to the CERC protocol?');
    const [citation] = answer.citations;
    expect(citation).toBeDefined();
    if (citation !== undefined) expect(citedArticle(citation).body).toContain(citation.quote);
    expect(citation?.quote).toContain('Amendment to the Protocol');
  });

  // Regression (fixed): ExtractiveAnswerer.ask built `quote` as the picked sentences joined with '' (zh) or ' ' (en)
  // (src/answer/extractive-answerer.ts, `const quote = sentences.join(…)`). When the picked sentences are
  // not adjacent, the quote is a splice that appears nowhere in the article, although Citation.quote is
  // documented as "the cited passage, verbatim from the article". Expected: one quote per passage (or
  // only adjacent sentences); actual: "<sentence 1> <sentence 3>".
  it('keeps the quote verbatim when the answer takes sentences that are not adjacent', async () => {
    const article = makeEnglishArticle({
      body: [
        'The Moonbeam Institute opened a quantum sensing laboratory in Harbin.',
        'Officials toured the canteen and walked through the garden.',
        'The Harbin laboratory of the Moonbeam Institute focuses on quantum sensing.',
      ].join(' '),
    });
    const other = makeEnglishArticle({ position: 2, id: '900_synthetic#2', title: 'Rice Harvest Festival', body: 'Farmers celebrated the rice harvest in Hunan.' });
    const answerer = new ExtractiveAnswerer(await makeSyntheticRetriever([article, other]));
    const answer = await answerer.ask('What quantum sensing laboratory did the Moonbeam Institute open in Harbin?');
    expect(answer.found).toBe(true);
    expect(markedSentences(answer)).toHaveLength(2); // the first and the third sentence
    expect(article.body).toContain(answer.citations[0]?.quote);
  });

  // Regression guard (bug at commit 72c3381): the answer quoted only the sentence richest in the topic's
  // words ("The 8th Steering Committee Meeting … was held in Beijing on 1 July 2016.") and dropped the one
  // that answers the question ("Yin Hejun, … chaired the meeting.").
  it('names the person a "who chaired" question asks for', async () => {
    const answer = await assistant.ask('Who chaired the 8th CERC Steering Committee Meeting?');
    expect(answer.found).toBe(true);
    expect(answer.answer).toContain('Yin Hejun');
  });
});

describe('answerable questions', () => {
  // Regression guard (bug at commit 72c3381): these were refused (found: false) although the article
  // states the fact, because words of the question that the article phrases differently ("visitors",
  // "came", "group"; 参加) counted fully against coverage.
  it.each([
    { question: 'How many Japanese visitors came in the first group of the young scientists exchange program?', position: 10, fact: '78' },
    { question: '一带一路科技创新国际研讨会有多少名科学家参加？', position: 9, fact: '350名科学家' },
  ])('answers with the fact and its article: $question', async ({ question, position, fact }) => {
    const editions = pairedEditions(retriever.articles, position);
    const answer = await assistant.ask(question);
    expect(answer.found).toBe(true);
    expect([editions.zh.id, editions.en.id]).toContain(answer.citations[0]?.articleId);
    expect(answer.answer).toContain(fact);
  });

  // Regression (fixed by the IDF-weighted answer gate): "What agreement did China sign with Latvia?" is
  // answered found: true from the ERC interview (004 #7, about the EU–NSFC agreement), which never
  // mentions Latvia. The gate (ExtractiveAnswerer.ask, `best.coverage < this.minCoverage`) uses unweighted
  // coverage: "agreement", "China", "sign" are 3 of 4 terms = 0.75 ≥ 0.7, so the one term that names the
  // subject may be missing. The Latvia article itself (002 #4, Chinese only; the glossary maps Latvia ↔
  // 拉脱维亚) covers only "China" and "Latvia" (0.5) and ranks below. Expected: 002 #4, or found: false.
  it('does not answer a question about Latvia from an article that never mentions Latvia', async () => {
    const answer = await assistant.ask('What agreement did China sign with Latvia?');
    for (const citation of answer.citations) {
      const article = citedArticle(citation);
      const pair = article.pairId === null ? undefined : retriever.article(article.pairId);
      expect(`${article.body}\n${pair?.body ?? ''}`).toMatch(/Latvia|拉脱维亚/u);
    }
  });
});

describe('the asker’s language and edition', () => {
  it('answers a Chinese question about a paired article from the Chinese edition, pointing to the English one', async () => {
    const editions = pairedEditions(retriever.articles, 6);
    const answer = await assistant.ask('中美农业科技合作第十四次联合工作组会议在哪里召开？');
    expect(answer.lang).toBe('zh');
    expect(detectLanguage(answer.answer)).toBe('zh');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      articleId: editions.zh.id,
      lang: 'zh',
      pair: { articleId: editions.en.id, title: editions.en.title, lang: 'en', file: editions.en.file },
    });
  });

  it('answers an English question about the same article from the English edition, pointing to the Chinese one', async () => {
    const editions = pairedEditions(retriever.articles, 6);
    const answer = await assistant.ask('Where was the 14th session of the China-US agricultural joint working group held?');
    expect(answer.lang).toBe('en');
    expect(detectLanguage(answer.answer)).toBe('en');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]).toMatchObject({
      articleId: editions.en.id,
      lang: 'en',
      pair: { articleId: editions.zh.id, title: editions.zh.title, lang: 'zh', file: editions.zh.file },
    });
  });

  it('states no pair for an article printed in one language only', async () => {
    const latvia = retriever.articles.find((article) => article.title === groundTruthEntry('002_2c1c661e719975d5.txt', 4).title);
    const answer = await assistant.ask('中国和拉脱维亚签署了什么科技合作协定？');
    expect(answer.citations[0]?.articleId).toBe(latvia?.id);
    expect(answer.citations[0]?.pair).toBeNull();
  });

  it('refuses in the asker’s language', async () => {
    const english = await assistant.ask('What did the newsletter say about the Mars rover landing in 2030?');
    const chinese = await assistant.ask('2025年诺贝尔物理学奖颁给了谁？');
    expect([english.lang, chinese.lang]).toEqual(['en', 'zh']);
    expect(detectLanguage(english.answer)).toBe('en');
    expect(detectLanguage(chinese.answer)).toBe('zh');
  });
});

describe('questions the newsletters do not answer', () => {
  it.each([
    'What did the newsletter say about the Mars rover landing in 2030?',
    '2025年诺贝尔物理学奖颁给了谁？',
    'What did the newsletter report about the Winter Olympics in Harbin?',
    '新闻通讯如何报道2022年北京冬奥会的开幕式？',
  ])('answers found: false with no citations: %s', async (question) => {
    const answer = await assistant.ask(question);
    expect(answer.found).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).not.toMatch(/\[\d+\]/u);
    expect(answer.question).toBe(question);
  });

  it('throws InputError for an empty question', async () => {
    await expect(assistant.ask('  ')).rejects.toBeInstanceOf(InputError);
  });
});

describe('source and date questions', () => {
  // The phrasings after the first were refused at commit 72c3381 (regression guard): their framing words
  // ("story", "come", "newspaper"; 出自, 媒体) counted as terms the article had to contain.
  it.each([
    { position: 5, question: 'Who reported the launch of the China-US Innovation Park in Qingdao?', lang: 'en' },
    { position: 5, question: 'Where did the story about the Qingdao innovation park come from?', lang: 'en' },
    { position: 5, question: 'Which newspaper reported the launch of the China-US Innovation Park in Qingdao?', lang: 'en' },
    { position: 5, question: '中美科技创新园落地青岛的报道出自哪家媒体？', lang: 'zh' },
    { position: 6, question: '中美农业科技合作联合工作组会议的消息是谁报道的？', lang: 'zh' },
    { position: 5, question: '中美科技创新园是什么时候在青岛启动的？', lang: 'zh' },
  ] as const)('names the outlet and the date of the cited edition: $question', async ({ position, question, lang }) => {
    const truth = groundTruthEntry(lang === 'zh' ? CHINESE_ISSUE_FILE : ENGLISH_ISSUE_FILE, position);
    const answer = await assistant.ask(question);
    expect(answer.found).toBe(true);
    expect(answer.lang).toBe(lang);
    const [citation] = answer.citations;
    // The outlet and date the newsletter prints for this edition (tests/fixtures/articles.md).
    expect(citation?.title).toBe(truth.title);
    expect(citation?.source).toBe(truth.source);
    expect(citation?.date).toBe(truth.sourceDate);
    expect(answer.answer).toContain(truth.source ?? '(no source)');
    expect(answer.answer).toContain(truth.sourceDate ?? '(no date)');
  });
});

describe('follow-up questions', () => {
  async function turn(question: string, history: readonly ConversationTurn[] = []): Promise<ConversationTurn[]> {
    const answer = await assistant.ask(question, { history });
    return [...history, { question, answer }];
  }

  it('keeps a short follow-up on the previous topic (English)', async () => {
    const cerc = pairedEditions(retriever.articles, 4);
    const history = await turn('Who chaired the 8th CERC Steering Committee Meeting?');
    const followUp = await assistant.ask('Who attended?', { history });
    expect(followUp.found).toBe(true);
    expect(followUp.citations[0]?.articleId).toBe(cerc.en.id);
    // Without the thread, the same words lead elsewhere: the history is what kept it on topic.
    const alone = await assistant.ask('Who attended?');
    expect(alone.citations[0]?.articleId).not.toBe(cerc.en.id);
  });

  it('keeps a short follow-up on the previous topic (Chinese)', async () => {
    const qingdao = pairedEditions(retriever.articles, 5);
    const history = await turn('青岛的中美国际科技创新园和哪些机构合作？');
    expect(history[0]?.answer.citations[0]?.articleId).toBe(qingdao.zh.id);
    const followUp = await assistant.ask('总投资多少？', { history });
    expect(followUp.found).toBe(true);
    expect(followUp.lang).toBe('zh');
    expect(followUp.citations[0]?.articleId).toBe(qingdao.zh.id);
    const alone = await assistant.ask('总投资多少？');
    expect(alone.citations[0]?.articleId).not.toBe(qingdao.zh.id);
  });

  it('treats a full new question in a thread as a new topic', async () => {
    const history = await turn('Who chaired the 8th CERC Steering Committee Meeting?');
    const ceec = groundTruthEntry(ENGLISH_ISSUE_FILE, 8);
    const answer = await assistant.ask('Which center was inaugurated at the China-CEEC conference in Nanjing?', { history });
    expect(answer.citations[0]?.title).toBe(ceec.title);
  });

  // Regression guard (bug at commit 72c3381): the follow-up was answered with the previous answer's
  // sentence only ("… was held in Beijing on 1 July 2016."), not with who attended.
  it('answers the follow-up itself, not only the previous question again (English)', async () => {
    const history = await turn('Who chaired the 8th CERC Steering Committee Meeting?');
    const followUp = await assistant.ask('Who attended?', { history });
    expect(followUp.answer).toContain('Ernest Moniz');
  });

  // Regression (fixed): the Chinese follow-up "总投资多少？" after a question on the Qingdao park stays on the right article
  // but quotes the same three sentences as the first answer; the one sentence that answers it,
  // "本项目总投资50亿元，…", is not among them. ExtractiveAnswerer.ask scores sentences with the terms of
  // `${previous question} ${follow-up}` alike, so the first question's topic words decide.
  it('answers the follow-up itself, not only the previous question again (Chinese)', async () => {
    const history = await turn('青岛的中美国际科技创新园和哪些机构合作？');
    const followUp = await assistant.ask('总投资多少？', { history });
    expect(followUp.answer).toContain('50亿元');
  });

  // Regression (fixed): only the last turn's question is prepended (ExtractiveAnswerer.ask:
  // `followUp ? \`${lastTurn.question} ${question}\` : question`), so after two short follow-ups the topic
  // is lost: "When was it?" after "Who attended?" after the CERC question is searched as
  // "Who attended? When was it?" and answered from the China-CEEC conference article (004 #8).
  it('keeps the topic over two follow-ups in a row', async () => {
    const cerc = pairedEditions(retriever.articles, 4);
    let history = await turn('Who chaired the 8th CERC Steering Committee Meeting?');
    history = await turn('Who attended?', history);
    expect(history[1]?.answer.citations[0]?.articleId).toBe(cerc.en.id);
    const third = await assistant.ask('When was it?', { history });
    expect(third.citations[0]?.articleId).toBe(cerc.en.id);
  });
});
