// The in-memory data set contract every loader returns and every training path reads.

/** One split: `count` examples, NHWC-flattened inputs and integer class labels. */
export interface Split {
  x: Float32Array; // count * prod(inputShape), already normalised
  y: Int32Array; // count labels in [0, numClasses)
  count: number;
}

export interface Dataset {
  name: string;
  inputShape: number[]; // one example, without the batch axis, e.g. [28, 28, 1]
  numClasses: number;
  train: Split; // what is left after the validation hold-out
  val: Split; // seeded hold-out of the official training set
  test: Split; // the official test set
  /** Per-channel mean/std used to normalise (from the training split). */
  normalisation: { mean: number[]; std: number[] };
}

export interface LoadOptions {
  /** Directory of official files; when absent the packaged copy is used. */
  dataDir?: string;
  seed: number;
  /** Fraction of the official training set held out for validation (default 0.1). */
  valFraction: number;
}

/** A registry entry: one data set the CLI and library can load by name. */
export interface DatasetSpec {
  readonly name: string;
  readonly description: string;
  readonly inputShape: number[];
  readonly numClasses: number;
  /** Crop-and-flip augmentation on by default when training (CIFAR-style image data sets). */
  readonly augment?: boolean;
  load(opts: LoadOptions): Promise<Dataset>;
}
