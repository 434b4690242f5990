/**
 * Builds a newsletter-like corpus and its questions from a SQuAD-format set, for one part of the split
 * (see `split.ts`): one newsletter file per language, one item per written paragraph (see `hold-out.ts` for
 * what is left out), items of the editions in the same order with the same dates; questions in the format
 * of `tests/fixtures/dev.jsonl` (`src/eval/question-set.ts`).
 */
import { InputError, type Language } from '../../core';
import { chineseHeadline, englishHeadline, uniqueHeadline } from './headlines';
import { planArticle, type HoldOutRule, type ParagraphPlan } from './hold-out';
import { addDays, renderNewsletter } from './newsletter-file';
import { keyArticles, sampleArticles, splitByArticle, type ExternalPart } from './split';
import type { SquadArticle, SquadDataset } from './squad-file';

/** The sets the evaluation knows. */
export const EXTERNAL_SETS = ['xquad', 'cmrc'] as const;

/** `xquad`: XQuAD, English and Chinese editions; `cmrc`: CMRC 2018, Chinese. */
export type ExternalSetName = (typeof EXTERNAL_SETS)[number];

/** One language edition of a set. */
export interface ExternalEdition {
  readonly lang: Language;
  readonly dataset: SquadDataset;
}

/** A set: its editions (paragraph-aligned, same question ids, when more than one) and its hold-out rule. */
export interface ExternalSetSource {
  readonly name: ExternalSetName;
  /** The first edition's titles decide the split; the others must match it article by article. */
  readonly editions: readonly ExternalEdition[];
  readonly rule: HoldOutRule;
}

/** Which part of the split to build, how many articles of it, and from which date items are dated. */
export interface ExternalCorpusOptions {
  readonly part: ExternalPart;
  /** Articles taken from the part (deterministic sample, see `sampleArticles`); undefined = all. */
  readonly sampleSize?: number;
  /** ISO date of the first item; item n (0-based, across the part) is dated n days later. Default 2019-01-01. */
  readonly firstDate?: string;
}

/** One written item. */
export interface CorpusItem {
  /** File name (no folder), e.g. `xquad-calibration-en.txt`. */
  readonly file: string;
  readonly lang: Language;
  readonly title: string;
  /** ISO `YYYY-MM-DD`. */
  readonly date: string;
  readonly body: string;
  /** The Wikipedia article's split key (its title). */
  readonly articleKey: string;
  /** 0-based paragraph of the article. */
  readonly paragraphIndex: number;
  /** 1-based position in its file = the article position the parser should give it. */
  readonly position: number;
}

/** One generated newsletter file. */
export interface CorpusFile {
  readonly name: string;
  readonly lang: Language;
  readonly text: string;
  /** In file order. */
  readonly items: readonly CorpusItem[];
}

/** A `{file, title}` reference, as in `dev.jsonl`. */
export interface ItemReference {
  readonly file: string;
  readonly title: string;
}

/** One question line: the `dev.jsonl` fields plus, for near misses, the items of the same Wikipedia article. */
export interface ExternalQuestion {
  /** The dataset's question id with the language, e.g. `56beb4343aeaaa14008c925b-en`. */
  readonly id: string;
  readonly lang: Language;
  /** `fact` (answerable) or `unanswerable-near-miss`. */
  readonly category: 'fact' | 'unanswerable-near-miss';
  readonly question: string;
  /** The item in the asker's language, then its other editions; empty for near misses. */
  readonly gold: readonly ItemReference[];
  /** The answer texts (distinct). */
  readonly facts: readonly string[];
  /** The gold item's date; null for near misses. */
  readonly date: string | null;
  /** Near misses: the written items of the same Wikipedia article (asker's language first); else absent. */
  readonly topic?: readonly ItemReference[];
  /** Near misses: whether an answer text occurs anyway in the asker-language corpus (whitespace and case ignored). */
  readonly answerInCorpus?: boolean;
}

/** A corpus with its questions and counts. */
export interface ExternalCorpus {
  readonly set: ExternalSetName;
  readonly part: ExternalPart;
  readonly files: readonly CorpusFile[];
  /** Answerable questions first per language, in dataset order. */
  readonly questions: readonly ExternalQuestion[];
  readonly stats: {
    readonly articles: number;
    /** Items per file. */
    readonly items: number;
    /** Paragraphs (`last-paragraph`) or sentences (`last-answer-sentence`) left out, per language. */
    readonly heldOut: number;
    /** Questions neither answerable nor near misses (see `hold-out.ts`), over all languages. */
    readonly droppedQuestions: number;
  };
}

const squash = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

function checkAligned(source: ExternalSetSource): void {
  const [first, ...others] = source.editions;
  if (first === undefined) throw new InputError(`Set ${source.name} has no editions.`);
  if (others.length > 0 && source.rule !== 'last-paragraph') {
    throw new InputError(`Set ${source.name}: editions can only be aligned under the last-paragraph rule.`);
  }
  for (const other of others) {
    const problem = first.dataset.data.findIndex((article, index) => {
      const twin = other.dataset.data[index];
      return (
        twin === undefined ||
        twin.paragraphs.length !== article.paragraphs.length ||
        article.paragraphs.some((paragraph, p) => paragraph.qas.map((q) => q.id).join() !== twin.paragraphs[p]?.qas.map((q) => q.id).join())
      );
    });
    if (problem !== -1 || other.dataset.data.length !== first.dataset.data.length) {
      throw new InputError(`Set ${source.name}: the ${other.lang} edition is not aligned with the ${first.lang} one (article ${problem}).`);
    }
  }
}

function headlineFor(lang: Language, article: SquadArticle, body: string, taken: Set<string>): string {
  const candidates = lang === 'en' ? [8, 12, 16, 24].map((words) => englishHeadline(article.title, body, words)) : [18, 26, 34, 42].map((characters) => chineseHeadline(body, characters));
  return uniqueHeadline(candidates, taken);
}

/**
 * Builds the corpus and questions of `options.part` of `source`.
 * @throws {InputError} when the editions are not aligned, or the sample size or first date is invalid.
 */
export function buildExternalCorpus(source: ExternalSetSource, options: ExternalCorpusOptions): ExternalCorpus {
  checkAligned(source);
  const editions = source.editions;
  const keyed = keyArticles(editions[0]?.dataset.data ?? []);
  const chosen = sampleArticles(splitByArticle(keyed)[options.part], options.sampleSize);
  const firstDate = options.firstDate ?? '2019-01-01';
  const fileName = (lang: Language): string => `${source.name}-${options.part}-${lang}.txt`;
  const plans = editions.map((edition) => chosen.map((entry) => planArticle(edition.dataset.data[entry.position] ?? entry.article, source.rule)));
  const items = editions.map((): CorpusItem[] => []);
  const taken = editions.map(() => new Set<string>());
  /** Per article (index in `chosen`) and paragraph: the item of each edition. */
  const itemAt = new Map<string, CorpusItem[]>();
  let ordinal = 0;
  chosen.forEach((entry, articleIndex) => {
    const firstPlans = plans[0]?.[articleIndex] ?? [];
    for (const plan of firstPlans) {
      if (plan.body === null) continue;
      const date = addDays(firstDate, ordinal);
      ordinal += 1;
      const written = editions.map((edition, e) => {
        const article = edition.dataset.data[entry.position] ?? entry.article;
        const body = plans[e]?.[articleIndex]?.[plan.paragraphIndex]?.body ?? '';
        const list = items[e] ?? [];
        const item: CorpusItem = {
          file: fileName(edition.lang),
          lang: edition.lang,
          title: headlineFor(edition.lang, article, body, taken[e] ?? new Set()),
          date,
          body,
          articleKey: entry.key,
          paragraphIndex: plan.paragraphIndex,
          position: list.length + 1,
        };
        list.push(item);
        return item;
      });
      itemAt.set(`${articleIndex}:${plan.paragraphIndex}`, written);
    }
  });
  const reference = (item: CorpusItem): ItemReference => ({ file: item.file, title: item.title });
  const questions: ExternalQuestion[] = [];
  let droppedQuestions = 0;
  let heldOut = 0;
  editions.forEach((edition, e) => {
    const corpusText = squash((items[e] ?? []).map((item) => item.body).join('\n'));
    const nearMisses: ExternalQuestion[] = [];
    chosen.forEach((_, articleIndex) => {
      const articlePlans: readonly ParagraphPlan[] = plans[e]?.[articleIndex] ?? [];
      const topicItems = [...itemAt.entries()].filter(([key]) => key.startsWith(`${articleIndex}:`)).map(([, list]) => list);
      for (const plan of articlePlans) {
        droppedQuestions += plan.dropped;
        if (plan.leftOut !== 'nothing') heldOut += 1;
        const written = itemAt.get(`${articleIndex}:${plan.paragraphIndex}`);
        for (const { question, role } of plan.questions) {
          const facts = [...new Set(question.answers.map((answer) => answer.text.trim()).filter((text) => text !== ''))];
          const id = `${question.id}-${edition.lang}`;
          const text = question.question.trim();
          if (role === 'answerable' && written !== undefined) {
            const own = written[e];
            const ordered = own === undefined ? written : [own, ...written.filter((item) => item !== own)];
            questions.push({ id, lang: edition.lang, category: 'fact', question: text, gold: ordered.map(reference), facts, date: own?.date ?? null });
          } else {
            const topic = [...topicItems.map((list) => list[e]), ...topicItems.flatMap((list) => list.filter((_, index) => index !== e))];
            nearMisses.push({
              id,
              lang: edition.lang,
              category: 'unanswerable-near-miss',
              question: text,
              gold: [],
              facts,
              date: null,
              topic: topic.filter((item): item is CorpusItem => item !== undefined).map(reference),
              answerInCorpus: facts.some((fact) => corpusText.includes(squash(fact))),
            });
          }
        }
      }
    });
    questions.push(...nearMisses);
  });
  const year = Number(firstDate.slice(0, 4));
  const files = editions.map((edition, e): CorpusFile => {
    const list = items[e] ?? [];
    return { name: fileName(edition.lang), lang: edition.lang, text: renderNewsletter(edition.lang, 1, year, list), items: list };
  });
  return {
    set: source.name,
    part: options.part,
    files,
    questions,
    stats: { articles: chosen.length, items: items[0]?.length ?? 0, heldOut: heldOut / Math.max(1, editions.length), droppedQuestions },
  };
}
