/**
 * Citizen ID numbers and phone numbers are personal data: no log line may carry them, whatever
 * field, message, URL or error they arrive in. This runs over each finished log line (after
 * serialisation, so nothing can slip past in an unexpected key) and masks them the way lists
 * and the audit trail do (230781********1234, 138****5678); a landline keeps only its area code.
 *
 * Ledgers arrive with full-width digits (２３０７…) and numbers written with spaces or hyphens,
 * so those are matched too. A run of digits longer than the pattern is left alone: a timestamp
 * or an amount is not a phone number.
 */
const D = '[0-9\\uFF10-\\uFF19]';
const SEP = '[ \\-\\u3000]?';
const NOT_DIGIT_BEFORE = '(?<![0-9\\uFF10-\\uFF19])';
const NOT_DIGIT_AFTER = '(?![0-9\\uFF10-\\uFF19])';

/** 18 characters: 6 region digits, 8 birth-date digits, 3 sequence digits and a check digit or X. */
const CITIZEN_ID = new RegExp(
  `${NOT_DIGIT_BEFORE}(${D}{6})${SEP}(${D}{8})${SEP}(${D}{3})([0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58])${NOT_DIGIT_AFTER}`,
  'g',
);

/** 1[3-9]x xxxx xxxx, with an optional +86 / 86 in front. */
const MOBILE = new RegExp(
  `${NOT_DIGIT_BEFORE}(?:(?:\\+|\\uFF0B)?(?:86|\\uFF18\\uFF16)${SEP})?([1\\uFF11][3-9\\uFF13-\\uFF19]${D})${SEP}(${D}{4})${SEP}(${D}{4})${NOT_DIGIT_AFTER}`,
  'g',
);

/**
 * Area code 0xx or 0xxx and a 7- or 8-digit number: 0458-5612345, (0458)5612345, 04585612345.
 * Without a separator it must stand alone (not after a decimal point either).
 */
const LANDLINE = new RegExp(
  `(?<![0-9\\uFF10-\\uFF19.])(?:[(\\uFF08]([0\\uFF10]${D}{2,3})[)\\uFF09]\\s?|([0\\uFF10]${D}{2,3})[ \\-\\u3000]|([0\\uFF10]${D}{2,3}))(${D}{7,8})${NOT_DIGIT_AFTER}(?!\\.[0-9])`,
  'g',
);

export function redactPersonalData(text: string): string {
  return text
    .replace(
      CITIZEN_ID,
      (_m, region: string, _birth: string, seq: string, check: string) => `${region}********${seq}${check}`,
    )
    .replace(MOBILE, (_m, head: string, _mid: string, tail: string) => `${head}****${tail}`)
    .replace(
      LANDLINE,
      (_m, inParens?: string, withSep?: string, bare?: string, number?: string) =>
        `${inParens ?? withSep ?? bare}-${'*'.repeat(number!.length)}`,
    );
}
