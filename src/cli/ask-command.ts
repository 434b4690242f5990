/**
 * `npm run ask -- [--json] [--batch FILE.jsonl] "question"`: an answer with numbered citations.
 *
 * Exit status: 0 when answered (a refusal — "not in the newsletters" — is an answer); 1 on any error, with
 * `error CODE: message` on standard error and nothing on standard output. A question longer than
 * `MAX_QUESTION_CHARS` (default 2000 characters) is `error QUESTION_TOO_LONG: …`, reported before the index
 * is opened; in a `--batch` file it is `error INPUT_INVALID: FILE: question ID: …`, before any is answered.
 */
import { Command } from 'commander';
import { openAssistant } from '../app';
import { checkQuestionLength } from '../answer';
import { InputError, QuestionTooLongError } from '../core';
import { createCommandContext, printJsonLine, readBatchFile, runCommand } from './cli-support';
import { formatAnswerText, toAskJson } from './present';
import { createBuildProgressReporter } from './progress';

const program = new Command('ask')
  .description('Ask the newsletters a question in English or Chinese; the answer cites its sources.')
  .argument('[question...]', 'the question')
  .option('--json', 'print {"question", "found", "answer", "lang", "mode", "citations": [...]} as JSON')
  .option('--batch <file>', 'JSON Lines file of {"id", "question"}; prints one JSON line per input line')
  .action(async (words: string[], options: { json?: boolean; batch?: string }) => {
    await runCommand(async () => {
      const { config, logger } = createCommandContext();
      const question = words.join(' ').trim();
      if (options.batch === undefined && question === '') throw new InputError('Give a question, e.g. npm run ask -- "Who chaired the 7th China-US Innovation Dialogue?"');
      // Read the batch first: a malformed file is reported before any index is built.
      const batch = options.batch === undefined ? null : await readBatchFile(options.batch);
      // Over-long questions too, before the index is opened (the assistant would refuse them one by one).
      if (batch === null) checkQuestionLength(question, config.maxQuestionCharacters);
      for (const item of batch ?? []) {
        try {
          checkQuestionLength(item.question, config.maxQuestionCharacters);
        } catch (error) {
          if (error instanceof QuestionTooLongError) throw new InputError(`${options.batch ?? ''}: question ${item.id}: ${error.message}`, { cause: error });
          throw error;
        }
      }
      const opening = performance.now();
      const runtime = await openAssistant(config, logger, { onProgress: createBuildProgressReporter(logger) });
      const opened = performance.now();
      if (batch !== null) {
        for (const item of batch) {
          printJsonLine({ id: item.id, ...toAskJson(await runtime.assistant.ask(item.question)) });
        }
        return;
      }
      const answer = await runtime.assistant.ask(question);
      // Start-up to first answer (issue 15): `performance.now()` counts from the process's start.
      logger.info(
        { sinceProcessStartMilliseconds: Math.round(performance.now()), openMilliseconds: Math.round(opened - opening), answerMilliseconds: Math.round(performance.now() - opened) },
        'answered',
      );
      if (options.json === true) printJsonLine(toAskJson(answer));
      else process.stdout.write(`${formatAnswerText(answer)}\n`);
    });
  });

await program.parseAsync(process.argv);
