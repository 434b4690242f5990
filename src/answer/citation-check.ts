/**
 * Checks the citations of a generated answer before it is shown, sentence by sentence, as the text streams:
 *
 * - A marker `[n]` that points to no retrieved source is removed (full-width `【n】`, `[1, 2]` and `[1][2]`
 *   are normalised to `[n]` first).
 * - The facts of a sentence — numbers (with 万/亿/million scales, ordinals, Chinese numerals), month names
 *   and Latin-script names — must be found in the sources it cites. When they are not, but one other source
 *   contains them all, the marker moves there; otherwise the markers are dropped and the sentence is flagged
 *   as not found in the sources, so nothing unsupported is presented as coming from them.
 * - A sentence without markers whose facts one source contains gets that source's marker (post-hoc
 *   citation, as RAGFlow's `insert_citations` does).
 * - A link — Markdown `[label](url)`, Slack `<url|label>`, or a bare URL — stays only when a source the
 *   sentence cites contains its URL; otherwise it is replaced by its label as plain text (a bare URL is
 *   removed), so no label hides a target the sources do not give.
 *
 * Names in one script cannot be checked against a source written only in the other script (an English
 * name against a Chinese source without a glossary entry); those are left unjudged rather than flagged.
 */
import type { Language } from '../core';
import {
  CHINESE_SENTENCE_END_CHARACTERS,
  containsUrl,
  endsWithAbbreviation,
  englishMonthWordNumber,
  findLinks,
  insideLink,
  numericValues,
  scaleFactor,
  SENTENCE_END_CHARACTERS,
  type Glossary,
  type TextLink,
} from '../language';

/** A source as the checker sees it: its marker number and everything it may be quoted for. */
export interface CheckableSource {
  readonly n: number;
  /** Title, outlet, date, issue and the chunk or article text given to the model. */
  readonly text: string;
}

/** The outcome for one sentence. */
export interface CheckedSentence {
  /** The sentence as it will be shown: markers normalised, corrected or removed, a flag when unsupported. */
  readonly text: string;
  /** The markers it cites after checking. */
  readonly markers: readonly number[];
  /** Markers removed because they point to no source. */
  readonly invalidMarkers: readonly number[];
  /** Facts (numbers, names) that no cited source contains; non-empty means the sentence was flagged. */
  readonly unsupportedFacts: readonly string[];
  /** URLs of links removed (label kept as text) because no cited source contains them. */
  readonly unverifiedLinks: readonly string[];
}

const UNSUPPORTED_FLAG: Record<Language, string> = {
  en: ' (not found in the sources)',
  zh: '（来源中未找到）',
};

const MARKER_GROUP = /\s*(?:\[\^?|［|【)\s*(\d{1,3}(?:\s*[,，、;；]\s*\d{1,3})*)\s*(?:\]|］|】)/gu;

/** The facts of an answer sentence that its sources must contain. */
interface SentenceFacts {
  readonly numbers: readonly { readonly surface: string; readonly value: number }[];
  readonly names: readonly string[];
}

const NAME_STOPWORDS = new Set(
  'The A An In On At By For From Of And Or But This That These Those It Its They Their He She His Her We Our As To With According Also However Both Each After Before During Since Under Over Between Among Summary Note'.split(' '),
);

function sentenceFacts(sentence: string): SentenceFacts {
  const normalized = sentence.normalize('NFKC');
  const numbers: { surface: string; value: number }[] = [];
  for (const match of normalized.matchAll(/(\d+(?:[.,]\d+)*)\s*(百万|千万|万|亿|thousand|million|billion|trillion)?(?:st|nd|rd|th)?/giu)) {
    const raw = match[1] ?? '';
    const value = Number(/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/u.test(raw) ? raw.replaceAll(',', '') : raw.replace(',', '.'));
    if (!Number.isFinite(value)) continue;
    const scale = match[2] === undefined ? null : scaleFactor(match[2]);
    numbers.push({ surface: match[0].trim(), value: scale === null ? value : Number((value * scale).toPrecision(12)) });
  }
  // Names are checked word by word ("US Energy Secretary Ernest Moniz" against "U.S. Secretary of Energy
  // Ernest Moniz"): every capitalised word of three or more letters must occur in the cited sources.
  const names: string[] = [];
  for (const match of normalized.matchAll(/\b[A-Z][\p{L}'’-]{2,}/gu)) {
    const word = match[0].replace(/['’]s$/u, '');
    if (NAME_STOPWORDS.has(word) || englishMonthWordNumber(word) !== null || names.includes(word)) continue;
    names.push(word);
  }
  return { numbers, names };
}

/** A prepared source: its lowercase text, numeric values and whether it has Latin-script prose. */
interface PreparedSource {
  readonly n: number;
  /** The text as given (for URL checks). */
  readonly original: string;
  readonly text: string;
  readonly values: ReadonlySet<number>;
  readonly hasLatinProse: boolean;
}

function prepare(source: CheckableSource): PreparedSource {
  const text = source.text.normalize('NFKC');
  const latin = (text.match(/[A-Za-z]/gu) ?? []).length;
  return { n: source.n, original: source.text, text: text.toLowerCase(), values: numericValues(text), hasLatinProse: latin > text.length * 0.3 };
}

/** Checks sentences against the numbered sources of one answer. */
export class CitationChecker {
  private readonly sources: ReadonlyMap<number, PreparedSource>;
  private readonly glossary: Glossary | undefined;
  private readonly lang: Language;

  /**
   * @param sources - the numbered sources the model was given.
   * @param lang - the answer's language (for the "not found in the sources" flag).
   * @param glossary - bilingual names: a name is found when any of its names in either language is.
   */
  constructor(sources: readonly CheckableSource[], lang: Language, glossary?: Glossary) {
    this.sources = new Map(sources.map((source) => [source.n, prepare(source)]));
    this.lang = lang;
    this.glossary = glossary;
  }

  /** Checks one sentence (with its trailing markers and whitespace). */
  check(sentence: string): CheckedSentence {
    const cited: number[] = [];
    const invalid: number[] = [];
    const trailingSpace = /\s*$/u.exec(sentence)?.[0] ?? '';
    const bare = sentence
      .slice(0, sentence.length - trailingSpace.length)
      .replace(MARKER_GROUP, (_group: string, list: string) => {
        for (const number of list.split(/[,，、;；]/u).map((part) => Number(part.trim()))) {
          if (!this.sources.has(number)) invalid.push(number);
          else if (!cited.includes(number)) cited.push(number);
        }
        return '';
      });
    const links = findLinks(bare);
    // A link's label is read as text; its URL is not (digits or words in a path are not facts of the sentence).
    const facts = sentenceFacts(replaceLinks(bare, links, () => false));
    const hasFacts = facts.numbers.length > 0 || facts.names.length > 0;
    let markers = cited;
    let unsupported = this.unsupported(facts, cited);
    if (cited.length > 0 && unsupported.length > 0) {
      const other = this.singleSupportingSource(facts);
      if (other !== null) {
        markers = [other];
        unsupported = [];
      }
    } else if (cited.length === 0 && hasFacts) {
      const other = this.singleSupportingSource(facts);
      if (other !== null) markers = [other];
      else unsupported = this.unsupported(facts, [...this.sources.keys()]).length === 0 ? [] : this.listFacts(facts);
    }
    if (unsupported.length > 0) markers = [];
    const verified = (link: TextLink): boolean =>
      markers.some((n) => {
        const source = this.sources.get(n);
        return source !== undefined && containsUrl(source.original, link.url);
      });
    const unverifiedLinks = links.filter((link) => !verified(link)).map((link) => link.url);
    const core = replaceLinks(bare, links, verified).replace(/\s+$/u, '');
    const markerText = markers.map((n) => `[${n}]`).join('');
    const flag = unsupported.length > 0 ? UNSUPPORTED_FLAG[this.lang] : '';
    const text = `${this.attach(core, markerText)}${flag}${trailingSpace}`;
    return { text, markers, invalidMarkers: invalid, unsupportedFacts: unsupported, unverifiedLinks };
  }

  /** Places markers before the sentence's final punctuation in Chinese, after a space in English. */
  private attach(core: string, markerText: string): string {
    if (markerText === '') return core;
    const ending = core.slice(-1);
    if (ending !== '' && CHINESE_SENTENCE_END_CHARACTERS.includes(ending)) return `${core.slice(0, -1)}${markerText}${ending}`;
    return `${core} ${markerText}`;
  }

  private listFacts(facts: SentenceFacts): string[] {
    return [...facts.numbers.map((number) => number.surface), ...facts.names];
  }

  /** The facts no source among `markers` contains. */
  private unsupported(facts: SentenceFacts, markers: readonly number[]): string[] {
    const sources = markers.map((n) => this.sources.get(n)).filter((source): source is PreparedSource => source !== undefined);
    if (sources.length === 0) return [];
    const missing: string[] = [];
    for (const number of facts.numbers) {
      if (!sources.some((source) => source.values.has(number.value))) missing.push(number.surface);
    }
    for (const name of facts.names) {
      const judged = sources.some((source) => source.hasLatinProse) || this.glossaryNames(name).length > 1;
      if (!judged) continue;
      const forms = this.glossaryNames(name);
      if (!sources.some((source) => forms.some((form) => source.text.includes(form)))) missing.push(name);
    }
    return missing;
  }

  /** The name in lowercase, plus its glossary names in both languages when it is a glossary name. */
  private glossaryNames(name: string): string[] {
    const forms = [name.toLowerCase()];
    for (const match of this.glossary?.findMatches(name) ?? []) {
      if (match.surface.length < name.length * 0.6) continue;
      for (const form of [...match.entry.english, ...match.entry.chinese]) forms.push(form.toLowerCase());
    }
    return forms;
  }

  /** The one source (lowest number) that contains every fact, or null. */
  private singleSupportingSource(facts: SentenceFacts): number | null {
    for (const n of [...this.sources.keys()].sort((left, right) => left - right)) {
      if (this.unsupported(facts, [n]).length === 0 && this.anyFactJudged(facts, n)) return n;
    }
    return null;
  }

  /** Whether at least one fact could be judged against source `n` (a number, or a name in its script). */
  private anyFactJudged(facts: SentenceFacts, n: number): boolean {
    const source = this.sources.get(n);
    if (source === undefined) return false;
    return facts.numbers.length > 0 || (facts.names.length > 0 && (source.hasLatinProse || facts.names.some((name) => this.glossaryNames(name).length > 1)));
  }
}

/**
 * `text` with every link of `links` (found in it, in order) that `keep` rejects replaced by its label; a bare
 * URL is removed with the space before it when a space, punctuation or the end follows.
 */
function replaceLinks(text: string, links: readonly TextLink[], keep: (link: TextLink) => boolean): string {
  let result = '';
  let offset = 0;
  for (const link of links) {
    result += text.slice(offset, link.start);
    offset = link.end;
    if (keep(link)) result += text.slice(link.start, link.end);
    else if (link.label !== '') result += link.label;
    else if (/[ \t]$/u.test(result) && /^(?:[ \t]|[.,;:!?…]|$)/u.test(text.slice(offset))) result = result.slice(0, -1);
  }
  return result + text.slice(offset);
}

/**
 * Splits streamed text into sentences as it arrives, each with its trailing `[n]` markers and whitespace,
 * so every sentence can be checked before it is shown. Sentence ends: `SENTENCE_END_CHARACTERS`, a `.` not inside a
 * number or after a short abbreviation (No., U.S., Dr.), and line breaks (Markdown bullets stay whole).
 */
export class SentenceStream {
  private buffer = '';

  /** Adds `delta` and returns the sentences it completed, in order. */
  push(delta: string): string[] {
    this.buffer += delta;
    const sentences: string[] = [];
    for (;;) {
      const end = this.completeSentenceEnd();
      if (end === -1) break;
      sentences.push(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end);
    }
    return sentences;
  }

  /** The rest of the text, once the stream has ended ('' when none). */
  end(): string {
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }

  /** The end offset of the first complete sentence (its markers and spaces included), or -1. */
  private completeSentenceEnd(): number {
    const text = this.buffer;
    for (let index = 0; index < text.length; index += 1) {
      const character = text[index] ?? '';
      let boundary = false;
      if (character === '\n') boundary = true;
      else if ((character === '?' || character === '!') && insideLink(text, index)) {
        // `https://example.org/a?b=1`: a `?` or `!` inside a URL ends a sentence only when a space follows.
        const after = text[index + 1];
        if (after === undefined) return -1;
        boundary = /\s/u.test(after);
      } else if (SENTENCE_END_CHARACTERS.includes(character)) boundary = true;
      else if (character === '.') {
        const after = text[index + 1];
        if (after === undefined) return -1;
        boundary = /\s/u.test(after) && !endsWithAbbreviation(text.slice(0, index + 1));
      }
      if (!boundary) continue;
      // Take closing quotes, markers and whitespace that follow the end.
      let end = index + 1;
      for (;;) {
        const rest = text.slice(end);
        const closing = /^[”’"'）)」』]+/u.exec(rest);
        const marker = /^\s*(?:\[\^?|［|【)\s*\d{1,3}(?:\s*[,，、;；]\s*\d{1,3})*\s*(?:\]|］|】)/u.exec(rest);
        const space = /^[ \t]+/u.exec(rest);
        const match = closing ?? marker ?? (character === '\n' ? null : space);
        if (match === null) {
          // A marker may be arriving in pieces ("[", "[1,"): wait for the rest.
          if (/^\s*(?:\[\^?|［|【)[\d\s,，、;；]*$/u.test(rest)) return -1;
          break;
        }
        end += match[0].length;
      }
      if (end >= text.length) return -1; // More markers may still arrive.
      const newlines = /^\n+/u.exec(text.slice(end));
      if (newlines !== null) end += newlines[0].length;
      return end;
    }
    return -1;
  }
}
