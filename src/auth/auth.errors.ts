import { defineErrors } from '../common/errors.js';

export const AuthErrors = defineErrors('AUTH', {
  REQUIRED: { status: 401, message: '请先登录' },
  CSRF: { status: 403, message: '表单已过期或不是从本系统页面提交的，请返回刷新页面后重试' },
  INVALID_TOKEN: { status: 401, message: '登录已过期或已退出，请重新登录' },
  FORBIDDEN: { status: 403, message: '您的角色无权办理此事项' },
  THROTTLED: {
    status: 429,
    message: '登录失败次数过多，请{minutes}分钟后再试',
    params: ['minutes'],
    extra: ['retryAfterSeconds'],
  },
  BAD_CREDENTIALS: { status: 401, message: '用户名或密码不正确' },
});

export const UserErrors = defineErrors('USER', {
  EXISTS: { status: 409, message: '这个用户名已经有人使用，请换一个', extra: ['existingId'] },
  NOT_FOUND: { status: 404, message: '没有这个用户' },
});
