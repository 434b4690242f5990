/**
 * A real pino logger whose destination records every line, so tests can assert on what was logged
 * (level, message, structured fields) without touching standard error.
 */
import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../../src/core';

/** One parsed log line. */
export interface LogRecord {
  /** pino level name: `info`, `warn`, … */
  readonly level: string;
  readonly message: string;
  /** Every field of the line, as logged. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Records each JSON line pino writes to it. */
export class RecordingLogDestination implements DestinationStream {
  readonly records: LogRecord[] = [];

  write(line: string): void {
    const fields = JSON.parse(line) as Record<string, unknown>;
    const levelNumber = typeof fields.level === 'number' ? fields.level : -1;
    this.records.push({
      level: pino.levels.labels[levelNumber] ?? String(levelNumber),
      message: typeof fields.msg === 'string' ? fields.msg : '',
      fields,
    });
  }

  /** Records at `level`, in logging order. */
  at(level: string): readonly LogRecord[] {
    return this.records.filter((record) => record.level === level);
  }
}

/** A logger at level `trace` writing to a fresh {@link RecordingLogDestination}. */
export function createRecordingLogger(): { readonly logger: Logger; readonly destination: RecordingLogDestination } {
  const destination = new RecordingLogDestination();
  return { logger: pino({ level: 'trace', base: undefined }, destination), destination };
}
