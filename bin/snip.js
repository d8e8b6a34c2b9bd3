#!/usr/bin/env node
// The `snip` command: runs the TypeScript CLI through tsx, so there is one code path
// for development and use (no stale build).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
