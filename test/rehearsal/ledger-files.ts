/**
 * The township ledgers the rehearsal imports, as CSV (UTF-8, what an office saves from Excel):
 * a workers ledger with valid ID numbers (check digits computed here) and a known share of bad
 * rows, and a placements ledger for some of those workers. What each file must give is counted
 * as it is written, so the import's counts can be checked exactly.
 */
import { idCheck } from '../support/fixtures.js';

const TOWNSHIPS = ['城关镇', '东风镇', '新华镇', '永安镇', '红旗乡', '太平乡'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红建国志永海燕珍春梅德胜庆凤文宏立新';

/** A valid ID number of region 230782 (not the fixtures' 230781), one per i: never two alike in a run. */
export function ledgerCitizenId(i: number): string {
  const birth = new Date(Date.UTC(1966, 0, 1) + Math.floor(i / 500) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const first17 = `230782${birth}${String(i % 500).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}

const nameOf = (i: number) =>
  SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + (i % 3 ? GIVEN[(i * 13) % GIVEN.length] : '');
const mobileOf = (i: number) => `139${String(10_000_000 + i).padStart(8, '0')}`;

export interface WorkersLedger {
  csv: string;
  /** Rows that must be created, and their ID numbers. */
  valid: string[];
  /** Rows that must be refused (a wrong check digit, an unknown township). */
  bad: number;
}

/** `n` rows; every 50th (from the 8th) is bad. */
export function workersLedger(n: number): WorkersLedger {
  const lines = ['姓名,身份证号,联系电话,乡镇,人员类别'];
  const valid: string[] = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    let id = ledgerCitizenId(i);
    let town = TOWNSHIPS[i % TOWNSHIPS.length];
    if (i % 50 === 7) {
      bad++;
      if (i % 100 === 7) id = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
      else town = '不存在乡';
    } else valid.push(id);
    lines.push([nameOf(i), id, mobileOf(i), town, i % 3 ? '农村富余劳动力' : '下岗失业人员'].join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, valid, bad };
}

export interface PlacementsLedger {
  csv: string;
  /** ID numbers of the workers that must be placed. */
  placed: string[];
  bad: number;
}

/**
 * One placement row per worker of `citizenIds`, with the employers' credit codes in turn; every
 * 100th row names an employer that is not registered (refused). Started `startDate`, so the
 * contract processes wait for a contract rather than go overdue.
 */
export function placementsLedger(citizenIds: string[], creditCodes: string[], startDate: string): PlacementsLedger {
  const lines = ['身份证号,统一社会信用代码,上岗日期,工种,月工资(元),务工地点,有组织输出'];
  const placed: string[] = [];
  let bad = 0;
  citizenIds.forEach((id, i) => {
    let code = creditCodes[i % creditCodes.length];
    if (i % 100 === 42) {
      bad++;
      code = '91210211MA0TQ8GX3B';
    } else placed.push(id);
    lines.push([id, code, startDate, '报纸投递员', '3200', '黑龙江省哈尔滨市南岗区', i % 2 ? '是' : '否'].join(','));
  });
  return { csv: `${lines.join('\r\n')}\r\n`, placed, bad };
}
