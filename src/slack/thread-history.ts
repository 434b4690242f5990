/**
 * The turns this process answered in each Slack thread, so that a follow-up question in a thread reaches
 * the assistant with the thread's earlier turns. In memory only: a restart forgets every thread.
 */
import type { ConversationTurn } from '../answer/types';

/** Sizing of a {@link ThreadHistory}. */
export interface ThreadHistoryOptions {
  /** Threads kept at most; the least recently used is forgotten first. */
  readonly maximumThreads: number;
  /** Turns kept per thread, the most recent ones. */
  readonly maximumTurnsPerThread: number;
}

/** A least-recently-used map from (channel, thread timestamp) to the thread's turns, oldest turn first. */
export class ThreadHistory {
  private readonly turnsByThread = new Map<string, ConversationTurn[]>();
  private readonly maximumThreads: number;
  private readonly maximumTurnsPerThread: number;

  /** @throws {RangeError} when either maximum is less than 1. */
  constructor(options: ThreadHistoryOptions) {
    if (!(options.maximumThreads >= 1) || !(options.maximumTurnsPerThread >= 1)) {
      throw new RangeError(
        `ThreadHistory needs maximumThreads and maximumTurnsPerThread of at least 1, got ${options.maximumThreads} and ${options.maximumTurnsPerThread}`,
      );
    }
    this.maximumThreads = options.maximumThreads;
    this.maximumTurnsPerThread = options.maximumTurnsPerThread;
  }

  /** The thread's earlier turns, oldest first (empty for a new thread); marks the thread as recently used. */
  turns(channel: string, threadTs: string): readonly ConversationTurn[] {
    const key = threadKey(channel, threadTs);
    const turns = this.turnsByThread.get(key);
    if (turns === undefined) return [];
    this.turnsByThread.delete(key);
    this.turnsByThread.set(key, turns);
    return [...turns];
  }

  /** Appends an answered turn to the thread, forgetting its oldest turn or the least recently used thread when full. */
  append(channel: string, threadTs: string, turn: ConversationTurn): void {
    const key = threadKey(channel, threadTs);
    const turns = this.turnsByThread.get(key) ?? [];
    this.turnsByThread.delete(key);
    turns.push(turn);
    if (turns.length > this.maximumTurnsPerThread) turns.splice(0, turns.length - this.maximumTurnsPerThread);
    this.turnsByThread.set(key, turns);
    while (this.turnsByThread.size > this.maximumThreads) {
      const leastRecentlyUsed = this.turnsByThread.keys().next();
      if (leastRecentlyUsed.done === true) break;
      this.turnsByThread.delete(leastRecentlyUsed.value);
    }
  }

  /**
   * Whether the bot answered in this thread and still remembers it: replies there are follow-ups for the
   * bot even without a mention. Does not change the least-recently-used order.
   */
  has(channel: string, threadTs: string): boolean {
    return this.turnsByThread.has(threadKey(channel, threadTs));
  }

  /** Number of threads remembered. */
  get threadCount(): number {
    return this.turnsByThread.size;
  }
}

function threadKey(channel: string, threadTs: string): string {
  return `${channel}:${threadTs}`;
}
