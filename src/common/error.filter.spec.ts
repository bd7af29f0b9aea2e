import { QueryFailedError } from 'typeorm';
import { databaseUnavailable, ErrorFilter } from './error.filter.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const queryFailed = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection'), { code }));

describe('the API while Postgres is down or restarting (seen in the rehearsal as 500s)', () => {
  const filter = new ErrorFilter();

  it.each([
    ['refused connection (server stopped)', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['connection reset', withCode('ECONNRESET')],
    ['shut down by the administrator (57P01)', queryFailed('57P01')],
    ['starting or stopping (57P03)', queryFailed('57P03')],
    ['connection failure (08006)', queryFailed('08006')],
    ['too many connections (53300)', queryFailed('53300')],
  ])('%s: 503 DATABASE.UNAVAILABLE with a Chinese message, not 500', (_what, err) => {
    expect(databaseUnavailable(err)).toBe(true);
    expect(filter.toBody(err)).toMatchObject({
      statusCode: 503,
      code: 'DATABASE.UNAVAILABLE',
      message: '数据库暂时无法连接，请稍后重试',
    });
  });

  it('keeps real faults as 500 and the constraint answers as they were', () => {
    expect(filter.toBody(new Error('boom'))).toMatchObject({ statusCode: 500, code: 'HTTP.INTERNAL' });
    expect(filter.toBody(withCode('ERR_SOMETHING'))).toMatchObject({ statusCode: 500 });
    expect(filter.toBody(queryFailed('23505'))).toMatchObject({ statusCode: 409, code: 'DATABASE.DUPLICATE' });
    expect(databaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
