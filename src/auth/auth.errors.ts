import { defineErrors } from '../common/errors.js';

export const AuthErrors = defineErrors('AUTH', {
  REQUIRED: { status: 401, message: '请先登录' },
  CSRF: { status: 403, message: '表单已过期或不是从本系统页面提交的，请返回刷新页面后重试' },
  INVALID_TOKEN: { status: 401, message: '登录已过期或已退出，请重新登录' },
  FORBIDDEN: { status: 403, message: '您的角色无权办理此事项' },
  CITY_READ_ONLY: { status: 403, message: '市级用户只能查看，具体事项由县局或乡镇劳动保障所办理' },
  ADDRESS_THROTTLED: {
    status: 429,
    message: '从这台电脑登录失败的次数过多，请{minutes}分钟后再试',
    params: ['minutes'],
    extra: ['retryAfterSeconds'],
  },
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
  LAST_ADMIN: {
    status: 409,
    message: '{scope}只剩这一位在用的管理员，不能停用、改任其他角色或调往别处；请先为{scope}另设一位管理员',
    params: ['scope'],
  },
  NOT_LOCKED: { status: 409, message: '该用户的登录没有被锁定，无需解锁' },
});
