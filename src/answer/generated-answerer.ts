/**
 * Generated answers: the same plan as the extractive answerer (language, period, summary scope, thread,
 * sources), written by a chat model from prompt files, streamed sentence by sentence with every citation
 * checked before it is shown (see {@link CitationChecker}). With a thread, the follow-up is first rewritten
 * into a standalone question; the question is also translated into the other language and both are
 * searched (fused by reciprocal rank fusion), the standard remedy when lexical search misses across
 * languages. Summaries read whole articles, map-reduced when the text exceeds the model's context.
 */
import { InputError, LlmError, toAssistantError, type Article, type Language, type Logger } from '../core';
import type { HybridRetriever } from '../retrieve';
import { AnswerPlanner, editionGroup, type AnswerPlan, type AnswerPlannerOptions } from './answer-plan';
import type { AnswerPolicy } from './answer-policy';
import { asOfPrefix, refusalOutcome, refusalText } from './answer-text';
import { CitationChecker, SentenceStream, type CheckableSource } from './citation-check';
import { toCitation } from './citations';
import { ExtractiveAnswerer } from './extractive-answerer';
import { checkQuestionLength, type QuestionLengthOptions } from './question-length';
import type { AnswerResult, AskOptions, Assistant, Citation, ConversationTurn } from './types';
import { detectLanguage, tokenize, splitSentences, withoutAssistantAddresses } from '../language';

/** The prompt files the generated answerer uses (see `prompts/README.md`). */
export type AnswerPromptName = 'answer' | 'translate-query' | 'rewrite-question' | 'summarize-map' | 'summarize-reduce';

/** Per-call options of a {@link PromptedModel}. */
export interface ModelCallOptions {
  /** Cancels the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Time (milliseconds since the epoch) by which the call must be over, retries included: the question's LLM
   * budget. Past it the call rejects with an {@link LlmError} of kind `timeout`.
   */
  readonly deadline?: number;
}

/**
 * The chat model as the answer stage sees it: named prompts from `prompts/`, rendered with string values
 * and sent to the model. Implemented in `app/` over LangChain chat models.
 */
export interface PromptedModel {
  /** Printable id, e.g. `openai:gpt-4o-mini@http://127.0.0.1:8000/v1` (never a key). */
  readonly id: string;
  /** Characters (not tokens) of source text that fit one prompt; longer texts are map-reduced. */
  readonly contextCharacters: number;
  /**
   * Milliseconds all model calls of one question may take together, retries included (`LLM_TOTAL_TIMEOUT_MS`);
   * when it runs out before any text was shown, the question gets its extractive answer. Undefined: no budget.
   */
  readonly questionBudgetMs?: number;
  /**
   * The whole reply.
   * @throws {LlmError} when the model call fails, the deadline passes (kind `timeout`) or the LLM's circuit
   *   breaker is open (kind `circuit-open`: nothing was sent).
   */
  complete(prompt: AnswerPromptName, values: Readonly<Record<string, string>>, call?: ModelCallOptions): Promise<string>;
  /** The reply as text deltas. @throws {LlmError} as {@link PromptedModel.complete} does. */
  stream(prompt: AnswerPromptName, values: Readonly<Record<string, string>>, call?: ModelCallOptions): AsyncIterable<string>;
}

/** Options of {@link GeneratedAnswerer}; `policy` (default `DEFAULT_ANSWER_POLICY`) also sets how many articles the model gets. */
export interface GeneratedAnswererOptions extends AnswerPlannerOptions, QuestionLengthOptions {
  readonly logger: Logger;
  /** Characters of text per source article for a question (its best chunks). Default 2000. */
  readonly sourceCharacters?: number;
}

/** The reply that means "the sources do not answer this" (see `prompts/answer.md`). */
const NOT_FOUND_REPLY = /^\s*NOT[_ ]FOUND\b/u;

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', zh: 'Chinese (Simplified)' };

/** One numbered source given to the model. */
interface NumberedSource {
  readonly n: number;
  readonly article: Article;
  readonly text: string;
}

/** Answers with a chat model; implements {@link Assistant}. */
export class GeneratedAnswerer implements Assistant {
  private readonly planner: AnswerPlanner;
  private readonly extractive: ExtractiveAnswerer;
  private readonly logger: Logger;
  private readonly sourceCharacters: number;
  private readonly maxQuestionCharacters: number | undefined;

  constructor(
    private readonly retriever: HybridRetriever,
    private readonly model: PromptedModel,
    options: GeneratedAnswererOptions,
  ) {
    this.planner = new AnswerPlanner(retriever, options);
    this.extractive = new ExtractiveAnswerer(retriever, options);
    this.logger = options.logger;
    this.sourceCharacters = options.sourceCharacters ?? 2000;
    this.maxQuestionCharacters = options.maxQuestionCharacters;
  }

  article(articleId: string): Article | undefined {
    return this.retriever.article(articleId);
  }

  /**
   * Answers `question`.
   * When the model fails before any text was shown, the extractive answer of the same plan is returned
   * (mode `extractive`); rewriting and translation failures only fall back to the question as asked. All model
   * calls of the question share the model's {@link PromptedModel.questionBudgetMs}.
   * @throws {QuestionTooLongError} before any analysis or model call when the question exceeds
   *         `maxQuestionCharacters`; {@link InputError} when it is empty; {@link LlmError} when the model fails
   *         after part of the answer was shown; the signal's reason when aborted.
   */
  async ask(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    checkQuestionLength(question, this.maxQuestionCharacters);
    const { signal } = options;
    const history = options.history ?? [];
    if (question.trim() === '') throw new InputError('The question is empty: ask a question about the newsletters.');
    const budget = this.model.questionBudgetMs;
    const call: ModelCallOptions = { signal, deadline: budget === undefined ? undefined : Date.now() + budget };
    let rewrittenQuestion: string | undefined;
    if (history.length > 0) {
      notify(options.onStage, 'rewriting');
      rewrittenQuestion = await this.optional('rewrite-question', { history: formatHistory(history), question }, call);
    }
    notify(options.onStage, 'searching');
    const standalone = rewrittenQuestion ?? question;
    const askerLanguage = detectLanguage(question);
    const translation = await this.optional(
      'translate-query',
      { question: standalone, target_language: LANGUAGE_NAMES[askerLanguage === 'zh' ? 'en' : 'zh'] },
      call,
    );
    const plan = await this.planner.plan(question, {
      history,
      rewrittenQuestion,
      alternativeQueries: translation === undefined ? [] : [translation],
    });
    signal?.throwIfAborted();
    notify(options.onStage, 'reading');
    const sources = this.numberedSources(plan);
    if (sources.length === 0) return this.refusal(plan, options);
    notify(options.onStage, 'writing');
    let shown = false;
    const tracked: AskOptions & { readonly call: ModelCallOptions } = {
      ...options,
      call,
      onDelta: (delta) => {
        shown = true;
        options.onDelta?.(delta);
      },
    };
    try {
      return plan.summary === null ? await this.answer(plan, sources, tracked) : await this.summarize(plan, sources, tracked);
    } catch (error) {
      signal?.throwIfAborted();
      // A model that fails before anything was shown (server down, timeout) costs the generated answer,
      // not the answer: the extractive one is written from the same plan.
      if (shown || !(error instanceof LlmError)) throw error;
      // An open circuit was logged once when it opened; each question it skips is only worth a debug line.
      const level = error.kind === 'circuit-open' ? 'debug' : 'warn';
      this.logger[level]({ code: error.code, kind: error.kind, reason: error.message }, 'the LLM failed; answering extractively');
      const fallback = this.extractive.compose(plan);
      notify(options.onDelta, fallback.answer);
      return fallback;
    }
  }

  /** Streams the `answer` prompt through the citation checker. */
  private async answer(plan: AnswerPlan, sources: readonly NumberedSource[], options: AskOptions & { readonly call: ModelCallOptions }): Promise<AnswerResult> {
    const values = {
      question: plan.searchQuestion === plan.question ? plan.question : `${plan.question}\n(${plan.searchQuestion})`,
      language: LANGUAGE_NAMES[plan.lang],
      sources: formatSources(sources),
      today: this.retriever.newestDate ?? 'unknown',
    };
    return this.streamChecked(plan, sources, this.model.stream('answer', values, options.call), options);
  }

  /** Summaries: map each piece of source text to bullet points, then reduce them into one summary. */
  private async summarize(plan: AnswerPlan, sources: readonly NumberedSource[], options: AskOptions & { readonly call: ModelCallOptions }): Promise<AnswerResult> {
    const language = LANGUAGE_NAMES[plan.lang];
    const focus = plan.summary?.scope === 'article' ? 'the whole article' : plan.searchQuestion;
    const batches = this.batches(sources);
    if (batches.length === 1) {
      const only = batches[0] ?? [];
      return this.streamChecked(plan, sources, this.model.stream('summarize-map', { language, focus, sources: formatSources(only) }, options.call), options);
    }
    const partials: string[] = [];
    for (const batch of batches) {
      options.signal?.throwIfAborted();
      partials.push(await this.model.complete('summarize-map', { language, focus, sources: formatSources(batch) }, options.call));
    }
    return this.streamChecked(plan, sources, this.model.stream('summarize-reduce', { language, focus, summaries: partials.join('\n\n') }, options.call), options);
  }

  /**
   * Source pieces grouped so each group's text fits the model's context; an article longer than the
   * context is split into several pieces that keep its number.
   */
  private batches(sources: readonly NumberedSource[]): NumberedSource[][] {
    const limit = this.model.contextCharacters;
    const pieces: NumberedSource[] = [];
    for (const source of sources) {
      if (source.text.length <= limit) {
        pieces.push(source);
        continue;
      }
      let piece = '';
      for (const sentence of splitSentences(source.text)) {
        if (piece !== '' && piece.length + sentence.length > limit) {
          pieces.push({ ...source, text: piece });
          piece = '';
        }
        piece += sentence;
      }
      if (piece !== '') pieces.push({ ...source, text: piece });
    }
    const batches: NumberedSource[][] = [];
    let current: NumberedSource[] = [];
    let size = 0;
    for (const piece of pieces) {
      if (current.length > 0 && size + piece.text.length > limit) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(piece);
      size += piece.text.length;
    }
    if (current.length > 0) batches.push(current);
    return batches;
  }

  /** Runs a streamed reply through sentence splitting and citation checks, emitting checked deltas. */
  private async streamChecked(
    plan: AnswerPlan,
    sources: readonly NumberedSource[],
    reply: AsyncIterable<string>,
    options: AskOptions,
  ): Promise<AnswerResult> {
    const checker = new CitationChecker(
      sources.map((source): CheckableSource => ({ n: source.n, text: `${describeSource(source)}\n${source.text}` })),
      plan.lang,
      this.retriever.glossary,
    );
    const splitter = new SentenceStream();
    const prefix = plan.currentState && plan.summary === null ? asOfPrefix(sources.map((source) => source.article), plan.lang) : '';
    let text = '';
    let started = false;
    let refused = false;
    const used = new Map<number, string[]>();
    const emit = (sentence: string): void => {
      if (refused) return;
      if (!started) {
        if (sentence.trim() === '') return;
        if (NOT_FOUND_REPLY.test(sentence)) {
          refused = true;
          return;
        }
        started = true;
        // The prompt asks the model to say "as of"; add it only when the model did not.
        if (prefix !== '' && !/\bas of\b|截至|截止/iu.test(sentence)) {
          text += prefix;
          notify(options.onDelta, prefix);
        }
      }
      const checked = checker.check(sentence);
      if (checked.invalidMarkers.length > 0 || checked.unsupportedFacts.length > 0 || checked.unverifiedLinks.length > 0) {
        this.logger.info(
          { invalidMarkers: checked.invalidMarkers, unsupportedFacts: checked.unsupportedFacts, unverifiedLinks: checked.unverifiedLinks },
          'citation check corrected a sentence',
        );
      }
      for (const n of checked.markers) used.set(n, [...(used.get(n) ?? []), checked.text]);
      text += checked.text;
      notify(options.onDelta, checked.text);
    };
    for await (const delta of reply) {
      options.signal?.throwIfAborted();
      for (const sentence of splitter.push(delta)) emit(sentence);
    }
    emit(splitter.end());
    if (refused || !started) return this.refusal(plan, options);
    const citations = this.citations(sources, used);
    if (citations.length === 0) {
      // Nothing in the reply could be traced to a source: say so rather than show it as sourced.
      this.logger.warn({ question: plan.question }, 'generated answer had no verifiable citation; refusing');
      return this.refusal(plan, options);
    }
    return {
      question: plan.question,
      found: true,
      outcome: 'answered',
      answer: text.trim(),
      lang: plan.lang,
      mode: 'llm',
      kind: plan.summary === null ? 'answer' : 'summary',
      citations,
      related: [],
    };
  }

  /** The citations the checked answer uses, numbered as in the text, with the passage each quotes. */
  private citations(sources: readonly NumberedSource[], used: ReadonlyMap<number, readonly string[]>): Citation[] {
    const citations: Citation[] = [];
    for (const n of [...used.keys()].sort((left, right) => left - right)) {
      const source = sources.find((candidate) => candidate.n === n);
      if (source === undefined) continue;
      const pair = source.article.pairId === null ? undefined : this.retriever.article(source.article.pairId);
      citations.push(toCitation(n, source.article, bestQuote(source.text, used.get(n) ?? []), pair));
    }
    return citations;
  }

  private refusal(plan: AnswerPlan, options: AskOptions): AnswerResult {
    const related = plan.related.length > 0 ? plan.related : this.planner.relatedItems(plan.retrieved, plan.lang);
    // A plan that found articles the model then judged not to state the answer: the topic is covered.
    const outcome = refusalOutcome(plan.outcome === 'answered' ? 'partial' : plan.outcome, related);
    const answer = refusalText({ ...plan, related, outcome, notFoundReason: plan.notFoundReason ?? 'no-match' });
    notify(options.onDelta, answer);
    return { question: plan.question, found: false, outcome, answer, lang: plan.lang, mode: 'llm', kind: plan.summary === null ? 'answer' : 'summary', citations: [], related };
  }

  /**
   * The numbered sources for the model: the plan's sources when it found an answer; otherwise the best
   * retrieved articles with at least {@link AnswerPolicy.llmJudgedMinWeightedTermCoverage}, so the model —
   * not only the lexical gate — judges whether they answer. Questions get each article's best chunks (at
   * most {@link AnswerPolicy.maxGeneratedSourceArticles} articles); summaries get whole articles. Either
   * way without the sentences that address the assistant (`withoutAssistantAddresses`).
   */
  private numberedSources(plan: AnswerPlan): NumberedSource[] {
    const summary = plan.summary !== null;
    const policy = this.planner.policy;
    let articles: Article[];
    if (plan.found) articles = [...plan.sources];
    else if (plan.notFoundReason === 'no-match') {
      const seen = new Set<string>();
      articles = [];
      for (const result of plan.retrieved) {
        const edition = this.planner.askerEdition(result.article, plan.lang);
        const group = editionGroup(edition);
        if (seen.has(group) || result.weightedCoverage < policy.llmJudgedMinWeightedTermCoverage) continue;
        seen.add(group);
        articles.push(edition);
      }
    } else return [];
    if (!summary) articles = articles.slice(0, policy.maxGeneratedSourceArticles);
    // Sentences addressed to the assistant ("ignore previous instructions …") never reach the model: the
    // prompt also says sources are data, but text the model never reads cannot steer it.
    return articles.map((article, index) => ({
      n: index + 1,
      article,
      text: withoutAssistantAddresses(summary ? article.body : this.bestText(article, plan)),
    }));
  }

  /** Up to `sourceCharacters` of an article: its best-matching chunks in text order, or its opening. */
  private bestText(article: Article, plan: AnswerPlan): string {
    if (article.body.length <= this.sourceCharacters) return article.body;
    const matched = plan.retrieved.find((result) => result.article.id === article.id)?.chunks ?? [];
    // Best chunks first while they fit, then in text order.
    const chosen: typeof matched[number][] = [];
    let length = 0;
    for (const candidate of [...matched].sort((left, right) => right.score - left.score)) {
      if (length + candidate.chunk.text.length > this.sourceCharacters && chosen.length > 0) continue;
      chosen.push(candidate);
      length += candidate.chunk.text.length;
    }
    const text = chosen
      .sort((left, right) => left.chunk.index - right.chunk.index)
      .map(({ chunk }) => chunk.text)
      .join('\n…\n');
    return text === '' ? article.body.slice(0, this.sourceCharacters) : text;
  }

  /** A model call whose failure only loses an improvement (a rewrite, a translation): logged, then undefined. */
  private async optional(prompt: AnswerPromptName, values: Readonly<Record<string, string>>, call: ModelCallOptions): Promise<string | undefined> {
    try {
      const reply = (await this.model.complete(prompt, values, call)).trim();
      return reply === '' || NOT_FOUND_REPLY.test(reply) ? undefined : reply.split('\n')[0]?.trim();
    } catch (error) {
      call.signal?.throwIfAborted();
      const assistantError = toAssistantError(error);
      const level = error instanceof LlmError && error.kind === 'circuit-open' ? 'debug' : 'warn';
      this.logger[level]({ prompt, code: assistantError.code, reason: assistantError.message }, 'optional model call failed; continuing without it');
      return undefined;
    }
  }
}

/** `[n] Title — Outlet, date, issue (language)` */
function describeSource(source: NumberedSource): string {
  const { article } = source;
  const details = [article.source ?? 'no source stated', article.date ?? 'undated', article.issue.label].filter((part) => part !== null).join(', ');
  return `[${source.n}] ${article.title} — ${details} (${article.lang === 'zh' ? 'Chinese edition' : 'English edition'})`;
}

/** The sources block of a prompt: each source's heading line, then its text. */
function formatSources(sources: readonly NumberedSource[]): string {
  return sources.map((source) => `${describeSource(source)}\n${source.text}`).join('\n\n');
}

/** The thread for the rewrite prompt: questions and answers, oldest first, answers shortened. */
function formatHistory(history: readonly ConversationTurn[]): string {
  return history
    .slice(-4)
    .map((turn) => `Q: ${turn.question}\nA: ${turn.answer.answer.slice(0, 400)}`)
    .join('\n\n');
}

/** The source sentence sharing the most terms with the answer sentences that cite it. */
function bestQuote(sourceText: string, citing: readonly string[]): string {
  const wanted = new Set(citing.flatMap((sentence) => termsOf(sentence)));
  let best = '';
  let bestScore = -1;
  for (const sentence of splitSentences(sourceText)) {
    const score = termsOf(sentence).filter((term) => wanted.has(term)).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (/\p{Script=Han}/u.test(token)) {
      const characters = [...token];
      for (let index = 0; index + 1 < characters.length; index += 1) terms.push(`${characters[index]}${characters[index + 1]}`);
    } else terms.push(token);
  }
  return terms;
}

/** Calls an optional listener; a throwing listener must not stop the answer. */
function notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
  try {
    listener?.(value);
  } catch {
    // The caller's display failed; the answer itself is unaffected.
  }
}
