/** A real pino logger (the project's {@link createLogger}) whose JSON lines are kept in memory for assertions. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/core';

/** One parsed log line. `level` is pino's number: 20 debug, 30 info, 40 warn, 50 error. */
export type LogEntry = Readonly<Record<string, unknown>> & { readonly level: number; readonly msg?: string };

/** Records every line the logger writes. */
export class RecordingLogger {
  readonly logger: Logger;
  readonly lines: string[] = [];

  constructor(level: string = 'debug') {
    const lines = this.lines;
    const destination = new Writable({
      write(chunk: Buffer | string, _encoding, callback): void {
        for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(line);
        callback();
      },
    });
    this.logger = createLogger(level, destination);
  }

  /** Every line, parsed. */
  get entries(): LogEntry[] {
    return this.lines.map((line) => JSON.parse(line) as LogEntry);
  }

  /** Lines at error level (50) or above. */
  get errors(): LogEntry[] {
    return this.entries.filter((entry) => entry.level >= 50);
  }
}
