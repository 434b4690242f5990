/** The value the native feedback buttons (`feedback_buttons`) of an answer carry: the rating and the answer id. */

/** A feedback rating as the native feedback buttons carry it. */
export type FeedbackButtonRating = 'helpful' | 'not_helpful';

/** The value of a native feedback button: `<rating>:<answer id>`. */
export function encodeFeedbackValue(rating: FeedbackButtonRating, answerId: string): string {
  return `${rating}:${answerId}`;
}

/** Decodes {@link encodeFeedbackValue}; undefined for anything else. */
export function decodeFeedbackValue(value: string | undefined): { readonly rating: FeedbackButtonRating; readonly answerId: string } | undefined {
  const match = value === undefined ? null : /^(helpful|not_helpful):(.+)$/s.exec(value);
  if (match === null) return undefined;
  return { rating: match[1] as FeedbackButtonRating, answerId: match[2] ?? '' };
}
