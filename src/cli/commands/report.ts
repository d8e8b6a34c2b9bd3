// `snip report RUN…`: turn run folders (or experiment folders) into one Markdown page with plots.
import type { Command } from 'commander';
import { writeReport } from '../../report/write_report.js';

export function addReportCommand(program: Command): void {
  program.command('report')
    .description('write report.md with tables and PNG plots from run folders (or folders of runs, such as an experiment\'s)')
    .argument('<runs...>', 'run folders, or folders whose subfolders (or runs/) are run folders')
    .option('--out <dir>', 'where report.md and the PNGs go', 'results/report')
    .action(async (paths: string[], flags: { out: string }) => {
      const files = await writeReport(paths, flags.out);
      console.log(`wrote ${files.join(', ')} in ${flags.out}`);
    });
}
