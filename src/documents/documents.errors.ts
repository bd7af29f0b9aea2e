import { defineErrors } from '../common/errors.js';

/** Official documents (文书) and what they are printed with. */
export const DocumentErrors = defineErrors('DOCUMENT', {
  NOT_FOUND: { status: 404, message: '没有这份文书' },
  PDF_UNAVAILABLE: { status: 503, message: '暂时无法生成PDF，请稍后再试；文书原文可点击“打开”查看和打印' },
  FONT_NOT_FOUND: { status: 404, message: '没有这个字体文件' },
});
