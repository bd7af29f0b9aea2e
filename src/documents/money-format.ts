import { type Instant, shanghaiDateOf } from '../common/dates.js';
import { formatYuan } from '../identity/index.js';

export { formatYuan };

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '兆'];

/** 人民币大写 of an amount in fen, e.g. 8000 → 捌拾元整, 123405 → 壹仟贰佰叁拾肆元零伍分. Integer arithmetic only. */
export function yuanUpper(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError('amount must be a whole, non-negative number of fen');
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor((fen % 100) / 10);
  const fenPart = fen % 10;
  let out = '';
  if (yuan === 0) {
    out = jiao === 0 && fenPart === 0 ? '零元' : '';
  } else {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let pendingZero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const n = groups[g];
      if (n === 0) {
        pendingZero = out !== '';
        continue;
      }
      let part = '';
      let zero = false;
      for (let i = 3; i >= 0; i--) {
        const d = Math.floor(n / 10 ** i) % 10;
        if (d === 0) {
          zero = part !== '' || (out !== '' && i < 3);
        } else {
          if (zero || (pendingZero && part === '') || (out !== '' && part === '' && n < 1000)) part += '零';
          part += DIGITS[d] + SMALL[i];
          zero = false;
        }
        pendingZero = false;
      }
      out += part + BIG[g];
    }
    out += '元';
  }
  if (jiao === 0 && fenPart === 0) return `${out}整`;
  if (jiao !== 0) out += `${DIGITS[jiao]}角`;
  else if (yuan !== 0) out += '零';
  if (fenPart !== 0) out += `${DIGITS[fenPart]}分`;
  else out += '整';
  return out;
}

/** 2026-11-23 → 2026年11月23日; a timestamp (Date or ISO instant) prints its Asia/Shanghai date. */
export function cnDate(date: string | Instant): string {
  const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : shanghaiDateOf(date);
  return `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}
