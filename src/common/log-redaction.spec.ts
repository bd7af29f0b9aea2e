import { redactPersonalData } from './log-redaction.js';

describe('redactPersonalData', () => {
  it.each([
    ['230781199001011234', '230781********1234'],
    ['23078119900101123X', '230781********123X'],
    ['23078119900101123x', '230781********123x'],
    ['230781 19900101 1234', '230781********1234'],
    ['２３０７８１１９９００１０１１２３４', '２３０７８１********１２３４'],
  ])('masks the citizen ID %s', (raw, masked) => {
    expect(redactPersonalData(`{"msg":"身份证号${raw}重复","url":"/workers?q=${raw}"}`)).toBe(
      `{"msg":"身份证号${masked}重复","url":"/workers?q=${masked}"}`,
    );
  });

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['138-1234-5678', '138****5678'],
    ['+86 13812345678', '138****5678'],
    ['8613812345678', '138****5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'],
  ])('masks the mobile number %s', (raw, masked) => {
    expect(redactPersonalData(`电话:${raw};`)).toBe(`电话:${masked};`);
  });

  it.each([
    ['0458-5612345', '0458-*******'],
    ['010-12345678', '010-********'],
    ['(0458)5612345', '0458-*******'],
    ['（0411）86661234', '0411-********'],
    ['04585612345', '0458-*******'],
  ])('masks the landline %s down to its area code', (raw, masked) => {
    expect(redactPersonalData(`"phone":"${raw}"`)).toBe(`"phone":"${masked}"`);
  });

  it('masks every occurrence in one line, in any field', () => {
    const line = JSON.stringify({
      msg: 'batch failed: 230781199001011234',
      err: { parameters: ['张三', '230781199001011234', '13912345678'], stack: 'at 0458-5612345' },
    });
    const out = redactPersonalData(line);
    expect(out).not.toMatch(/230781199001011234|13912345678|5612345/);
    expect(JSON.parse(out).err.parameters).toEqual(['张三', '230781********1234', '139****5678']);
  });

  it.each([
    ['a millisecond timestamp', '{"time":1764619200000}'],
    ['a 19-digit number', '1234567890123456789'],
    ['a 12-digit mobile-like run', '138123456789'],
    ['a UUID request id', '"reqId":"0f8fad5b-d9cb-469f-a165-70867728950e"'],
    ['a date and a time', '2026-12-01T08:30:00.000Z'],
    ['a fraction', '{"durationMs":0.04585612345}'],
    ['a workflow id', 'placement-1380-contract'],
    ['an amount in fen', '{"amountFen":138000000}'],
  ])('leaves %s alone', (_what, text) => {
    expect(redactPersonalData(text)).toBe(text);
  });
});
