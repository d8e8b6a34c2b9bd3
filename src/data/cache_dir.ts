// Where derived data is cached: $SNIP_CACHE, else ~/.cache/snip.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function snipCacheDir(): string {
  const env = process.env.SNIP_CACHE;
  return env !== undefined && env !== '' ? env : join(homedir(), '.cache', 'snip');
}
