// `snip <command>`: the command-line front end. Errors end as one line and a non-zero exit.
import { Command } from 'commander';
import { addCommands } from './commands/registry.js';

const program = new Command('snip')
  .description('SNIP: single-shot network pruning at initialisation for TensorFlow.js (Lee et al., ICLR 2019)')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');
addCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`snip: error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
}
