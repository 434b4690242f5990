/**
 * The language stage: everything that understands Chinese and English text, in one place — language
 * detection, word segmentation, stopwords, stemming and the lexical tokenizer, sentences, numbers, months
 * and dates, the glossary, the CC-CEDICT lexicon and pinyin, question terms and coverage. Ingest, chunk,
 * vector-index, retrieve, answer and the Slack layer import it; it imports only `core/`.
 * See `README.md` beside this file for a table of its modules.
 */
export { detectLanguage, detectLanguageOfStart, isHan, LANGUAGE_SAMPLE_CODE_UNITS, countLetters, languageOfLetters, type LetterCounts } from './detect';
export { findLinks, containsUrl, insideLink, parseWebUrl, WEB_URL_POLICY, type TextLink } from './links';
export { segmentChineseWords, type WordSegment } from './segment';
export { tokenize, isStopword, TOKENIZER_VERSION } from './tokenize';
export {
  splitSentences,
  sentenceSegments,
  endsWithAbbreviation,
  endsChineseSentence,
  SENTENCE_END_CHARACTERS,
  CHINESE_SENTENCE_END_CHARACTERS,
} from './sentences';
export {
  chineseNumeralValue,
  chineseListNumber,
  parseNumber,
  ordinalValues,
  numberKey,
  findChineseNumbers,
  englishNumberKeys,
  findMagnitudeNumbers,
  numbersInText,
  numericValues,
  scaleFactor,
  type ChineseNumberMatch,
} from './numbers';
export {
  ENGLISH_MONTH_NAMES,
  ENGLISH_MONTH_SOURCE,
  ENGLISH_MONTH_NAME_SOURCE,
  englishMonthNumber,
  englishMonthWordNumber,
  fullEnglishMonthNumber,
  englishMonthAbbreviationNumber,
} from './months';
export { formatAbsoluteDate, isValidDay, isoDate, parseIsoDate, parseIsoDay, type CalendarDay } from './dates/calendar';
export { MIN_YEAR, MAX_YEAR, isPlausibleYear } from './dates/date-grammar';
export { findFullDates, parseFullDate, collapseChineseSpacing, type FoundDate } from './dates/full-dates';
export { parseIssueFacts, normalizeMastheadLine, type IssueFacts } from './dates/issue-dates';
export { parseDateline, type Dateline } from './dates/datelines';
export {
  extractDateMentions,
  inferYear,
  MIN_MENTION_YEAR,
  MAX_MENTION_YEAR,
  FUTURE_MENTION_WINDOW_DAYS,
  type DateMention,
} from './dates/date-mentions';
export { dateTerms, dateTerm, chunkDateTerms, DATE_TERM_PATTERN, DATE_TERMS_VERSION } from './dates/date-terms';
export {
  parseQueryPeriod,
  stripPeriod,
  articleInPeriod,
  periodDistanceDays,
  OPEN_PERIOD_START,
  OPEN_PERIOD_END,
  LATEST_WINDOW_MONTHS,
  MAX_PERIOD_TERMS,
  type QueryPeriod,
  type QueryPeriodContext,
} from './dates/query-period';
export { parseGlossaryFile, readGlossaryFile, GLOSSARY_LINE_FORM, type GlossaryFile, type GlossaryLine, type GlossaryLineProblem } from './glossary/glossary-file';
export { Glossary, loadCountryNames, type CountryNames, type GlossaryEntry, type GlossaryMatch } from './glossary/glossary';
export { parseBilingualNames, readBilingualNames, BilingualNameMatcher, type BilingualName } from './glossary/name-matcher';
export {
  BilingualLexicon,
  LexiconDataError,
  loadBilingualLexicon,
  GENERIC_STEM_HEADWORDS,
  SYNONYM_PHRASE_HEADWORDS,
  MAX_HEADWORD_CHARACTERS,
  defaultLexiconCacheDirs,
  type LexiconData,
  type LexiconSense,
  type LexiconTables,
  type LoadBilingualLexiconOptions,
} from './lexicon/bilingual-lexicon';
export { CompactLexiconTables, CompactLexiconError, COMPACT_LEXICON_POLICY, writeCompactLexicon, type CompactLexiconStats } from './lexicon/compact-lexicon';
export { parsePinyin, loadPinyinRomanizer, PinyinRomanizer, PINYIN_SYLLABLES } from './lexicon/pinyin';
export { expectedAnswerType, holdsAnswerType, type ExpectedAnswerType } from './answer-types';
export { extractQuestionTerms, type AttestedText, type QuestionTerm } from './question-terms';
export { bridgeQueryWords, BRIDGE_QUERY_POLICY } from './bridge-query';
export {
  englishNameKeys,
  chineseNameKey,
  transliteratedNames,
  TransliterationIndex,
  TRANSLITERATION_POLICY,
  type TransliteratedName,
} from './transliteration/phonetic-key';
export { TRANSLITERATION_PINYIN, NAME_PART_SEPARATOR } from './transliteration/transliteration-characters';
export { coverage, covers, matchTerm, prepareCoverageText, type CoverageText, type BridgeText, type PrepareCoverageOptions, type TermMatch } from './coverage';
export { HashedStringSet, hash53, type StringMembership } from './hashed-string-set';
export {
  detectAssistantAddress,
  addressesAssistant,
  findAssistantAddresses,
  withoutAssistantAddresses,
  normaliseForDetection,
  ASSISTANT_ADDRESS_PATTERNS,
  type AssistantAddressKind,
  type AssistantAddressMatch,
  type AssistantAddressPattern,
  type AssistantAddressSentence,
} from './assistant-address';
export { translatedTerms, nameKeys, loadBilingualLexiconSync } from './translated-terms';
export { alignParagraphs, isTrustedBead, PARAGRAPH_ALIGNMENT_POLICY, type AlignParagraphsOptions, type ParagraphAlignmentPolicy, type ParagraphBead } from './paragraph-alignment';
