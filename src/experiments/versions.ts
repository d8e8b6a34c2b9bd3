// Package versions, and what the backend says of itself, recorded in every run's config.json.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
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

/**
 * The active backend's own description, where it has one (the torch backend: device, TF32,
 * libtorch version), without importing any backend.
 */
export function backendInfo(): Record<string, unknown> | undefined {
  const backend = tf.backend() as { describe?: () => Record<string, unknown> };
  return backend.describe?.();
}

/** The fields every config.json gets beside the run's configuration. */
export function runEnvironment(): { backend: string; backendInfo?: Record<string, unknown>; versions: Record<string, string> } {
  return { backend: tf.getBackend(), backendInfo: backendInfo(), versions: runVersions() };
}
