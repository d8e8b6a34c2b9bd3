// Terminal output: the per-layer table, a progress bar, warnings. Only cli/ prints.
import cliProgress from 'cli-progress';
import type { RunIO } from '../experiments/run_io.js';
import type { LayerStats } from '../masks/stats.js';

export function printLayerTable(layers: LayerStats[], out: (line: string) => void = console.log): void {
  const rows = layers.map((l) => [l.name, `[${l.shape.join('x')}]`, String(l.kept), String(l.total), `${((100 * l.kept) / l.total).toFixed(2)}%`]);
  const kept = layers.reduce((a, l) => a + l.kept, 0);
  const total = layers.reduce((a, l) => a + l.total, 0);
  rows.push(['total', '', String(kept), String(total), `${((100 * kept) / total).toFixed(2)}%`]);
  const header = ['layer', 'shape', 'kept', 'total', 'kept %'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  out(fmt(header));
  rows.forEach((r, i) => { if (i === rows.length - 1) out(widths.map((w) => '-'.repeat(w)).join('  ')); out(fmt(r)); });
}

/** A RunIO for the terminal: a live bar on a TTY, a line per validation otherwise. */
export function terminalIO(): RunIO & { stop(): void } {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const stop = () => { bar?.stop(); bar = null; };
  return {
    log: (line) => { if (bar) bar.stop(); console.log(line); },
    warn: (line) => { if (bar) bar.stop(); process.stderr.write(`warning: ${line}\n`); },
    progress: (p) => {
      const payload = { loss: p.loss.toFixed(4), acc: (100 * p.accuracy).toFixed(1), eps: p.examplesPerSecond.toFixed(0), lr: p.lr.toPrecision(2) };
      if (tty) {
        if (!bar) {
          bar = new cliProgress.SingleBar({
            format: 'iter {value}/{total} |{bar}| loss {loss} | acc {acc}% | {eps} ex/s | lr {lr} | ETA {eta_formatted}',
            stream: process.stderr, etaBuffer: 20, hideCursor: true,
          }, cliProgress.Presets.shades_classic);
          bar.start(p.total, p.iteration, payload);
        }
        bar.update(p.iteration, payload);
        if (p.iteration >= p.total) stop();
      } else if (p.iteration - lastLine >= Math.max(1, Math.floor(p.total / 20)) || p.iteration >= p.total) {
        lastLine = p.iteration;
        process.stderr.write(`iter ${p.iteration}/${p.total} loss ${payload.loss} acc ${payload.acc}% ${payload.eps} ex/s lr ${payload.lr}\n`);
      }
    },
    stop,
  };
}
