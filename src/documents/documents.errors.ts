import { defineErrors } from '../common/errors.js';

/** Official documents (文书) and what they are printed with. */
export const DocumentErrors = defineErrors('DOCUMENT', {
  NOT_FOUND: { status: 404, message: '没有这份文书' },
  PDF_UNAVAILABLE: { status: 503, message: '暂时无法生成PDF，请稍后再试；文书原文可点击“打开”查看和打印' },
  FONT_NOT_FOUND: { status: 404, message: '没有这个字体文件' },
  NO_ISSUER: {
    status: 409,
    message: '文书由所属县（区）劳动就业部门出具；请由该县（区）的工作人员办理',
  },
  NO_PREFIX: {
    status: 409,
    message: '{office}尚未设置文号前缀，请管理员在机构信息中填写后再出具文书',
    params: ['office'],
  },
});
