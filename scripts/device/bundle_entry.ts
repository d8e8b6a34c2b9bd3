// Entry of the single-file CLI bundle for machines without node_modules (pack.sh): links the
// native and torch backends in statically (the registry imports them by path otherwise), then
// runs the CLI, or the --jobs child when SNIP_BUNDLE_ROLE=job.
import * as native from '../../backends/native/src/index.js';
import { BUNDLED_BACKENDS } from '../../backends/registry.js';
import * as torch from '../../backends/torch/src/index.js';

BUNDLED_BACKENDS.native = native;
BUNDLED_BACKENDS.torch = torch;
if (process.env.SNIP_BUNDLE_ROLE === 'job') await import('../../src/cli/job_child.js');
else await import('../../src/cli/main.js');
