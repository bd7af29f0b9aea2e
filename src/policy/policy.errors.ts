import { defineErrors } from '../common/errors.js';

/** Dated policy values (政策参数). */
export const PolicyErrors = defineErrors('POLICY', {
  DATE_TAKEN: {
    status: 409,
    message: '该政策参数在{effectiveFrom}已有一条取值；如需更正，请另选生效日期',
    params: ['effectiveFrom'],
    extra: ['existingId'],
  },
});
