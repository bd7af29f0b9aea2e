import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  parameters?: { in?: string; name?: string }[];
  requestBody?: { content?: Record<string, unknown> };
  security?: unknown[];
  responses?: Record<string, unknown>;
};

/** The body of every refusal (src/common/error.filter.ts): a stable code, one Chinese message, the fields. */
const ERROR_BODY = {
  type: 'object',
  required: ['statusCode', 'error', 'code', 'message', 'details'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    error: { type: 'string', example: 'Bad Request' },
    code: { type: 'string', description: 'stable, per context', example: 'VALIDATION.FAILED' },
    message: { type: 'string', description: 'one Chinese sentence for the user', example: '请检查填写的内容' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: { field: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

const answer = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

/**
 * The refusals every operation can give, declared once for all of them rather than on each
 * handler, from what the operation has: a login (401, 403), a record in the path (404),
 * input (400), a file (413). What a handler declares itself is kept.
 */
export function declareRefusals(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ErrorBody: ERROR_BODY };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const params = op.parameters ?? [];
      const add = (status: string, description: string) => {
        op.responses![status] ??= answer(description);
      };
      if (op.security?.length) {
        add('401', '未登录，或登录已失效（AUTH.REQUIRED、AUTH.INVALID_TOKEN）');
        add('403', '本角色不能做这件事（AUTH.FORBIDDEN），或市级用户只能查看（AUTH.CITY_READ_ONLY）');
      }
      if (params.some((p) => p.in === 'path')) add('404', '没有这条记录，或不在本人可见的范围内');
      if (params.some((p) => p.in === 'query' || p.in === 'path') || op.requestBody)
        add('400', '输入不正确：details 逐项写明字段和原因');
      if (op.requestBody?.content?.['multipart/form-data']) add('413', '上传的文件超过大小限制');
    }
  }
  return doc;
}
