// Package versions recorded in every run's config.json.
import { createRequire } from 'node:module';
import { version_core } from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';

const require = createRequire(import.meta.url);

/** snip-tfjs's version; the single-file bundle (scripts/device/pack.sh) has no package.json beside it and defines SNIP_VERSION. */
function ownVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return process.env.SNIP_VERSION ?? 'unknown';
  }
}

export function runVersions(): Record<string, string> {
  return {
    'snip-tfjs': ownVersion(),
    '@tensorflow/tfjs-core': version_core,
    '@tensorflow/tfjs-layers': version_layers,
    node: process.versions.node,
  };
}
