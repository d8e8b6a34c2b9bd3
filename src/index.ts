// Public API: re-exports only.
export * from './data/dataset.js';
