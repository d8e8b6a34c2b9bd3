// Stands in for @resvg/resvg-js (a native package) in the bundled CLI of cli_bundle.ts: the GPU
// machine trains; PNG charts are drawn later by `snip report` where npm installed resvg.
export class Resvg {
  constructor() {
    throw new Error('PNG charts need @resvg/resvg-js: run `snip report` from an npm install, not from the GPU bundle');
  }
}
