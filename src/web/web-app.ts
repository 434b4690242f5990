/**
 * The source pages as an Express application: read-only, server-rendered HTML with no JavaScript.
 *
 * - `GET /sources/<articleId>[?hl=<start>&hle=<end>]`: an article, its other edition beside it, the cited
 *   passage marked (see `answer/source-links.ts` for the link shape).
 * - `GET /issues/<issue key>`: the items of one newsletter file, in order, with their editions.
 * - `GET /?q=`: the newest items and issues, and hybrid search results for `q`.
 * - `GET /ask?q=`: an answer with its numbered citations linking to the source pages.
 * - `GET /assets/site.css`: the stylesheet.
 *
 * Safety: every newsletter text reaches the page through Nunjucks with auto-escaping on (templates under
 * `templates/`); ids are only looked up in the loaded index, never used as paths; other methods than
 * GET/HEAD get 405; helmet sets the security headers with a Content-Security-Policy that allows no script
 * at all; with `basicAuth` every page asks for HTTP basic auth (compared in constant time).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import parseBasicAuth from 'basic-auth';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { parseHighlightParameters, sourcePagePath } from '../answer';
import { InputError, QuestionTooLongError, toAssistantError, type Logger } from '../core';
import { catalogOf, type SourceArchive } from './archive';
import { HOME_PAGE_LIMITS, askPageModel, homePageModel, issuePageModel, sourcePageModel } from './page-models';

/** Options of {@link createWebApp}. */
export interface WebAppOptions {
  readonly archive: SourceArchive;
  /** Credentials every request must present (HTTP basic auth); null = open. */
  readonly basicAuth: { readonly user: string; readonly password: string } | null;
  readonly logger: Logger;
}

/** A Node request handler: what Bolt's custom routes and `http.createServer` call. */
export type WebRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Path patterns the pages answer, for a host server that routes by pattern (Bolt's `customRoutes`, path-to-regexp syntax). */
export const WEB_ROUTE_PATTERNS: readonly string[] = Object.freeze(['/', '/ask', '/sources/:id', '/issues/:key', '/assets/:file']);

/** Longest accepted article id or issue key, in characters; longer ones are answered 404 without a lookup. */
const MAX_ID_CHARACTERS = 300;

/** Longest search query or question read from a URL, in characters (a question's own limit applies after). */
const MAX_QUERY_CHARACTERS = 4000;

const TEMPLATES_DIR = fileURLToPath(new URL('./templates', import.meta.url));
const ASSETS_DIR = fileURLToPath(new URL('./assets', import.meta.url));

/** True for an id that can name an article or issue: no path separators, control characters or `..`. */
export function isPlausibleId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_CHARACTERS && !id.includes('..') && !/[/\\\p{Cc}]/u.test(id);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Middleware asking for HTTP basic auth (RFC 7617); compares SHA-256 digests in constant time. */
function requireBasicAuth(credentials: { readonly user: string; readonly password: string }): express.RequestHandler {
  const user = sha256(credentials.user);
  const password = sha256(credentials.password);
  return (request, response, next) => {
    const given = parseBasicAuth(request);
    // Both comparisons always run, so timing does not say which part was wrong.
    const userMatches = given !== undefined && timingSafeEqual(sha256(given.name), user);
    const passwordMatches = given !== undefined && timingSafeEqual(sha256(given.pass), password);
    if (userMatches && passwordMatches) {
      next();
      return;
    }
    response.set('WWW-Authenticate', 'Basic realm="Newsletter sources", charset="UTF-8"').status(401).type('text/plain').send('Authentication required.\n');
  };
}

/** The first value of a query parameter as a trimmed string ('' when absent), cut to `MAX_QUERY_CHARACTERS`. */
function queryText(value: unknown): string {
  const text = typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
  return text.trim().slice(0, MAX_QUERY_CHARACTERS);
}

/**
 * The source pages' Express application (usable as a plain Node request handler).
 * Errors while rendering are logged and answered with a 500 page; nothing is thrown to the caller.
 */
export function createWebApp(options: WebAppOptions): express.Express {
  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR), { autoescape: true });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((request, response, next) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      next();
      return;
    }
    response.set('Allow', 'GET, HEAD').status(405).type('text/plain').send('The source pages are read-only.\n');
  });
  if (options.basicAuth !== null) app.use(requireBasicAuth(options.basicAuth));
  app.use('/assets', express.static(ASSETS_DIR, { index: false, redirect: false, maxAge: '1h', dotfiles: 'deny' }));

  const page = (response: Response, status: number, template: string, model: object): void => {
    response.status(status).set('Cache-Control', 'private, no-cache').type('html').send(templates.render(template, model));
  };
  const notFound = (response: Response, what: string): void => {
    page(response, 404, 'message.njk', { heading: 'Not found', message: `${what} is not in the archive. It may have been removed from the newsletters, or the link is incomplete.` });
  };
  const catalog = (): ReturnType<typeof catalogOf> => catalogOf(options.archive.articles());

  app.get('/', async (request, response) => {
    const query = queryText(request.query.q);
    const results = query === '' ? null : await options.archive.search(query, HOME_PAGE_LIMITS.searchResults);
    page(response, 200, 'home.njk', { ...homePageModel(catalog(), query, results), pageLang: 'en' });
  });

  app.get('/ask', async (request, response) => {
    const question = queryText(request.query.q);
    if (question === '') {
      response.redirect(303, '/');
      return;
    }
    try {
      const result = await options.archive.ask(question);
      // Relative links: the page works under whatever host serves it.
      const model = askPageModel(result, catalog(), sourcePagePath);
      page(response, 200, 'ask.njk', { ...model, query: question, pageLang: model.htmlLang });
    } catch (error) {
      if (error instanceof QuestionTooLongError || error instanceof InputError) {
        page(response, 400, 'message.njk', { heading: 'Question not asked', message: error.message, query: question });
        return;
      }
      throw error;
    }
  });

  app.get('/sources/:id', (request: Request<{ id: string }>, response) => {
    const id = request.params.id;
    const current = catalog();
    const article = isPlausibleId(id) ? current.article(id) : undefined;
    if (article === undefined) {
      notFound(response, 'This item');
      return;
    }
    const pair = article.pairId === null ? undefined : current.article(article.pairId);
    const model = sourcePageModel(article, pair, parseHighlightParameters(request.query));
    page(response, 200, 'source.njk', { ...model, pageLang: model.article.htmlLang });
  });

  app.get('/issues/:key', (request: Request<{ key: string }>, response) => {
    const key = request.params.key;
    const current = catalog();
    const issue = isPlausibleId(key) ? current.issue(key) : undefined;
    if (issue === undefined) {
      notFound(response, 'This issue');
      return;
    }
    const model = issuePageModel(issue, current);
    page(response, 200, 'issue.njk', { ...model, pageLang: model.htmlLang });
  });

  app.use((_request, response) => notFound(response, 'This page'));
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const wrapped = toAssistantError(error);
    options.logger.error({ code: wrapped.code, error: wrapped.message }, 'a source page failed');
    if (response.headersSent) return;
    page(response, 500, 'message.njk', { heading: 'Something went wrong', message: 'The page could not be shown. Try again in a moment.' });
  });
  return app;
}
