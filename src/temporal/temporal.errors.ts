import { defineErrors } from '../common/errors.js';

export const TemporalErrors = defineErrors('TEMPORAL', {
  UNAVAILABLE: { status: 503, message: '流程引擎暂时没有响应，本次未做任何更改，请稍后重试' },
});
