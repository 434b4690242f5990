/**
 * The app's running state shared by its listeners: the assistant currently answering (swapped by a
 * reindex), the questions in flight (awaited at shutdown), counters for `/newsletter stats` and the health
 * endpoint, and the one structured log line per question.
 */
import type { Logger } from '../core';
import type { AnswerResult, Assistant } from '../answer/types';
import type { QuestionSurface } from './answer-records';

/** How a question ended. */
export type QuestionOutcome =
  | 'answered'
  | 'not-found'
  | 'help'
  | 'duplicate'
  | 'not-allowed'
  | 'rate-limited'
  /** Longer than `MAX_QUESTION_CHARS`: the polite "too long" reply, no assistant call. */
  | 'too-long'
  | 'failed'
  | 'undelivered'
  | 'aborted'
  /** The shared state store (Redis) failed: the "state store unavailable" reply, no assistant call. */
  | 'store-unavailable';

/** The fields of the one log line written per question (`msg: "question"`). */
export interface QuestionLogFields {
  /** Hashed user id (never the raw Slack id); null when Slack did not say. */
  readonly user: string | null;
  readonly channel: string;
  /** Thread the question was answered in; absent for private (slash command) answers. */
  readonly threadTs?: string;
  readonly surface: QuestionSurface;
  readonly outcome: QuestionOutcome;
  /** From the event's arrival to the final message, in milliseconds. */
  readonly latencyMilliseconds: number;
  /** From the event's arrival to the first visible response (status, placeholder, stream, answer), in milliseconds. */
  readonly firstResponseMilliseconds: number | null;
  /** Question length in characters. */
  readonly questionCharacters: number;
  readonly historyTurns?: number;
  /** Retrieval hits shown: numbered citations when answered, nearest items when not. */
  readonly citations?: number;
  readonly related?: number;
  readonly mode?: AnswerResult['mode'];
  readonly kind?: AnswerResult['kind'];
  readonly found?: boolean;
  /** How the answer reached Slack: `stream`, `update`, `post`, `ephemeral`, or `none`. */
  readonly delivery?: string;
  readonly answerId?: string;
  /** The assistant's or Slack's error code when the outcome is `failed` (`QUESTION_TOO_LONG` for `too-long`). */
  readonly errorCode?: string;
}

/** A snapshot for stats and health. */
export interface SlackActivitySnapshot {
  /** ISO time the app was created. */
  readonly startedAt: string;
  readonly questionsInFlight: number;
  /** Questions by outcome since start. */
  readonly outcomes: Readonly<Partial<Record<QuestionOutcome, number>>>;
  /** Median latency of answered questions since start (the last 1000), in milliseconds; null before any. */
  readonly medianLatencyMilliseconds: number | null;
}

const LATENCY_SAMPLES = 1000;

/** Shared state of one Slack app. */
export class SlackActivity {
  /** Answers every question; swapping the index behind it is the entry point's job (`AssistantHost`). */
  readonly assistant: Assistant;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outcomes: Partial<Record<QuestionOutcome, number>> = {};
  private readonly latencies: number[] = [];
  private readonly startedAt = new Date();
  private readonly abortController = new AbortController();
  private lastTurn: Promise<void> = Promise.resolve();

  constructor(
    assistant: Assistant,
    private readonly logger: Logger,
  ) {
    this.assistant = assistant;
  }

  /** Aborted when the app gives up waiting for answers in flight at shutdown; passed to `assistant.ask`. */
  get shutdownSignal(): AbortSignal {
    return this.abortController.signal;
  }

  /** Aborts every answer still in flight with `reason`. */
  abortInFlight(reason: Error): void {
    this.abortController.abort(reason);
  }

  /** Runs `work` as a question in flight: {@link whenIdle} waits for it. */
  track<Result>(work: Promise<Result>): Promise<Result> {
    this.inFlight.add(work);
    const forget = (): void => {
      this.inFlight.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  /**
   * Waits for this question's turn to start answering: turns are handed out one per event-loop iteration
   * (chained `setImmediate`s), so that between two answers' CPU-bound starts (embedding, search) Node reads
   * new requests and Bolt acknowledges them. Without it, a burst of questions delays the acknowledgement
   * of the last one by the CPU time of all the others, past Slack's 3 seconds.
   */
  nextTurn(): Promise<void> {
    const turn = this.lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.lastTurn = turn;
    return turn;
  }

  /** Number of questions in flight. */
  get questionsInFlight(): number {
    return this.inFlight.size;
  }

  /**
   * Resolves when no question is in flight, or after `timeoutMilliseconds`.
   * @returns true when idle, false when the time ran out first.
   */
  async whenIdle(timeoutMilliseconds: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMilliseconds;
    while (this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, remaining);
        }),
      ]);
      clearTimeout(timer);
    }
    return true;
  }

  /** Counts the question and writes its one log line (`info`, or `warn` for failures). */
  recordQuestion(fields: QuestionLogFields): void {
    this.outcomes[fields.outcome] = (this.outcomes[fields.outcome] ?? 0) + 1;
    if (fields.outcome === 'answered' || fields.outcome === 'not-found') {
      this.latencies.push(fields.latencyMilliseconds);
      if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
    }
    const failed = fields.outcome === 'failed' || fields.outcome === 'undelivered' || fields.outcome === 'aborted';
    this.logger[failed ? 'warn' : 'info'](fields, 'question');
  }

  /** Counters for stats and health. */
  snapshot(): SlackActivitySnapshot {
    const sorted = [...this.latencies].sort((left, right) => left - right);
    return {
      startedAt: this.startedAt.toISOString(),
      questionsInFlight: this.inFlight.size,
      outcomes: { ...this.outcomes },
      medianLatencyMilliseconds: sorted.length === 0 ? null : (sorted[Math.ceil(sorted.length / 2) - 1] ?? null),
    };
  }
}
