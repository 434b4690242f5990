/**
 * The four lookups the bilingual lexicon answers, behind one interface with two implementations: the
 * parsed dictionary held in memory ({@link InMemoryLexiconTables}: tests, and the fallback when no compact
 * file can be written) and the compact on-disk form (`compact-lexicon.ts`, what a process normally uses).
 * `BilingualLexicon` answers every question through these tables only, so both give identical answers.
 */

/** Parsed dictionary data: Chinese headwords with their senses, and the English words the senses use. */
export interface LexiconData {
  /** Simplified headwords of 2–4 Han characters → the phrases of their senses (`to attend`), dictionary order. */
  readonly senses: ReadonlyMap<string, readonly string[]>;
  /** Lowercase English words written in lowercase in the glosses (`change`, `panda`; not `nanning`). */
  readonly englishWords: ReadonlySet<string>;
}

/** The lexicon's lookups (see `BilingualLexicon` for what each means). */
export interface LexiconTables {
  /** Number of Chinese headwords with at least one kept sense. */
  readonly headwordCount: number;
  /** Whether `headword` has a kept sense. */
  has(headword: string): boolean;
  /** The sense phrases of `headword`, dictionary order; empty when unknown. */
  phrases(headword: string): readonly string[];
  /** The headwords with a sense that has this English stem, in dictionary order of first sight; empty when none. */
  headwordsWithStem(stem: string): readonly string[];
  /** Number of headwords with this sense phrase. */
  headwordsWithPhrase(phrase: string): number;
  /** Whether the lowercase `word` is written in lowercase somewhere in the glosses. */
  isEnglishWord(word: string): boolean;
}

/** The content stems of a sense phrase (`to attend` → `['attend']`, `young person` → `['young', 'person']`). */
export function phraseStems(phrase: string): string[] {
  return (phrase.startsWith('to ') ? phrase.slice(3) : phrase).split(' ');
}

/**
 * The derived indexes of `data`: headwords by stem (each headword once per stem, in the order of
 * `data.senses`) and the number of headwords with each phrase. The compact file stores exactly these.
 */
export function deriveLexiconIndexes(data: LexiconData): { headwordsByStem: Map<string, string[]>; phraseHeadwords: Map<string, number> } {
  const headwordsByStem = new Map<string, string[]>();
  const phraseHeadwords = new Map<string, number>();
  for (const [headword, phrases] of data.senses) {
    const stems = new Set<string>();
    for (const phrase of phrases) for (const stem of phraseStems(phrase)) stems.add(stem);
    for (const stem of stems) {
      const list = headwordsByStem.get(stem);
      if (list === undefined) headwordsByStem.set(stem, [headword]);
      else list.push(headword);
    }
    for (const phrase of phrases) phraseHeadwords.set(phrase, (phraseHeadwords.get(phrase) ?? 0) + 1);
  }
  return { headwordsByStem, phraseHeadwords };
}

/** The whole parsed dictionary in memory (about 35 MB of heap for CC-CEDICT). */
export class InMemoryLexiconTables implements LexiconTables {
  readonly headwordCount: number;
  private readonly senses: ReadonlyMap<string, readonly string[]>;
  private readonly englishWords: ReadonlySet<string>;
  private readonly headwordsByStem: ReadonlyMap<string, readonly string[]>;
  private readonly phraseHeadwords: ReadonlyMap<string, number>;

  constructor(data: LexiconData) {
    this.senses = data.senses;
    this.englishWords = data.englishWords;
    this.headwordCount = data.senses.size;
    const { headwordsByStem, phraseHeadwords } = deriveLexiconIndexes(data);
    this.headwordsByStem = headwordsByStem;
    this.phraseHeadwords = phraseHeadwords;
  }

  has(headword: string): boolean {
    return this.senses.has(headword);
  }

  phrases(headword: string): readonly string[] {
    return this.senses.get(headword) ?? [];
  }

  headwordsWithStem(stem: string): readonly string[] {
    return this.headwordsByStem.get(stem) ?? [];
  }

  headwordsWithPhrase(phrase: string): number {
    return this.phraseHeadwords.get(phrase) ?? 0;
  }

  isEnglishWord(word: string): boolean {
    return this.englishWords.has(word);
  }
}
