export type {
  AnswerKind,
  AnswerMode,
  AnswerResult,
  AnswerStage,
  AskOptions,
  Assistant,
  Citation,
  ConversationTurn,
  PairedEdition,
  RelatedItem,
} from './types';
export { ExtractiveAnswerer, type ExtractiveAnswererOptions } from './extractive-answerer';
export { GeneratedAnswerer, type AnswerPromptName, type GeneratedAnswererOptions, type PromptedModel } from './generated-answerer';
export { AnswerPlanner, type AnswerPlan, type AnswerPlannerOptions } from './answer-plan';
export {
  DEFAULT_ANSWER_POLICY,
  withAnswerPolicyOverrides,
  type AnswerPolicy,
  type ConfigurableAnswerPolicy,
  type ExtractiveSentencePolicy,
  type ExtractiveSummaryShape,
} from './answer-policy';
export { CitationChecker, SentenceStream, type CheckableSource, type CheckedSentence } from './citation-check';
export { parseSummaryRequest, type SummaryRequest, type SummaryScope } from './summary-request';
export { summarizeExtractively, type SummarySentence } from './extractive-summary';
export { detectIntent, type QuestionIntent } from './question-intent';
