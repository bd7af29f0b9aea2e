import { IsInt, IsOptional, IsString, Length, MinLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { intRangeProblems, isRecordId, MAX_DEPTH, rawInputProblems } from './input-guards.js';

describe('isRecordId', () => {
  it.each(['1', '42', '2147483647', 1, 2147483647])('takes %p', (v) => expect(isRecordId(v)).toBe(true));
  it.each(['0', '-1', '01', '1e3', '2147483648', '99999999999', '1.5', '', ' 1', 0, 2147483648, 1.5])(
    'refuses %p',
    (v) => expect(isRecordId(v)).toBe(false),
  );
});

describe('rawInputProblems', () => {
  it('names the path of a NUL in nested text and in a key', () => {
    expect(rawInputProblems({ a: { b: ['x', 'y\u0000'] } }, '').map((p) => p.field)).toEqual(['a.b[1]']);
    expect(rawInputProblems({ ['k\u0000']: 1 }, '').map((p) => p.field)).toEqual(['']);
  });
  it('refuses nesting past the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const problems = rawInputProblems(deep, '');
    expect(problems).toHaveLength(1);
    expect(problems[0].field.split('.')).toHaveLength(MAX_DEPTH);
  });
  it('lets ordinary values through', () => {
    expect(rawInputProblems({ name: '张三', n: 3, list: [1, 2], none: null }, '')).toEqual([]);
  });
});

class Line {
  @IsInt() qty!: number;
}
class Order {
  @IsInt() id!: number;
  @IsInt({ each: true }) ids!: number[];
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
  note!: number;
}

describe('intRangeProblems', () => {
  it('finds integers Postgres cannot hold, in fields, lists and nested DTOs; other numbers are not its business', () => {
    const o = plainToInstance(Order, {
      id: 2 ** 31,
      ids: [1, 1e300],
      lines: [{ qty: 1 }, { qty: -(2 ** 31) - 1 }],
      note: 1e300,
    });
    expect(intRangeProblems(o).map((p) => p.field)).toEqual(['id', 'ids', 'lines[1].qty']);
    const fine = plainToInstance(Order, { id: 2147483647, ids: [-2147483648], lines: [{ qty: 0 }], note: 1 });
    expect(intRangeProblems(fine)).toEqual([]);
  });

  it('passes plain objects, including those without a prototype (Express queries)', () => {
    const q = Object.assign(Object.create(null) as object, { n: 2 ** 40 });
    expect(intRangeProblems(q)).toEqual([]);
    expect(intRangeProblems({ n: 2 ** 40 })).toEqual([]);
  });
});

class Batch {
  @IsString() @Length(2, 60) name!: string;
  @IsOptional() @IsString() @MinLength(1) reason?: string;
  @IsOptional() @IsString() note?: string;
}

describe('blank text', () => {
  it('refuses spaces only where a length rule asks for text, naming the field; leaves other text alone', () => {
    const o = plainToInstance(Batch, { name: '   ', reason: '\u3000 ', note: '  ' });
    expect(intRangeProblems(o)).toEqual([
      { field: 'name', reason: expect.stringMatching(/^请填写.*（不能只有空格）$/) },
      { field: 'reason', reason: expect.stringMatching(/^请填写.*（不能只有空格）$/) },
    ]);
    expect(intRangeProblems(plainToInstance(Batch, { name: ' 采棉工 ', note: '  ' }))).toEqual([]);
  });
});
