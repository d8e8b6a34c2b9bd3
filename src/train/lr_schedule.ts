// The learning rate of iteration t. `step` is the paper's (×factor every n iterations);
// `cosine` anneals to zero over the run, which converges in far fewer iterations and serves
// shortened schedules. Either may start with a linear warm-up. Stateless in t, so a resumed run
// gets the same rates.

export const LR_SCHEDULES = ['step', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

export interface LrSchedule {
  lr: number;
  lrSchedule: LrScheduleName;
  lrDecayEvery: number; // step only
  lrDecayFactor: number; // step only
  warmup: number; // iterations of linear warm-up from lr/warmup to lr (0: none)
  iterations: number;
}

/** Step decay: η·factor^⌊t / every⌋. */
export function stepDecayLr(base: number, factor: number, every: number, iteration: number): number {
  return base * Math.pow(factor, Math.floor(iteration / every));
}

/** The rate of (0-based) iteration t. */
export function lrAt(s: LrSchedule, t: number): number {
  if (t < s.warmup) return (s.lr * (t + 1)) / s.warmup;
  if (s.lrSchedule === 'step') return stepDecayLr(s.lr, s.lrDecayFactor, s.lrDecayEvery, t);
  const span = Math.max(1, s.iterations - s.warmup);
  return 0.5 * s.lr * (1 + Math.cos((Math.PI * (t - s.warmup)) / span));
}

/** A schedule as run folders record it (those from before cosine and warm-up lack both). */
export type RecordedSchedule = Omit<LrSchedule, 'lrSchedule' | 'warmup'> & Partial<Pick<LrSchedule, 'lrSchedule' | 'warmup'>>;

/** The recorded schedule with what older run folders lack: step decay, no warm-up. */
export function withScheduleDefaults<T extends RecordedSchedule>(r: T): T & Pick<LrSchedule, 'lrSchedule' | 'warmup'> {
  return { ...r, lrSchedule: r.lrSchedule ?? 'step', warmup: r.warmup ?? 0 };
}

/** "lr 0.1 ×0.1 every 3000", "lr 0.1 cosine to 0, 350 warm-up": how a results page states it. */
export function lrText(recorded: RecordedSchedule): string {
  const s = withScheduleDefaults(recorded);
  const warm = s.warmup > 0 ? `, ${s.warmup} warm-up` : '';
  if (s.lrSchedule === 'cosine') return `lr ${s.lr} cosine to 0${warm}`;
  const decay = s.lrDecayEvery < s.iterations ? ` ×${s.lrDecayFactor} every ${s.lrDecayEvery}` : ', no decay';
  return `lr ${s.lr}${decay}${warm}`;
}
