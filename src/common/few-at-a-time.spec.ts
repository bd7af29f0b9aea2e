import { fewAtATime, READS_AT_ONCE } from './few-at-a-time.js';

describe('fewAtATime', () => {
  it('never runs more reads at once than allowed, and answers in the order given', async () => {
    let running = 0;
    let most = 0;
    const read = (v: number, ms: number) => async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return v;
    };
    const out = await fewAtATime(read(1, 30), read(2, 5), read(3, 20), read(4, 1), read(5, 10), () => 'six');
    expect(out).toEqual([1, 2, 3, 4, 5, 'six']);
    expect(most).toBe(READS_AT_ONCE);
  });

  it('runs every read, then throws the first failure', async () => {
    const ran: number[] = [];
    const failing = fewAtATime(
      async () => {
        ran.push(1);
        throw new Error('first');
      },
      async () => {
        ran.push(2);
        throw new Error('second');
      },
      async () => void ran.push(3),
      async () => void ran.push(4),
    );
    await expect(failing).rejects.toThrow('first');
    expect(ran.sort()).toEqual([1, 2, 3, 4]);
  });
});
