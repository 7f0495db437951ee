// Entry of the `code-studio` command line: import, train, eval, generate (each with --help and --json),
// and studio (the web shell).
import { Command } from 'commander';
import pkg from '../../package.json';
import { registerBench } from './commands/bench-command';
import { registerEval } from './commands/eval-command';
import { registerGenerate } from './commands/generate-command';
import { registerDatasets } from './commands/datasets-command';
import { registerImport } from './commands/import-command';
import { registerStudio } from './commands/studio-command';
import { registerTrain } from './commands/train-command';
import { registerRerank } from './commands/rerank-command';

const program = new Command()
  .name('code-studio')
  .description('Train small Transformers that write Python from English (TensorFlow.js, headless).')
  .version(pkg.version)
  .showHelpAfterError();

registerImport(program);
registerDatasets(program);
registerTrain(program);
registerEval(program);
registerRerank(program);
registerGenerate(program);
registerStudio(program);
registerBench(program);

await program.parseAsync(process.argv);
