// The plain-text table `snip bench` prints.
import type { BenchRow } from './run_bench.js';

const HEADER = ['workload', 'backend', 'phase', 'sparsity', 'ms', 'torch ms', 'ratio', 'GFLOP/s', 'sparse', 'RSS MB'];

function cells(r: BenchRow): string[] {
  return [
    r.workload, r.backend, r.phase, r.sparsity.toFixed(2), r.ms.toFixed(2),
    r.torch_ms === null ? '-' : r.torch_ms.toFixed(2),
    r.ratio === null ? 'skipped' : r.ratio.toFixed(2),
    r.gflops.toFixed(1), r.sparse_layers ?? '-', r.rss_mb.toFixed(0),
  ];
}

/** Rows as an aligned table (text columns left, numbers right), then the notes. */
export function formatTable(rows: readonly BenchRow[], notes: readonly string[]): string {
  const body = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(HEADER), sep, ...body.slice(1).map(line), ...notes.map((n) => `note: ${n}`)].join('\n');
}
