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
export { GeneratedAnswerer, type AnswerPromptName, type GeneratedAnswererOptions, type ModelCallOptions, type PromptedModel } from './generated-answerer';
export { AnswerPlanner, type AnswerPlan, type AnswerPlannerOptions, type AnswerOutcome, type PlanEvidence } from './answer-plan';
export { EvidenceReader, EVIDENCE_FEATURE_NAMES, EVIDENCE_WINDOW_NEIGHBOURS, type EvidenceFeatures, type EvidencePassage, type AnswerEvidence } from './answer-evidence';
export { DEFAULT_ANSWER_GATE_MODEL, parseAnswerGateModel, answerProbability, answerLogOdds, type AnswerGateModel } from './answer-gate';
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
export { checkQuestionLength, countCharacters, type QuestionLengthOptions } from './question-length';
export {
  SOURCE_LINK_POLICY,
  SourceLinkingAssistant,
  highlightForQuote,
  issueKeyOf,
  issuePageUrl,
  parseHighlightParameters,
  sourcePagePath,
  sourcePageUrl,
  withSourceLinks,
  type HighlightParameters,
} from './source-links';
