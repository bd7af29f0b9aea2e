/** Polls until fn returns something truthy; on time-out, says what it was waiting for and what it saw last. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 30_000,
  last: () => unknown = () => undefined,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
