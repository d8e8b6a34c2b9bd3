// Reads run folders (or folders of run folders, such as an experiment's) for a report.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RUN_FILES } from '../experiments/run_dir.js';
import type { RunSummary } from '../experiments/train_run.js';

export interface MetricPoint { kind: 'train' | 'val'; iteration: number; loss?: number; accuracy?: number; valError?: number }

export interface LoadedRun {
  name: string; // folder name, unique within a report
  path: string;
  summary: RunSummary & { labels?: string };
  config: Record<string, unknown>;
  metrics: MetricPoint[];
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function loadRun(path: string): LoadedRun {
  const metricsPath = join(path, RUN_FILES.metrics);
  const metrics = existsSync(metricsPath)
    ? readFileSync(metricsPath, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as MetricPoint)
    : [];
  const configPath = join(path, RUN_FILES.config);
  return {
    name: basename(path), path, summary: readJson<RunSummary>(join(path, RUN_FILES.summary)),
    config: existsSync(configPath) ? readJson<Record<string, unknown>>(configPath) : {}, metrics,
  };
}

const isRun = (p: string) => existsSync(join(p, RUN_FILES.summary));

/** The run folders under `path`: itself, its children, or its runs/ children (experiments). */
export function findRuns(path: string): string[] {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new Error(`${path} is not a folder`);
  if (isRun(path)) return [path];
  const children = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort().map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory()) : []);
  const found = [...children(path), ...children(join(path, 'runs'))].filter(isRun);
  if (found.length === 0) throw new Error(`${path} holds no run folder (no ${RUN_FILES.summary} in it, its subfolders or runs/)`);
  return found;
}

/** Every run under the given paths, in the order given; names made unique. */
export function loadRuns(paths: string[]): LoadedRun[] {
  const runs = paths.flatMap(findRuns).map(loadRun);
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const n = seen.get(r.name) ?? 0;
    seen.set(r.name, n + 1);
    return n === 0 ? r : { ...r, name: `${r.name}~${n + 1}` };
  });
}
