/** GB 32100-2015 unified social credit codes (18 characters). Pure; no I/O. */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'format' | 'checksum';

export function creditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += CHARSET.indexOf(first17[i] ?? '') * (WEIGHTS[i] ?? 0);
  }
  const check = 31 - (sum % 31);
  return CHARSET[check === 31 ? 0 : check] ?? '';
}

export function checkCreditCode(raw: string): { ok: boolean; problem?: CreditCodeProblem } {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((ch) => !CHARSET.includes(ch)))
    return { ok: false, problem: 'format' };
  if (creditCheckCharacter(code.slice(0, 17)) !== code[17]) return { ok: false, problem: 'checksum' };
  return { ok: true };
}

export const CREDIT_PROBLEM_TEXT: Record<CreditCodeProblem, { en: string; zh: string }> = {
  format: {
    en: 'must be 18 characters from 0-9 and A-Y without I, O, S, V, Z',
    zh: '应为 18 位，由数字和除 I、O、S、V、Z 外的大写字母组成',
  },
  checksum: { en: 'the check character does not match', zh: '校验码不正确' },
};
