/** How many of a page's independent reads run at once: a request then holds at most this many pool connections. */
export const READS_AT_ONCE = 3;

type Results<T extends readonly (() => unknown)[]> = {
  -readonly [K in keyof T]: T[K] extends () => infer R ? Awaited<R> : never;
};

/**
 * Runs independent reads a few at a time and answers their results in the order given. A read
 * outside a transaction takes a pool connection of its own: a page's dozen reads all at once
 * would let three users take the whole pool (the monthly figures once did, and every request
 * then waited until the pool gave up), while one after another each costs a round trip.
 * Every step is run even when one fails; the first failure is then thrown.
 */
export async function fewAtATime<T extends readonly (() => unknown)[]>(...steps: T): Promise<Results<T>> {
  const results: unknown[] = new Array(steps.length);
  let failure: { error: unknown } | undefined;
  let next = 0;
  const lane = async () => {
    while (next < steps.length) {
      const i = next++;
      try {
        results[i] = await steps[i]();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, steps.length) }, lane));
  if (failure) throw failure.error;
  return results as Results<T>;
}
