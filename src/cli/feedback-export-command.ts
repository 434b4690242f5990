/**
 * `npm run feedback:export -- [--out FILE]`: with the Slack bot's shared state in Redis (`REDIS_URL`), the
 * answer feedback lives in the Redis stream `<REDIS_KEY_PREFIX>feedback`, not in `FEEDBACK_LOG`. This writes
 * the stream as JSON Lines — the `FEEDBACK_LOG` format — to FILE (or standard output), so that
 * `npm run eval -- --from-feedback FILE` reads it as before. Without `REDIS_URL` there is nothing to export:
 * the feedback is already in `FEEDBACK_LOG`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { ConfigError, printableUrl } from '../core';
import { RedisStateStore, SHARED_STATE_POLICY } from '../slack';
import { createCommandContext, runCommand } from './cli-support';

const program = new Command('feedback:export')
  .description('Write the Slack feedback stream in Redis (REDIS_URL) as the JSON Lines file `npm run eval -- --from-feedback` reads.')
  .option('--out <file>', 'write to this file instead of standard output')
  .action(async (options: { out?: string }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const { redisUrl, redisKeyPrefix } = config.sharedState;
      if (redisUrl === null) throw new ConfigError([`REDIS_URL is not set: the feedback is in FEEDBACK_LOG (${config.feedbackLog}) already`]);
      const store = new RedisStateStore({
        url: redisUrl,
        keyPrefix: redisKeyPrefix,
        logger,
        limits: { rateLimitQuestions: 0, rateLimitWindowMilliseconds: 1000, maximumTurnsPerThread: 1, maximumThreads: 1, maximumAnswers: 1, maximumClaims: 1 },
      });
      try {
        await store.waitUntilReady(SHARED_STATE_POLICY.connectTimeoutMilliseconds);
        const records = await store.feedbackRecords();
        const lines = records.map((record) => `${JSON.stringify(record)}\n`).join('');
        if (options.out === undefined) process.stdout.write(lines);
        else {
          await writeFile(path.resolve(options.out), lines);
          process.stderr.write(`${records.length} feedback records from ${printableUrl(redisUrl)} (${redisKeyPrefix}feedback) written to ${options.out}\n`);
        }
      } finally {
        await store.close();
      }
    });
  });

await program.parseAsync(process.argv);
