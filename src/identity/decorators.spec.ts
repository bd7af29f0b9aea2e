import 'reflect-metadata';
import { validateSync } from 'class-validator';
import { citizenIdCheckDigit, parseCitizenId } from './citizen-id.js';
import { creditCodeCheckChar, parseCreditCode } from './credit-code.js';
import { IsCalendarDate, IsCitizenId, IsCreditCode, IsFen, IsMainlandMobile, NotInFuture } from './decorators.js';
import { parsePhone } from './phone.js';

class WorkerDto {
  @IsCitizenId()
  idNumber: unknown;

  @IsMainlandMobile()
  phone: unknown;

  @IsCalendarDate()
  @NotInFuture()
  registeredOn: unknown;
}

class EmployerDto {
  @IsCreditCode()
  creditCode: unknown;
}

class MoneyDto {
  @IsFen()
  amount: unknown;

  @IsFen({ positive: true })
  wage: unknown;

  @IsFen({ min: 8000 })
  subsidy: unknown;
}

class ListDto {
  @IsCitizenId({ each: true })
  members: unknown;
}

function build<T extends object>(cls: new () => T, values: Record<string, unknown>): T {
  return Object.assign(new cls(), values);
}

/** property → its messages */
function problems(obj: object): Record<string, string[]> {
  return Object.fromEntries(validateSync(obj).map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

const ID_BODY = '23078119850312123';
const GOOD_ID = ID_BODY + citizenIdCheckDigit(ID_BODY);
const BAD_ID = ID_BODY + (citizenIdCheckDigit(ID_BODY) === '1' ? '2' : '1');
const CODE_BODY = '91230781MA1B2C3D4';
const GOOD_CODE = CODE_BODY + creditCodeCheckChar(CODE_BODY);
const BAD_CODE = CODE_BODY + (creditCodeCheckChar(CODE_BODY) === '1' ? '2' : '1');

const reasonOf = (r: { ok: true } | { ok: false; error: Error }) => (r.ok ? '' : r.error.message);

describe('identity decorators through validateSync', () => {
  it('accept valid values', () => {
    expect(
      problems(build(WorkerDto, { idNumber: GOOD_ID, phone: '+86 138 1234 5678', registeredOn: '2024-02-29' })),
    ).toEqual({});
    expect(problems(build(EmployerDto, { creditCode: GOOD_CODE.toLowerCase() }))).toEqual({});
    expect(problems(build(MoneyDto, { amount: 0, wage: 1, subsidy: 8000 }))).toEqual({});
  });

  it("report the parser's own reason, not prefixed with the property name", () => {
    const p = problems(build(WorkerDto, { idNumber: BAD_ID, phone: '1381234567', registeredOn: '2023-02-30' }));
    expect(p.idNumber).toEqual([reasonOf(parseCitizenId(BAD_ID))]);
    expect(p.idNumber[0]).toBe('身份证号校验位不对（按前17位应为0）：请核对号码是否抄错');
    expect(p.phone).toEqual([reasonOf(parsePhone('1381234567'))]);
    expect(p.registeredOn).toEqual(expect.arrayContaining(['请填写有效日期（如 2026-11-20）']));
    for (const [prop, msgs] of Object.entries(p)) for (const m of msgs) expect(m.startsWith(prop)).toBe(false);
  });

  it('report the impossible birth date and never the number', () => {
    const body = '23078119850230123';
    const id = body + citizenIdCheckDigit(body);
    const p = problems(build(WorkerDto, { idNumber: id, phone: '13812345678', registeredOn: '2024-01-01' }));
    expect(p).toEqual({ idNumber: ['身份证号中的出生日期不存在（1985-02-30）'] });
    expect(p.idNumber[0]).not.toContain(id);
  });

  it('refuse non-strings with the shape message', () => {
    const p = problems(build(WorkerDto, { idNumber: 230781, phone: 13812345678, registeredOn: undefined }));
    expect(p.idNumber).toEqual(['请填写18位公民身份号码（17位数字，最后一位是数字或X）']);
    expect(p.phone).toEqual(['请填写以13至19开头的11位手机号码']);
  });

  it('report the credit code reason', () => {
    expect(problems(build(EmployerDto, { creditCode: BAD_CODE }))).toEqual({
      creditCode: [reasonOf(parseCreditCode(BAD_CODE))],
    });
    expect(problems(build(EmployerDto, { creditCode: '91230781MA1B2C3I4X' })).creditCode[0]).toMatch(
      /^统一社会信用代码第\d+位是字母I/,
    );
  });

  it('@NotInFuture refuses a future date and names today in Shanghai', () => {
    const p = problems(build(WorkerDto, { idNumber: GOOD_ID, phone: '13812345678', registeredOn: '2999-01-01' }));
    expect(p.registeredOn).toHaveLength(1);
    expect(p.registeredOn[0]).toMatch(/^不能晚于今天（\d{4}-\d{2}-\d{2}）$/);
  });

  it('@IsCalendarDate and @NotInFuture do not repeat the same message for a non-date', () => {
    const p = problems(build(WorkerDto, { idNumber: GOOD_ID, phone: '13812345678', registeredOn: '2024-13-01' }));
    expect(p.registeredOn.sort()).toEqual(['请填写不晚于今天的有效日期', '请填写有效日期（如 2026-11-20）'].sort());
  });

  it('@IsFen refuses floats, strings and negatives, and applies min / positive', () => {
    expect(problems(build(MoneyDto, { amount: 80.5, wage: '8000', subsidy: '¥80' }))).toEqual({
      amount: ['须为整数分（如 8000 表示80.00元）'],
      wage: ['须为整数分（如 8000 表示80.00元）'],
      subsidy: ['须为整数分（如 8000 表示80.00元）'],
    });
    expect(problems(build(MoneyDto, { amount: -1, wage: 0, subsidy: 7999 }))).toEqual({
      amount: ['不能为负数'],
      wage: ['必须大于0'],
      subsidy: ['不能少于8000分（80.00元）'],
    });
    expect(problems(build(MoneyDto, { amount: NaN, wage: 1, subsidy: 8000 }))).toEqual({
      amount: ['须为整数分（如 8000 表示80.00元）'],
    });
  });

  it('with { each: true } report the first failing item', () => {
    expect(problems(build(ListDto, { members: [GOOD_ID, GOOD_ID] }))).toEqual({});
    expect(problems(build(ListDto, { members: [GOOD_ID, BAD_ID] }))).toEqual({
      members: ['身份证号校验位不对（按前17位应为0）：请核对号码是否抄错'],
    });
  });

  it('let a caller-supplied message win', () => {
    class Custom {
      @IsCitizenId({ message: 'custom' })
      id: unknown;
    }
    expect(problems(build(Custom, { id: 'x' }))).toEqual({ id: ['custom'] });
  });
});
