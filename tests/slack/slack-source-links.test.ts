/**
 * Source-page links in Slack (issue 13): with `PUBLIC_BASE_URL`, the real linking assistant puts each
 * citation's page (the quote highlighted) and its other edition's page into the answer's sources context
 * and into "Show original"; the HTTP receiver serves the pages on its own port while `/health` and
 * `/slack/events` stay as they were.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SourceLinkingAssistant, sourcePageUrl } from '../../src/answer';
import { createSilentLogger } from '../../src/core';
import { ANSWER_ACTION_IDS } from '../../src/slack';
import { createWebApp, WEB_ROUTE_PATTERNS } from '../../src/web';
import { articleFixtures, citationFixture, FakeAssistant } from './support/fake-assistant';
import { startHttpHarness, type HarnessAppOptions, type HttpHarness } from './support/http-harness';
import { answerTextsOf, waitForAnswer, type RecordedBlock } from './support/replies';
import { appMentionEvent, blockActionsBody, eventCallback } from './support/slack-events';

const PUBLIC_BASE_URL = 'https://newsletter.example.org';

let harness: HttpHarness | undefined;

async function start(options: HarnessAppOptions = {}): Promise<HttpHarness> {
  harness = await startHttpHarness(options);
  return harness;
}

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The Slack `<url|label>` links in a mrkdwn text, in order. */
function slackLinks(text: string): { url: string; label: string }[] {
  return [...text.matchAll(/<(https?:\/\/[^|>]+)\|([^>]*)>/gu)].map((match) => ({ url: match[1] ?? '', label: match[2] ?? '' }));
}

function showOriginalValue(blocks: readonly RecordedBlock[]): string {
  const buttons = blocks.filter((block) => block.type === 'actions').flatMap((block) => (block as unknown as { elements: { action_id: string; value: string }[] }).elements);
  const value = buttons.find((button) => button.action_id === ANSWER_ACTION_IDS.showOriginal)?.value;
  if (value === undefined) throw new Error('no Show original button');
  return value;
}

describe('answers with PUBLIC_BASE_URL', () => {
  it('link each cited title to its source page with the quote highlighted, and the other edition to its page', async () => {
    const fake = new FakeAssistant();
    const h = await start({ assistant: fake, realAssistant: new SourceLinkingAssistant(fake, PUBLIC_BASE_URL) });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    const links = slackLinks(answer.sourceLines.join('\n'));
    const citation = citationFixture();
    expect(links).toEqual([
      { url: sourcePageUrl(PUBLIC_BASE_URL, citation.articleId, citation.quote), label: citation.title },
      { url: sourcePageUrl(PUBLIC_BASE_URL, citation.pair?.articleId ?? ''), label: citation.pair?.title ?? '' },
    ]);
    const cited = new URL(links[0]?.url ?? '');
    expect(cited.pathname).toBe('/sources/004_cefe45b9264134e7%232');
    // The quote travels as its two ends (it is longer than a whole-quote link allows).
    expect(citation.quote.startsWith(cited.searchParams.get('hl') ?? '-')).toBe(true);
    expect(citation.quote.endsWith(cited.searchParams.get('hle') ?? '-')).toBe(true);
    expect(cited.hash).toBe('#hl');

    // "Show original" links both editions' titles too.
    await h.postForm(
      blockActionsBody({
        actionId: ANSWER_ACTION_IDS.showOriginal,
        value: showOriginalValue(answer.blocks),
        responseUrl: h.responseUrl(),
        user: 'U0READER',
        messageTs: answer.ts,
        threadTs: mention['ts'] as string,
      }),
    );
    const [ephemeral] = await h.fake.waitForCalls('chat.postEphemeral', 1);
    const shown = answerTextsOf((ephemeral?.body['blocks'] ?? []) as RecordedBlock[]).join('\n');
    expect(slackLinks(shown).map((link) => link.url)).toEqual(links.map((link) => link.url));
  });

  it('leave the titles unlinked without PUBLIC_BASE_URL', async () => {
    const h = await start();
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    expect(slackLinks(answer.sourceLines.join('\n'))).toEqual([]);
  });

  it('show the item’s own published link after its source line, and never a link that would break the mrkdwn', async () => {
    const fake = new FakeAssistant();
    fake.answerWith((question) => ({
      question,
      found: true,
      answer: 'Held in Beijing [1] and reported elsewhere [2].',
      lang: 'en',
      mode: 'extractive',
      kind: 'answer',
      citations: [
        citationFixture({ link: 'https://www.most.gov.cn/kjbgz/201606/t20160605.html' }),
        citationFixture({ n: 2, pair: null, link: 'javascript:alert(1)', url: 'https://x.example/a|b>c' }),
      ],
      related: [],
    }));
    const h = await start({ assistant: fake });
    const mention = appMentionEvent();
    await h.post(eventCallback(mention));
    const answer = await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
    expect(answer.sourceLines[0]).toContain(' · <https://www.most.gov.cn/kjbgz/201606/t20160605.html|original>');
    expect(answer.sourceLines[1]).not.toContain('javascript:');
    expect(answer.sourceLines[1]).not.toContain('x.example');
    expect(answer.sourceLines[1]).toContain('[2] *7th China-US Innovation Dialogue Held in Beijing*');
  });
});

describe('the HTTP receiver with the source pages mounted', () => {
  it('serves the pages on its port, keeps /health and the signed events endpoint as they were', async () => {
    const articles = articleFixtures();
    const web = createWebApp({
      archive: { articles: () => articles, search: () => Promise.resolve([]), ask: () => Promise.reject(new Error('not asked here')) },
      basicAuth: null,
      logger: createSilentLogger(),
    });
    const h = await start({ pages: { patterns: WEB_ROUTE_PATTERNS, handler: (request, response) => void web(request, response) }, health: () => ({ articles: 2 }) });

    const page = await fetch(`${h.baseUrl}/sources/${encodeURIComponent('004_cefe45b9264134e7#2')}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('7th China-US Innovation Dialogue Held in Beijing');
    expect(html).toContain('第七次中美创新对话在京举行');
    expect((await fetch(`${h.baseUrl}/sources/unknown%231`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/issues/004_cefe45b9264134e7`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/assets/site.css`)).status).toBe(200);

    const health = await fetch(`${h.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toContain('application/json');
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'http', articles: 2 });

    // Events still need a valid signature; the pages did not open a way around it.
    const unsigned = await h.post(eventCallback(appMentionEvent()), { signingSecret: 'wrong-secret' });
    expect(unsigned.status).toBe(401);
    const mention = appMentionEvent();
    expect((await h.post(eventCallback(mention))).status).toBe(200);
    await waitForAnswer(h.fake, h.log, 'C0GENERAL', mention['ts'] as string);
  });
});
