import { defineErrors } from '../common/errors.js';

/** Why a 公民身份号码 is refused (GB 11643); never repeats the number itself. */
export const CitizenIdErrors = defineErrors('CITIZEN_ID', {
  SHAPE: { status: 400, field: 'citizenId', message: '请填写18位公民身份号码（17位数字，最后一位是数字或X）' },
  EMPTY: { status: 400, field: 'citizenId', message: '身份证号为空，请填写18位公民身份号码' },
  LENGTH: {
    status: 400,
    field: 'citizenId',
    message: '身份证号应为18位，现在是{length}位',
    params: ['length'],
  },
  X_NOT_LAST: { status: 400, field: 'citizenId', message: '身份证号只有最后一位可以是X' },
  CHARACTERS: { status: 400, field: 'citizenId', message: '身份证号只能包含数字（最后一位可以是X）' },
  REGION: { status: 400, field: 'citizenId', message: '身份证号前6位（地区码）不正确，应以1至8开头' },
  BIRTH_DATE_IMPOSSIBLE: {
    status: 400,
    field: 'citizenId',
    message: '身份证号中的出生日期不存在（{birthDate}）',
    params: ['birthDate'],
  },
  BIRTH_DATE_TOO_EARLY: {
    status: 400,
    field: 'citizenId',
    message: '身份证号中的出生日期早于1900年（{birthDate}）',
    params: ['birthDate'],
  },
  BIRTH_DATE_IN_FUTURE: {
    status: 400,
    field: 'citizenId',
    message: '身份证号中的出生日期在今天之后（{birthDate}）',
    params: ['birthDate'],
  },
  CHECK_DIGIT: {
    status: 400,
    field: 'citizenId',
    message: '身份证号校验位不对（按前17位应为{expected}）：请核对号码是否抄错',
    params: ['expected'],
  },
});

/** Why a 统一社会信用代码 is refused (GB 32100). */
export const CreditCodeErrors = defineErrors('CREDIT_CODE', {
  SHAPE: {
    status: 400,
    field: 'creditCode',
    message: '请填写18位统一社会信用代码（数字和大写字母，不含I、O、Z、S、V）',
  },
  EMPTY: { status: 400, field: 'creditCode', message: '统一社会信用代码为空，请填写18位代码' },
  LENGTH: {
    status: 400,
    field: 'creditCode',
    message: '统一社会信用代码应为18位，现在是{length}位',
    params: ['length'],
  },
  FORBIDDEN_LETTER: {
    status: 400,
    field: 'creditCode',
    message: '统一社会信用代码第{position}位是字母{letter}，信用代码不用这个字母（是不是{meant}？）',
    params: ['position', 'letter', 'meant'],
  },
  CHARACTER: {
    status: 400,
    field: 'creditCode',
    message: '统一社会信用代码第{position}位含有不允许的字符',
    params: ['position'],
  },
  REGION: { status: 400, field: 'creditCode', message: '统一社会信用代码第3到8位（地区码）必须是数字' },
  CHECK_CHARACTER: {
    status: 400,
    field: 'creditCode',
    message: '统一社会信用代码校验位不对（应为{expected}）：请核对是否抄错',
    params: ['expected'],
  },
});

/** Why a mainland mobile number is refused. */
export const PhoneErrors = defineErrors('PHONE', {
  SHAPE: { status: 400, field: 'phone', message: '请填写以13至19开头的11位手机号码' },
  EMPTY: { status: 400, field: 'phone', message: '手机号码为空，请填写11位手机号码' },
  COUNTRY: { status: 400, field: 'phone', message: '只接受中国大陆的手机号码（国家代码+86）' },
  CHARACTERS: { status: 400, field: 'phone', message: '手机号码只能包含数字、空格、短横线和开头的+86' },
  LENGTH: {
    status: 400,
    field: 'phone',
    message: '手机号码应为11位，现在是{length}位',
    params: ['length'],
  },
});

/** Why a bank account number is refused; never repeats the number itself. */
export const BankAccountErrors = defineErrors('BANK_ACCOUNT', {
  EMPTY: { status: 400, field: 'bankAccount', message: '银行账号为空，请填写收款的银行卡号或账号' },
  CHARACTERS: { status: 400, field: 'bankAccount', message: '银行账号只能包含数字（可以用空格或短横线分段）' },
  LENGTH: {
    status: 400,
    field: 'bankAccount',
    message: '银行账号应为8至32位数字，现在是{length}位',
    params: ['length'],
  },
});
