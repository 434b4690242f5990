/**
 * Where the public question-answering sets live in `../shared/eval/external/` (see its README.md) and how
 * each is turned into a corpus: XQuAD's development half in English and Chinese (paragraph-aligned, same
 * question ids; the last paragraph of each article left out), CMRC 2018's development set in Chinese (one
 * paragraph per article; the last sentence holding an answer left out, see `hold-out.ts`).
 */
import path from 'node:path';
import type { ExternalSetName, ExternalSetSource } from './external-corpus';
import { readSquadFile } from './squad-file';

/** Files of each set, relative to the data folder, in edition order. */
export const EXTERNAL_SET_FILES: Readonly<Record<ExternalSetName, readonly { readonly lang: 'en' | 'zh'; readonly file: string }[]>> = Object.freeze({
  xquad: [
    { lang: 'en', file: 'xquad-dev/xquad.en.dev.json' },
    { lang: 'zh', file: 'xquad-dev/xquad.zh.dev.json' },
  ],
  cmrc: [{ lang: 'zh', file: 'cmrc2018/cmrc2018_dev.json' }],
});

/** Articles per part taken from CMRC 2018 by default (of 424), so that a run takes minutes. */
export const DEFAULT_CMRC_SAMPLE = 40;

/**
 * Reads one set from `dataDir` (e.g. `../shared/eval/external`).
 * @throws {InputError} when a file cannot be read or is not SQuAD v1.1 JSON.
 */
export async function loadExternalSet(name: ExternalSetName, dataDir: string): Promise<ExternalSetSource> {
  const editions = [];
  for (const { lang, file } of EXTERNAL_SET_FILES[name]) {
    editions.push({ lang, dataset: await readSquadFile(path.join(dataDir, file)) });
  }
  return { name, editions, rule: name === 'xquad' ? 'last-paragraph' : 'last-answer-sentence' };
}
