// How an experiment talks to whoever runs it (the CLI's terminal, a test, a sweep).
import type { StepLog } from '../train/fit.js';

export interface RunIO {
  log(line: string): void;
  warn(line: string): void;
  /** Training progress, after every logged step. */
  progress?(p: StepLog & { total: number }): void;
}

export const silentIO: RunIO = { log: () => {}, warn: () => {} };
