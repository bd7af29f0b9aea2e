import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { HandoverDto } from '../offices/offices.dto.js';
import { CreateWorkerDto } from '../registry/registry.dto.js';
import { RecordVisitDto } from '../households/households.dto.js';
import { createValidationPipe, fieldProblems } from './validation.js';

const problems = async (cls: new () => object, plain: Record<string, unknown>, byConstraint = {}) =>
  fieldProblems(
    await validate(plainToInstance(cls, plain), { whitelist: true, forbidUnknownValues: false }),
    '',
    byConstraint,
  );

describe('validation messages', () => {
  it('ask for an empty required field by its name, once, not with the rule it has not reached', async () => {
    expect(await problems(CreateWorkerDto, { township: '' })).toEqual([
      { field: 'name', reason: '请填写姓名' },
      { field: 'citizenId', reason: '请填写身份证号' },
      { field: 'phone', reason: '请填写手机号码' },
      { field: 'township', reason: '请填写乡镇' },
      { field: 'categories', reason: '请选择人员类别' },
    ]);
    // Spaces only are no name, though the name's pattern allows a space between its parts.
    expect((await problems(CreateWorkerDto, { name: '   ' })).find((p) => p.field === 'name')).toEqual({
      field: 'name',
      reason: '请填写姓名',
    });
    expect((await problems(CreateWorkerDto, { name: '买买提 艾力' })).map((p) => p.field)).not.toContain('name');
    expect(await problems(RecordVisitDto, { visitedOn: '', offered: [] })).toEqual([
      { field: 'visitedOn', reason: '请填写回访日期' },
    ]);
  });

  it('a field chosen from a list (an office by id) is asked to be chosen, as its own message says', async () => {
    expect(await problems(HandoverDto, { reason: '就近服务' })).toEqual([
      { field: 'officeId', reason: '请选择所在机构' },
    ]);
  });

  it('give one reason per field, the first rule broken as the DTO writes them', async () => {
    const found = await problems(CreateWorkerDto, {
      name: 5,
      citizenId: '12',
      phone: '1',
      township: 'x',
      categories: ['zz'],
    });
    expect(found.map((p) => p.field)).toEqual(['name', 'citizenId', 'phone', 'township', 'categories']);
    expect(found.find((p) => p.field === 'name')?.reason).toBe('须为文字');
    expect(found.find((p) => p.field === 'township')?.reason).toBe('须为2至40个字');
  });
});

describe('the validation pipe', () => {
  it('names a blank required text in the same answer as the rules class-validator refused', async () => {
    const pipe = createValidationPipe();
    const body = { name: '张三', citizenId: 'x', phone: '13812345678', township: '   ', categories: [] };
    const refusal = await pipe.transform(body, { type: 'body', metatype: CreateWorkerDto, data: '' }).then(
      () => null,
      (e: unknown) => e as { details?: { field: string }[] },
    );
    expect(refusal?.details?.map((d) => d.field)).toEqual(['citizenId', 'township']);
  });
});
