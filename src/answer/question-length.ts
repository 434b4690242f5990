/**
 * The bound on a question's length, checked first by every answerer (and early by the entry points), so
 * that no analysis — segmentation, term extraction, retrieval, an LLM prompt — ever runs on hostile input
 * such as a million-character message. Characters are Unicode code points: 𠮷 or an emoji counts once,
 * as a reader counts it, although JavaScript stores it as two UTF-16 code units.
 */
import { DEFAULT_MAX_QUESTION_CHARACTERS, QuestionTooLongError } from '../core';
import { detectLanguageOfStart } from '../language';

/** The answerers' option for the bound (`MAX_QUESTION_CHARS` through `app/open-assistant.ts`). */
export interface QuestionLengthOptions {
  /** Longest question answered, in characters (Unicode code points). Default `DEFAULT_MAX_QUESTION_CHARACTERS` (2000). */
  readonly maxQuestionCharacters?: number;
}

/**
 * Unicode code points in `text`: its UTF-16 length minus one per surrogate pair. One pass over the code
 * units, no allocation (about 1 ms per million code units).
 */
export function countCharacters(text: string): number {
  let pairs = 0;
  for (let index = 0; index < text.length - 1; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs += 1;
        index += 1;
      }
    }
  }
  return text.length - pairs;
}

/**
 * Checks that `question` has at most `maximumCharacters` characters (Unicode code points). Cheap: a
 * question no longer than the limit in UTF-16 code units passes without counting; a longer one is counted
 * once and its language detected on its start only.
 * @param maximumCharacters - default `DEFAULT_MAX_QUESTION_CHARACTERS` (2000).
 * @throws {QuestionTooLongError} with the length, the maximum and the asker's language when it is longer.
 */
export function checkQuestionLength(question: string, maximumCharacters: number = DEFAULT_MAX_QUESTION_CHARACTERS): void {
  if (question.length <= maximumCharacters) return;
  const characters = countCharacters(question);
  if (characters <= maximumCharacters) return;
  throw new QuestionTooLongError({ characters, maximumCharacters, lang: detectLanguageOfStart(question) });
}
