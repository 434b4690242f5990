/**
 * The whole click-through in headless Chromium (issue 13): a Slack answer's citation link → the source
 * page → the highlighted passage is visible → the paired edition is shown → the issue page → back to the
 * archive and a search. Everything is real: the assistant over the seed fixture, the Bolt app in HTTP mode
 * receiving a signed event over loopback and answering through the fake Web API, the source pages served on
 * the receiver's own port, and Debian's Chromium driven by playwright-core. Screenshots go to `.tmp/`.
 *
 * Without Chromium the test says so loudly and is skipped on a developer's machine; with `CI=true` it fails.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSourceLinks, type Assistant } from '../../src/answer';
import { AssistantHost } from '../../src/app';
import { sourcePagesHandler } from '../../src/cli/source-pages';
import { createSilentLogger } from '../../src/core';
import { WEB_ROUTE_PATTERNS } from '../../src/web';
import { openSeedAssistant, pairedEditions, type SeedAssistant } from '../app/support/seed-assistant';
import { FAKE_SLACK_IDENTITY } from '../slack/support/fake-slack-api';
import { startHttpHarness, type HttpHarness } from '../slack/support/http-harness';
import { waitForAnswer } from '../slack/support/replies';
import { appMentionEvent, eventCallback } from '../slack/support/slack-events';
import { findChromium, NO_CHROMIUM_MESSAGE } from '../support/chromium';
import { standInForMissingExecutable } from '../support/find-executable';

const SCREENSHOTS = path.resolve(import.meta.dirname, '..', '..', '.tmp', 'screenshots');
const executablePath = findChromium();

if (executablePath === null) {
  process.stderr.write(`\n${'!'.repeat(100)}\n${NO_CHROMIUM_MESSAGE}\n${'!'.repeat(100)}\n\n`);
}

describe('a browser follows a Slack citation to its source', () => {
  if (executablePath === null) {
    standInForMissingExecutable('Chromium', NO_CHROMIUM_MESSAGE);
    return;
  }

  let seed: SeedAssistant;
  let harness: HttpHarness;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const logger = createSilentLogger();
    seed = await openSeedAssistant({ logger });
    const host = new AssistantHost(seed.runtime, logger);
    // PUBLIC_BASE_URL is the receiver's own address, known once it listens: linked with the real withSourceLinks.
    let publicBaseUrl = 'http://127.0.0.1';
    const linked: Assistant = {
      ask: async (question, options) => withSourceLinks(await host.ask(question, options), publicBaseUrl),
      article: (articleId) => host.article(articleId),
    };
    harness = await startHttpHarness({ realAssistant: linked, pages: { patterns: WEB_ROUTE_PATTERNS, handler: sourcePagesHandler(seed.config, host, logger) } });
    publicBaseUrl = harness.baseUrl;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await seed?.temp.remove();
  });

  it('opens the cited passage highlighted beside the other edition, then the issue, then searches the archive', async () => {
    const { zh, en } = pairedEditions(seed.runtime.index.articles, 4);
    const mention = appMentionEvent({ text: `<@${FAKE_SLACK_IDENTITY.botUserId}> When was the 8th CERC Steering Committee Meeting held?` });
    await harness.post(eventCallback(mention));
    const answer = await waitForAnswer(harness.fake, harness.log, 'C0GENERAL', mention['ts'] as string);
    const link = /<(http:\/\/127\.0\.0\.1:\d+\/sources\/[^|>]+)\|([^>]*)>/u.exec(answer.sourceLines.join('\n'));
    expect(link, answer.sourceLines.join('\n')).not.toBeNull();
    expect(link?.[2]).toBe(en.title);

    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(link?.[1] ?? '');
    expect(response?.status()).toBe(200);

    // The cited passage is highlighted and scrolled into view (the #hl fragment; no script on the page).
    const mark = page.locator('mark#hl');
    await expect.poll(() => mark.isVisible()).toBe(true);
    const box = await mark.boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? -1) >= 0 && (box?.y ?? Infinity) < 860).toBe(true);
    expect(en.body.replace(/\s+/gu, ' ')).toContain((await mark.innerText()).replace(/\s+/gu, ' ').trim());
    await page.screenshot({ path: path.join(SCREENSHOTS, '1-source-highlight.png') });

    // The paired edition stands beside it, in Chinese.
    const other = page.locator('.edition-head.other h1');
    expect(await other.innerText()).toBe(zh.title);
    expect(await page.locator('.cell.other[lang="zh-Hans"], article.other[lang="zh-Hans"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '2-source-full.png'), fullPage: true });

    // One click to the issue: its items in order, this one among them.
    await page.locator('nav.crumbs a[href^="/issues/"]').click();
    await page.waitForURL(/\/issues\//u);
    expect(await page.locator(`a.title[href="/sources/${encodeURIComponent(en.id)}"]`).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, '3-issue.png'), fullPage: true });

    // Back to the archive and search it.
    await page.locator('nav.crumbs a[href="/"]').click();
    await page.waitForURL(/\/$/u);
    await page.locator('#q').fill('Clean Energy Research Center');
    await page.locator('#q').press('Enter');
    await page.waitForURL(/\?q=/u);
    expect(await page.locator(`a.title[href="/sources/${encodeURIComponent(en.id)}"]`).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '4-search.png'), fullPage: true });

    // The same source page on a phone: one column, the passage still highlighted.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, javaScriptEnabled: false });
    const phonePage = await phone.newPage();
    await phonePage.goto(link?.[1] ?? '');
    await expect.poll(() => phonePage.locator('mark#hl').isVisible()).toBe(true);
    // Evaluated in the page (a string: the DOM's types are not this project's).
    const columns = String(await phonePage.evaluate("getComputedStyle(document.querySelector('.aligned .row')).gridTemplateColumns"));
    expect(columns.trim().split(/\s+/u)).toHaveLength(1);
    await phonePage.screenshot({ path: path.join(SCREENSHOTS, '5-source-phone.png') });
    await phone.close();
    await context.close();
  }, 120_000);
});
