/**
 * Generated seed files for the hardening tests (issue 16 row 7): a file of many long lines with no blank
 * line between them (one paragraph that grows line by line), and a Markdown newsletter of many ordinary
 * articles (a big corpus). Deterministic: the same arguments give the same text.
 */

const WORDS = ['research', 'science', 'technology', 'laboratory', 'satellite', 'quantum', 'energy', 'the', 'of', 'and', 'new', 'system', 'network', 'academy'];

/** A small linear congruential generator (numerical recipes constants), so the text is reproducible. */
function wordPicker(seed: number): () => string {
  let state = seed;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) % 4_294_967_296;
    return WORDS[state % WORDS.length] ?? 'the';
  };
}

/** English sentences of 8–19 words until the text is at least `characters` long. */
function sentences(characters: number, next: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < characters) {
    const count = 8 + (next().length % 12);
    const words = Array.from({ length: count }, next);
    const sentence = `${(words[0] ?? 'The').replace(/^./u, (letter) => letter.toUpperCase())} ${words.slice(1).join(' ')}.`;
    parts.push(sentence);
    length += sentence.length + 1;
  }
  return parts.join(' ');
}

/**
 * `lines` lines of about `characters` characters of English prose each, with no blank line and no title:
 * the shape of the 31.8 MB file of issue 16 (10,000 lines × ~3,000 characters), which a parser that re-reads
 * the paragraph it grows takes quadratic time on, and in which no article is found.
 */
export function longLinesText(lines: number, characters: number, seed = 1): string {
  const next = wordPicker(seed);
  return `${Array.from({ length: lines }, () => sentences(characters, next)).join('\n')}\n`;
}

/**
 * A Markdown newsletter of `articles` articles (`# Generated article <n>`, a body of about
 * `bodyCharacters` characters in paragraphs of ≈ 400, a source line), the way the parser reads them.
 */
export function manyArticlesText(articles: number, bodyCharacters: number, seed = 1): string {
  const next = wordPicker(seed);
  const blocks: string[] = ['# China Science and Technology Newsletter (generated)', 'No. 1, 1 January 2016'];
  for (let number = 1; number <= articles; number += 1) {
    blocks.push(`# Generated article ${number}`);
    for (let written = 0; written < bodyCharacters; written += 400) blocks.push(sentences(400, next));
    blocks.push('(Source: Science and Technology Daily, 1 January 2016)');
  }
  return `${blocks.join('\n\n')}\n`;
}
