import { defineErrors } from '../common/errors.js';

export const MetricsErrors = defineErrors('METRICS', {
  ELSEWHERE: { status: 404, message: '运行指标不在这个端口提供（见 METRICS_PORT）' },
});
