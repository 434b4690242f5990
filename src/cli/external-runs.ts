/**
 * Shared by `eval:external` and `calibrate`: where a generated corpus's files and index live, and opening
 * the assistant over them.
 */
import path from 'node:path';
import { openAssistant, type AssistantRuntime } from '../app';
import { loadConfig, type AppConfig, type Logger } from '../core';
import { writeExternalCorpus, type ExternalCorpus } from '../eval';
import { REPOSITORY_ROOT } from './cli-support';
import { createBuildProgressReporter } from './progress';

/** The embedder kinds a run may choose. */
export type ExternalEmbedderKind = AppConfig['embedder']['kind'];

/**
 * The config for one corpus folder: its own seeds, index and (absent) pair overrides; the hashed
 * embedder unless `EMBEDDER` or `embedder` says otherwise.
 */
export function externalPartConfig(directory: string, seedsDir: string, embedder: ExternalEmbedderKind | undefined): AppConfig {
  return loadConfig(
    {
      EMBEDDER: 'hashed',
      ...process.env,
      ...(embedder === undefined ? {} : { EMBEDDER: embedder }),
      SEEDS_DIR: seedsDir,
      INDEX_DIR: path.join(directory, 'index'),
      PAIR_OVERRIDES_FILE: path.join(directory, 'pairs.tsv'),
    },
    REPOSITORY_ROOT,
  );
}

/** A corpus written under `<out>/<set>/<part>/` and the assistant opened over it (index built when needed). */
export interface OpenedExternalPart {
  readonly directory: string;
  readonly runtime: AssistantRuntime;
  /** Seconds spent opening (building or loading the index). */
  readonly openSeconds: number;
}

/** Writes `corpus` under `out` and opens the assistant over it. @throws whatever writing or opening throws. */
export async function openExternalPart(corpus: ExternalCorpus, out: string, embedder: ExternalEmbedderKind | undefined, logger: Logger): Promise<OpenedExternalPart> {
  const directory = path.resolve(out, corpus.set, corpus.part);
  const written = await writeExternalCorpus(corpus, directory);
  const started = performance.now();
  const runtime = await openAssistant(externalPartConfig(directory, written.seedsDir, embedder), logger, { onProgress: createBuildProgressReporter(logger) });
  return { directory, runtime, openSeconds: (performance.now() - started) / 1000 };
}
