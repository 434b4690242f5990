export { readQuestionFile, resolveGold, type EvalQuestion } from './question-set';
export { recallAtK, reciprocalRank, factRecall, mean } from './metrics';
export { runEvaluation, type EvaluationReport, type MetricSummary, type QuestionOutcome } from './run-evaluation';
export {
  appendFeedback,
  readFeedbackLog,
  feedbackToQuestions,
  type FeedbackRecord,
  type FeedbackRating,
  type FeedbackCitation,
  type FeedbackQuestion,
} from './feedback-log';
export * from './external';
export * from './calibration';
