import { defineErrors } from '../common/errors.js';

/** Dated policy values (政策参数). */
export const PolicyErrors = defineErrors('POLICY', {
  DATE_TAKEN: {
    status: 409,
    message: '该政策参数在{effectiveFrom}已有一条取值；如需更正，请另选生效日期',
    params: ['effectiveFrom'],
    extra: ['existingId'],
  },
  PAST_DATE: {
    status: 400,
    field: 'effectiveFrom',
    message: '生效日期不能早于今天：已经过去的日子按当时的取值办理，不能改写',
  },
  PERCENT_RANGE: { status: 400, field: 'value', message: '百分比须在0至100之间' },
  COUNTY_UNKNOWN: {
    status: 400,
    field: 'countyId',
    message: '请选择本市所辖的县（区）',
  },
  COUNTY_NOT_OWN: {
    status: 403,
    field: 'countyId',
    message: '只能查看或设置本县（区）的政策参数；全市默认值由市级管理员设置',
  },
});
