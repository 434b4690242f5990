/**
 * The source pages over the real assistant: the seed fixture (plus, when asked, a newsletter whose text
 * carries HTML, script and Slack mrkdwn) indexed with the hashed embedder in a temp folder, served by the
 * real Express app on 127.0.0.1:0 through the same wiring `npm run web` uses.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AssistantHost } from '../../../src/app';
import { createSilentLogger, type Logger } from '../../../src/core';
import { sourcePagesHandler } from '../../../src/cli/source-pages';
import { startWebServer, type WebServer } from '../../../src/web';
import { openSeedAssistant, type SeedAssistant } from '../../app/support/seed-assistant';
import { copySeedFixture } from '../../support/seed-fixture';

/** An English newsletter whose title and body try to inject HTML, script and Slack mrkdwn. */
export const HOSTILE_NEWSLETTER = [
  'China Science and Technology Newsletter',
  'No. 99, May 20, 2020',
  '',
  '<script>alert("title")</script> Quantum Lab Opens in Hefei',
  '',
  'The <b>quantum</b> laboratory opened on 5 May 2020 <img src=x onerror=alert(1)> in Hefei. Its director said *everyone* should read <https://evil.example|this link> and <!channel> ping.',
  '',
  'Researchers will study quantum networks & sensors for five years.',
  '',
  '(Source: Science and Technology Daily, 6 May 2020)',
  '',
  'Second Item About Satellites',
  '',
  'A satellite for ocean observation was launched on 12 May 2020 from Taiyuan.',
  '',
  '(Source: Xinhua, 12 May 2020)',
  '',
].join('\n');

/** The file name of {@link HOSTILE_NEWSLETTER} in the seeds copy; its items' ids start with `900_hostile#`. */
export const HOSTILE_FILE = '900_hostile.txt';

/** A running page server over a seed assistant. */
export interface WebFixture {
  readonly seed: SeedAssistant;
  readonly host: AssistantHost;
  readonly server: WebServer;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the pages. `env` adds variables (e.g. `WEB_BASIC_AUTH`); `hostile` adds {@link HOSTILE_NEWSLETTER}
 * to the seeds copy before the index is built.
 */
export async function startWebFixture(options: { readonly env?: Record<string, string>; readonly hostile?: boolean; readonly logger?: Logger } = {}): Promise<WebFixture> {
  const logger = options.logger ?? createSilentLogger();
  let seedsDir: string | undefined;
  if (options.hostile === true) {
    seedsDir = await copySeedFixture();
    await writeFile(path.join(seedsDir, HOSTILE_FILE), HOSTILE_NEWSLETTER, 'utf8');
  }
  const seed = await openSeedAssistant({ env: { ...(seedsDir === undefined ? {} : { SEEDS_DIR: seedsDir }), ...options.env }, logger });
  const host = new AssistantHost(seed.runtime, logger);
  const server = await startWebServer(sourcePagesHandler(seed.config, host, logger), { host: '127.0.0.1', port: 0 });
  return {
    seed,
    host,
    server,
    baseUrl: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.close();
      await seed.temp.remove();
      if (seedsDir !== undefined) await rm(path.dirname(seedsDir), { recursive: true, force: true });
    },
  };
}
