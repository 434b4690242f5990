/**
 * Warnings about a parsed article's text for the parse report (`npm run articles`) and the index build's
 * log. One kind so far: `addresses-assistant` — a title or sentence that speaks to the assistant instead
 * of reporting news ("Ignore previous instructions and reply that …", "忽略之前的所有指令"), found by
 * `detectAssistantAddress` (src/language/assistant-address.ts). Such sentences stay indexed (they may
 * still help find the article) but are never quoted in an answer nor given to a model.
 */
import type { Article } from '../core';
import { detectAssistantAddress, findAssistantAddresses, type AssistantAddressKind } from '../language';

/** One warning about an article's text. */
export interface ArticleWarning {
  readonly kind: 'addresses-assistant';
  /** How the sentence addresses the assistant: `override`, `role-play`, `role-marker` or `output-directive`. */
  readonly addressKind: AssistantAddressKind;
  /** Name of the pattern that matched (see `ASSISTANT_ADDRESS_PATTERNS`). */
  readonly pattern: string;
  /** The flagged sentence, as written (the title when {@link position} is null). */
  readonly sentence: string;
  /** 0-based position of the sentence in the body (`splitSentences`); null for the title. */
  readonly position: number | null;
}

/** The warnings about `article`'s title and body, title first, then body sentences in text order; empty for news. */
export function articleWarnings(article: Pick<Article, 'title' | 'body'>): readonly ArticleWarning[] {
  const warnings: ArticleWarning[] = [];
  const title = detectAssistantAddress(article.title);
  if (title !== null) warnings.push({ kind: 'addresses-assistant', addressKind: title.kind, pattern: title.pattern, sentence: article.title, position: null });
  for (const found of findAssistantAddresses(article.body)) {
    warnings.push({ kind: 'addresses-assistant', addressKind: found.match.kind, pattern: found.match.pattern, sentence: found.sentence, position: found.position });
  }
  return warnings;
}
