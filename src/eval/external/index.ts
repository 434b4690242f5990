/**
 * Newsletter-like corpora and question files built from public question-answering sets (XQuAD, CMRC 2018),
 * split by Wikipedia article into a calibration and a report part, and the evaluation that asks their
 * questions through the assistant. `npm run eval:external` (`src/cli/eval-external-command.ts`) runs it.
 */
export { readSquadFile, parseSquadDataset, locateAnswer, type SquadDataset, type SquadArticle, type SquadParagraph, type SquadQuestion, type SquadAnswer } from './squad-file';
export { EXTERNAL_PARTS, splitByArticle, sampleArticles, keyArticles, articleSplitKey, type ExternalPart, type KeyedArticle } from './split';
export { englishHeadline, chineseHeadline, uniqueHeadline, titleKey, ENGLISH_LEAD_WORDS, CHINESE_HEADLINE_CHARACTERS } from './headlines';
export { renderNewsletter, sourceLine, addDays, SOURCE_OUTLET, type NewsletterItem } from './newsletter-file';
export { planArticle, type HoldOutRule, type ParagraphPlan, type PlannedQuestion } from './hold-out';
export {
  buildExternalCorpus,
  EXTERNAL_SETS,
  type ExternalSetName,
  type ExternalSetSource,
  type ExternalEdition,
  type ExternalCorpusOptions,
  type ExternalCorpus,
  type ExternalQuestion,
  type CorpusFile,
  type CorpusItem,
  type ItemReference,
} from './external-corpus';
export { writeExternalCorpus, checkCorpusParse, checkEditionPairs, type WrittenCorpus, type CorpusParseProblem, type EditionPairingCheck } from './corpus-files';
export { loadExternalSet, EXTERNAL_SET_FILES, DEFAULT_CMRC_SAMPLE } from './external-sets';
export {
  askExternalQuestions,
  resolveReferences,
  summarizeExternalRows,
  answerOutcome,
  answerContainsFact,
  normalizeForContainment,
  EXTERNAL_RECALL_K,
  ANSWER_EXCERPT_CHARACTERS,
  type AnswerOutcome,
  type ExternalQuestionRow,
  type ExternalGroupSummary,
  type ExternalProgress,
} from './external-evaluation';
