/**
 * The source pages over real HTTP on loopback, with the real assistant over the seed fixture: what each page
 * shows, 404s, escaping of hostile newsletter text, security headers, read-only methods and basic auth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcePageUrl } from '../../src/answer';
import { pairedEditions } from '../app/support/seed-assistant';
import { HOSTILE_FILE, startWebFixture, type WebFixture } from './support/web-fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture({ hostile: true });
}, 120_000);

afterAll(async () => {
  await web?.close();
});

async function get(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const response = await fetch(`${web.baseUrl}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/** The page's text with tags removed and the five HTML entities decoded (what a reader sees). */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/gu, ' ')
    .replace(/&lt;/gu, '<')
    .replace(/&gt;/gu, '>')
    .replace(/&quot;/gu, '"')
    .replace(/&#39;/gu, "'")
    .replace(/&amp;/gu, '&')
    .replace(/\s+/gu, ' ');
}

describe('GET /sources/<articleId>', () => {
  it('shows the item with its facts, anchored paragraphs and its other edition beside it', async () => {
    const { zh, en } = pairedEditions(web.seed.runtime.index.articles, 4);
    const page = await get(`/sources/${encodeURIComponent(en.id)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/u);
    const text = visibleText(page.body);
    expect(text).toContain(en.title);
    expect(text).toContain(zh.title);
    expect(text).toContain(en.source ?? 'no source');
    expect(page.body).toContain(`datetime="${en.date}"`);
    expect(page.body).toContain('id="p-1"');
    expect(page.body).toContain('id="pair-p-1"');
    expect(page.body).toContain('lang="zh-Hans"');
    // The issue is one click away.
    expect(page.body).toContain(`href="/issues/${encodeURIComponent(en.id.split('#')[0] ?? '')}"`);
  });

  it('marks the quoted passage, even when the link carries only its two ends', async () => {
    const { en } = pairedEditions(web.seed.runtime.index.articles, 4);
    const paragraph = en.body.split(/\n\s*\n/u)[1] ?? '';
    expect(paragraph.length).toBeGreaterThan(120);
    const url = new URL(sourcePageUrl(web.baseUrl, en.id, paragraph));
    expect(url.searchParams.get('hle')).not.toBeNull();
    const page = await get(`${url.pathname}${url.search}`);
    const marked = /<mark id="hl">([^<]*)<\/mark>/u.exec(page.body);
    expect(marked?.[1]?.replace(/&amp;/gu, '&')).toBe(paragraph);
  });

  it('says so when the quoted passage is not in the item any more, and still shows it', async () => {
    const { en } = pairedEditions(web.seed.runtime.index.articles, 4);
    const page = await get(`/sources/${encodeURIComponent(en.id)}?hl=${encodeURIComponent('a sentence that was never printed')}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<mark');
    expect(page.body).toContain('was not found in this version');
  });

  it('answers 404 with a page for unknown, malformed and path-traversing ids', async () => {
    for (const id of ['000_fbe4f82aa1b47969%23999', 'nope', '..%2F..%2Fpackage.json', '%2E%2E%2Fseeds%2F000_fbe4f82aa1b47969.txt', 'a%00b%231']) {
      const page = await get(`/sources/${id}`);
      expect(page.status, id).toBe(404);
      expect(page.body).toContain('not in the archive');
    }
    expect((await get('/issues/..%2F..%2Fetc')).status).toBe(404);
    expect((await get('/assets/..%2Fweb-app.ts')).status).toBe(404);
    expect((await get('/no/such/page')).status).toBe(404);
  });
});

describe('hostile newsletter text', () => {
  it('is shown as text: no tag, script or Slack link from the newsletter reaches the markup', async () => {
    const page = await get(`/sources/${encodeURIComponent(`${HOSTILE_FILE.replace('.txt', '')}#1`)}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/<script/iu);
    expect(page.body).not.toMatch(/<img/iu);
    expect(page.body).not.toMatch(/<b>/iu);
    expect(page.body).not.toContain('href="https://evil.example');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Quantum Lab Opens in Hefei');
    expect(page.body).toContain('&lt;https://evil.example|this link&gt; and &lt;!channel&gt;');
    // A Slack link stays literal text: no anchor, the brackets shown as written.
    expect(visibleText(page.body)).toContain('should read <https://evil.example|this link> and <!channel> ping.');
  });

  it('is escaped in the issue page, the search results and an answer too', async () => {
    const issue = await get(`/issues/${HOSTILE_FILE.replace('.txt', '')}`);
    const search = await get(`/?q=${encodeURIComponent('quantum laboratory Hefei')}`);
    const answer = await get(`/ask?q=${encodeURIComponent('When did the quantum laboratory in Hefei open?')}`);
    for (const page of [issue, search, answer]) {
      expect(page.status).toBe(200);
      expect(page.body).not.toMatch(/<script|<img/iu);
    }
    expect(issue.body).toContain('&lt;script&gt;');
    expect(search.body).toContain('&lt;script&gt;');
  });
});

describe('GET /issues/<issue>, / and /ask', () => {
  it('lists an issue’s items in order with their other editions, and links the issue in the other edition', async () => {
    const { zh, en } = pairedEditions(web.seed.runtime.index.articles, 4);
    const key = en.id.split('#')[0] ?? '';
    const page = await get(`/issues/${key}`);
    expect(page.status).toBe(200);
    const issueArticles = web.seed.runtime.index.articles.filter((article) => article.id.startsWith(`${key}#`)).sort((a, b) => a.position - b.position);
    const positions = issueArticles.map((article) => page.body.indexOf(`href="/sources/${encodeURIComponent(article.id)}"`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(page.body).toContain(`href="/sources/${encodeURIComponent(zh.id)}"`);
    expect(page.body).toContain(`href="/issues/${zh.id.split('#')[0]}"`);
  });

  it('shows the newest items and a search box, and search results for q', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<form method="get" action="/">');
    expect(home.body).toContain('Newest items');
    const { en } = pairedEditions(web.seed.runtime.index.articles, 4);
    const results = await get(`/?q=${encodeURIComponent('Clean Energy Research Center steering committee')}`);
    expect(results.body).toContain('Search results');
    expect(results.body).toContain(`href="/sources/${encodeURIComponent(en.id)}"`);
  });

  it('answers a question with numbered citations that link to their source pages with the quote highlighted', async () => {
    const page = await get(`/ask?q=${encodeURIComponent('When was the 8th CERC Steering Committee Meeting held?')}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<a class="marker" href="#c-1">\[1\]<\/a>/u);
    const link = /<li id="c-1"[^>]*>\s*<a class="title"[^>]*href="([^"]+)"/u.exec(page.body)?.[1]?.replace(/&amp;/gu, '&');
    expect(link).toMatch(/^\/sources\/[^?]+\?hl=/u);
    const source = await get(link ?? '/');
    expect(source.body).toContain('<mark id="hl">');
  });

  it('answers a question too long with 400 and an empty one by going home', async () => {
    expect((await get(`/ask?q=${'x'.repeat(2100)}`)).status).toBe(400);
    const empty = await get('/ask?q=');
    expect(empty.status).toBe(303);
    expect(empty.headers.get('location')).toBe('/');
  });
});

describe('safety', () => {
  it('sends a Content-Security-Policy that allows no script, and the usual security headers', async () => {
    const page = await get('/');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/script-src/u);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-powered-by')).toBeNull();
    // Every page is script-free, so the policy costs nothing.
    expect(page.body).not.toMatch(/<script/iu);
  });

  it('is read-only: other methods than GET and HEAD get 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await get('/', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await get('/', { method: 'HEAD' })).status).toBe(200);
  });

  it('serves the stylesheet', async () => {
    const css = await get('/assets/site.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/u);
    expect(css.body).toContain(':lang(zh)');
  });
});

describe('basic auth (WEB_BASIC_AUTH)', () => {
  it('asks every page for the configured user and password, and accepts only them', async () => {
    const guarded = await startWebFixture({ env: { WEB_BASIC_AUTH: 'reader:correct-horse-battery' } });
    try {
      const at = (path: string, credentials?: string) =>
        fetch(`${guarded.baseUrl}${path}`, credentials === undefined ? {} : { headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } });
      const anonymous = await at('/');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Newsletter sources"/u);
      expect((await at('/assets/site.css')).status).toBe(401);
      expect((await at('/', 'reader:wrong-password')).status).toBe(401);
      expect((await at('/', 'someone:correct-horse-battery')).status).toBe(401);
      expect((await at('/', 'reader:correct-horse-battery')).status).toBe(200);
      const { en } = pairedEditions(guarded.seed.runtime.index.articles, 4);
      expect((await at(`/sources/${encodeURIComponent(en.id)}`, 'reader:correct-horse-battery')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  }, 120_000);
});
