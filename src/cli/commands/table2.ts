// `snip table2 RUN…`: the paper's Table 2 rows from pruned runs and their dense references.
import type { Command } from 'commander';
import { writeTable2 } from '../../report/table2.js';

export function addTable2Command(program: Command): void {
  program.command('table2')
    .description("add Table 2 rows (pruned vs dense reference vs the paper) from run folders to a JSON file, and write its Markdown table")
    .argument('<runs...>', 'run folders, or folders of run folders; each pruned run needs a dense run of the same model, data, seed and schedule')
    .option('--out <file>', 'the JSON file rows are merged into (the .md is written beside it)', 'results/table2.json')
    .requiredOption('--device <text>', 'where the runs trained, recorded in each row (e.g. "native, 1 thread, Xeon")')
    .action((paths: string[], flags: { out: string; device: string }) => {
      const { rows, added, markdownPath } = writeTable2(paths, flags.out, flags.device);
      console.log(`${added} row(s) added; ${rows.length} in ${flags.out}; table in ${markdownPath}`);
    });
}
