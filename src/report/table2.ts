// The paper's Table 2 from this project's own runs: each pruned run paired with the dense
// reference of the same model, data set, seed and schedule, beside the paper's numbers.
// Rows accumulate in one JSON file (results/table2.json); a re-run replaces its row.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic.js';
import { defaultConfig, recordedScoreSampling, type RunConfig } from '../experiments/config.js';
import { scheduleText } from '../experiments/experiment.js';
import { withScheduleDefaults } from '../train/lr_schedule.js';
import { loadRuns, type LoadedRun } from './load_results.js';

/** Lee et al. 2019, Table 2 (and the Tiny-ImageNet issue): % error, reference → pruned at `sparsity`. */
export const PAPER_TABLE2: Record<string, { dataset: string; sparsity: number; ref: number; pruned: number }> = {
  'lenet-300-100': { dataset: 'mnist', sparsity: 0.95, ref: 1.7, pruned: 1.6 },
  'lenet5-caffe': { dataset: 'mnist', sparsity: 0.98, ref: 0.9, pruned: 0.8 },
  'alexnet-s': { dataset: 'cifar10', sparsity: 0.9, ref: 14.12, pruned: 14.99 },
  'alexnet-b': { dataset: 'cifar10', sparsity: 0.9, ref: 13.92, pruned: 14.5 },
  'vgg-c': { dataset: 'cifar10', sparsity: 0.95, ref: 6.82, pruned: 7.27 },
  'vgg-d': { dataset: 'cifar10', sparsity: 0.95, ref: 6.76, pruned: 7.09 },
  'vgg-like': { dataset: 'cifar10', sparsity: 0.97, ref: 8.26, pruned: 8.0 },
  'wrn-16-8': { dataset: 'cifar10', sparsity: 0.95, ref: 6.21, pruned: 6.63 },
  'wrn-16-10': { dataset: 'cifar10', sparsity: 0.95, ref: 5.91, pruned: 6.43 },
  'wrn-22-8': { dataset: 'cifar10', sparsity: 0.95, ref: 6.14, pruned: 5.85 },
  'lstm-s': { dataset: 'mnist-seq', sparsity: 0.95, ref: 1.88, pruned: 1.57 },
  'lstm-b': { dataset: 'mnist-seq', sparsity: 0.95, ref: 1.15, pruned: 1.35 },
  'gru-s': { dataset: 'mnist-seq', sparsity: 0.95, ref: 1.87, pruned: 2.41 },
  'gru-b': { dataset: 'mnist-seq', sparsity: 0.95, ref: 1.71, pruned: 1.52 },
};

export interface Table2Row {
  model: string;
  dataset: string;
  sparsity: number;
  test_error: number; // % of the pruned run (best-validation weights)
  ref_test_error: number; // % of the dense reference, same schedule
  paper_error: number | null; // the paper's pruned error, where it reports this model and data set
  paper_ref_error: number | null;
  iterations: number;
  schedule: string;
  device: string;
  seed: number;
  command: string; // the pruned run's command; the reference adds --dense
}

const pct = (e: number) => Math.round(1e4 * e) / 100;

/** The `snip train` command that reproduces a run from its config.json. */
export function trainCommand(recorded: RunConfig & { backend?: string; backendInfo?: { device?: string; tf32?: boolean } }): string {
  const c = withScheduleDefaults(recorded);
  const info = recorded.backendInfo;
  const torchFlags = `${info?.device?.startsWith('cuda') ? ' --device cuda' : ''}${info?.tf32 ? ' --dtype tf32' : ''}`;
  const what = c.sparsity === null ? '--dense' : `--sparsity ${c.sparsity}${c.criterion !== 'snip' ? ` --criterion ${c.criterion}` : ''}`;
  const schedule = c.lrSchedule === 'step' ? `--lr-decay-every ${c.lrDecayEvery}` : `--lr-schedule ${c.lrSchedule}`;
  const warmup = c.warmup > 0 ? ` --warmup ${c.warmup}` : '';
  const data = c.dataDir === undefined ? '' : ' --data-dir …'; // a path of the machine it ran on
  return `npx snip train --model ${c.model} --dataset ${c.dataset}${data} ${what}${scoringFlags(c)} --iterations ${c.iterations} `
    + `${schedule}${warmup} --seed ${c.seed} --backend ${c.backend ?? 'auto'}${torchFlags}`;
}

/** The scoring options a pruned run set away from their defaults. */
function scoringFlags(c: RunConfig): string {
  if (c.sparsity === null) return '';
  const d = defaultConfig(c.model, c.dataset);
  // A recorded config.json may lack fields of its time: a flag is stated only where it was recorded.
  const flags: [string, number | string | undefined, number | string][] = [
    ['score-batch-size', c.scoreBatchSize, d.scoreBatchSize], ['score-batches', c.scoreBatches, d.scoreBatches], ['score-sampling', recordedScoreSampling(c), d.scoreSampling]];
  return flags.filter(([, v, def]) => v !== undefined && v !== def).map(([name, v]) => ` --${name} ${v}`).join('');
}

/** Same model, data, seed and schedule (run folders from before --lr-schedule have step decay, no warm-up). */
function sameSetup(recordedA: RunConfig, recordedB: RunConfig): boolean {
  const [a, b] = [recordedA, recordedB].map(withScheduleDefaults) as [RunConfig, RunConfig];
  return a.model === b.model && a.dataset === b.dataset && a.seed === b.seed && a.iterations === b.iterations
    && a.lrSchedule === b.lrSchedule && a.warmup === b.warmup && (a.lrSchedule !== 'step' || a.lrDecayEvery === b.lrDecayEvery);
}

/** Rows for every pruned run among `runs` that has a trained dense reference beside it. */
export function table2Rows(runs: LoadedRun[], device: string): Table2Row[] {
  const trained = runs.filter((r) => r.summary.training !== undefined);
  const dense = trained.filter((r) => r.summary.sparsity === null);
  return trained.filter((r) => r.summary.sparsity !== null).flatMap((r) => {
    const c = r.config as unknown as RunConfig;
    const ref = dense.find((d) => sameSetup(d.config as unknown as RunConfig, c));
    if (ref === undefined) return [];
    const paper = PAPER_TABLE2[c.model];
    const paperApplies = paper !== undefined && paper.dataset === c.dataset;
    return [{
      model: c.model, dataset: c.dataset, sparsity: c.sparsity!, test_error: pct(r.summary.training!.testError),
      ref_test_error: pct(ref.summary.training!.testError), paper_error: paperApplies ? paper.pruned : null,
      paper_ref_error: paperApplies ? paper.ref : null, iterations: c.iterations, schedule: scheduleText(c), device, seed: c.seed,
      command: trainCommand(c),
    }];
  });
}

/** Adds `rows` to the JSON file at `path` (replacing rows of the same model, data set and sparsity). */
export function mergeTable2(path: string, rows: Table2Row[]): Table2Row[] {
  const key = (r: Table2Row) => `${r.model}|${r.dataset}|${r.sparsity}`;
  const old = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Table2Row[]) : [];
  const fresh = new Set(rows.map(key));
  const order = Object.keys(PAPER_TABLE2);
  const all = [...old.filter((r) => !fresh.has(key(r))), ...rows]
    .sort((a, b) => a.dataset.localeCompare(b.dataset) || order.indexOf(a.model) - order.indexOf(b.model));
  writeFileAtomic(path, `${JSON.stringify(all, null, 2)}\n`);
  return all;
}

export function table2Markdown(rows: Table2Row[]): string {
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(2));
  const gap = (a: number | null, b: number | null) => (a === null || b === null ? '–' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(2)}`);
  return [
    '| model | data | sparsity | dense | pruned | gap | paper dense → pruned (gap) | schedule | device |',
    '|---|---|---:|---:|---:|---:|---|---|---|',
    ...rows.map((r) => `| ${r.model} | ${r.dataset} | ${100 * r.sparsity}% | ${f(r.ref_test_error)} | ${f(r.test_error)} | `
      + `${gap(r.ref_test_error, r.test_error)} | ${f(r.paper_ref_error)} → ${f(r.paper_error)} (${gap(r.paper_ref_error, r.paper_error)}) | `
      + `${r.schedule} | ${r.device} |`),
  ].join('\n');
}

/** `snip table2`: reads run folders, merges their rows into `out` (JSON) and writes the Markdown beside it. */
export function writeTable2(paths: string[], out: string, device: string): { rows: Table2Row[]; added: number; markdownPath: string } {
  const rows = table2Rows(loadRuns(paths), device);
  if (rows.length === 0) throw new Error('no pruned run with a dense reference of the same model, data set, seed and schedule among the given folders');
  const all = mergeTable2(out, rows);
  const markdownPath = out.replace(/\.json$/, '') + '.md';
  writeFileAtomic(markdownPath, `# Table 2 (test error, %)\n\n${table2Markdown(all)}\n`);
  return { rows: all, added: rows.length, markdownPath };
}
