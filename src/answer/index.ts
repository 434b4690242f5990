export type { AnswerMode, AnswerResult, AskOptions, Assistant, Citation, ConversationTurn, PairedEdition } from './types';
export { ExtractiveAnswerer, type ExtractiveAnswererOptions } from './extractive-answerer';
export { detectIntent, type QuestionIntent } from './question-intent';
