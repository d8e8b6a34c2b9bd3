// The run folder, a stable contract: every file name comes from here, every write is atomic.
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../io/atomic.js';

export const RUN_FILES = {
  config: 'config.json', // written first: the full configuration, backend and versions
  summary: 'summary.json', // model, data, sparsity, κ, per-layer counts, results
  summaryMd: 'summary.md',
  masks: 'masks.safetensors', // one uint8 mask per prunable weight
  init: 'init.safetensors', // the initial weights that were scored
  scoreBatch: 'score-batch.safetensors', // tensors x and y used for scoring
  metrics: 'metrics.jsonl', // one line per logged step or validation
  checkpoint: 'checkpoint.safetensors', // latest weights, momentum and loop state
  best: 'best.safetensors', // weights of the best validation error
} as const;

export type RunFile = keyof typeof RUN_FILES;
export type OpenMode = 'new' | 'resume' | 'force';

export class RunDir {
  private constructor(readonly path: string) {}

  /**
   * 'new' refuses an existing non-empty folder, 'resume' needs one with a config, 'force'
   * empties it first (the user asked to overwrite).
   */
  static open(path: string, mode: OpenMode): RunDir {
    const exists = existsSync(path) && readdirSync(path).length > 0;
    switch (mode) {
      case 'new':
        if (exists) throw new Error(`${path} already exists; pass --resume ${path} to continue it or --force to overwrite it`);
        break;
      case 'resume':
        if (!existsSync(join(path, RUN_FILES.config))) throw new Error(`cannot resume: ${path} has no ${RUN_FILES.config}`);
        break;
      case 'force':
        if (exists) for (const f of Object.values(RUN_FILES)) rmSync(join(path, f), { force: true });
        break;
      default: {
        const never: never = mode;
        throw new Error(`unknown mode ${String(never)}`);
      }
    }
    ensureDir(path);
    return new RunDir(path);
  }

  file(name: RunFile): string {
    return join(this.path, RUN_FILES[name]);
  }

  has(name: RunFile): boolean {
    return existsSync(this.file(name));
  }

  writeJson(name: 'config' | 'summary', value: unknown): void {
    writeFileAtomic(this.file(name), `${JSON.stringify(value, null, 2)}\n`);
  }

  readJson<T>(name: 'config' | 'summary'): T {
    const path = this.file(name);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (e) {
      throw new Error(`cannot read ${path}: ${(e as Error).message}`);
    }
  }

  writeText(name: 'summaryMd', text: string): void {
    writeFileAtomic(this.file(name), text);
  }

  appendMetric(record: Record<string, unknown>): void {
    appendFileSync(this.file('metrics'), `${JSON.stringify(record)}\n`);
  }

  /** Drops metric lines past `iteration` (they are replayed after a resume). */
  truncateMetrics(iteration: number): void {
    if (!this.has('metrics')) return;
    const kept = readFileSync(this.file('metrics'), 'utf8').split('\n')
      .filter((l) => l.trim() !== '')
      .filter((l) => (JSON.parse(l) as { iteration: number }).iteration <= iteration);
    writeFileAtomic(this.file('metrics'), kept.map((l) => `${l}\n`).join(''));
  }
}
