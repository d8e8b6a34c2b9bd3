// Runs the `snip` CLI as a user would, in a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SNIP_BIN = resolve('bin/snip.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function snipCli(args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): CliResult {
  const r = spawnSync(process.execPath, [SNIP_BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function snipCliAsync(args: string[]): ChildProcess {
  return spawn(process.execPath, [SNIP_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `snip-${prefix}-`));
}
