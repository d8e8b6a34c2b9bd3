// Every `snip` subcommand, in the order --help lists them.
import type { Command } from 'commander';
import { addBenchCommand } from './bench.js';
import { addExperimentCommand } from './experiment.js';
import { addExportCommand } from './export.js';
import { addModelsCommand } from './models.js';
import { addPredictCommand } from './predict.js';
import { addPruneCommand } from './prune.js';
import { addReportCommand } from './report.js';
import { addTable2Command } from './table2.js';
import { addTrainCommand } from './train.js';

const COMMANDS: ((program: Command) => void)[] = [addPruneCommand, addTrainCommand, addModelsCommand, addExperimentCommand, addReportCommand, addTable2Command, addExportCommand, addPredictCommand, addBenchCommand];

export function addCommands(program: Command): void {
  for (const add of COMMANDS) add(program);
}
