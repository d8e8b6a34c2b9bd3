// Package versions recorded in every run's config.json.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function runVersions(): Record<string, string> {
  const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
  return {
    'snip-tfjs': (require('../../package.json') as { version: string }).version,
    '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'),
    '@tensorflow/tfjs-layers': version('@tensorflow/tfjs-layers'),
    node: process.versions.node,
  };
}
