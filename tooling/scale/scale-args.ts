/**
 * Size rules of the scale generator (tooling/scale/scale.ts), in a module with no imports
 * so command-line tools can check their arguments before they start servers
 * or load modules that read the environment.
 */

/** Largest count accepted per kind of generated row (a typo guard, not a capacity limit). */
export const MAX_SCALE_COUNT = 2_000_000;

/**
 * Why these sizes cannot be generated, or null when they can: counts must be
 * whole numbers 0..MAX_SCALE_COUNT, calls need generated institutions to post
 * them, proposals need at least two (consortia span member states), and there
 * must be something to generate. Checked by the CLIs before they start any
 * server, and by `seedScale` before it writes.
 */
export function scaleSizesProblem(sizes: { institutions: number; experts: number; calls?: number; proposals?: number }): string | null {
  for (const [name, n] of Object.entries(sizes)) {
    if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > MAX_SCALE_COUNT)) return `--${name} must be a whole number from 0 to ${MAX_SCALE_COUNT}`;
  }
  if (sizes.institutions + sizes.experts + (sizes.calls ?? 0) + (sizes.proposals ?? 0) === 0)
    return "nothing to generate: give --institutions and/or --experts";
  if ((sizes.calls ?? 0) > 0 && sizes.institutions === 0) return "Calls are posted by generated institutions: pass --institutions > 0 with --calls.";
  if ((sizes.proposals ?? 0) > 0 && sizes.institutions < 2)
    return "Proposals need generated institutions in at least two member states: pass --institutions ≥ 2 with --proposals.";
  return null;
}

/**
 * `value` of the command-line option `--name` as a whole number in min..max.
 * @throws Error "--name must be a whole number from min to max" otherwise.
 */
export function wholeNumberOption(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return Number(value);
}
