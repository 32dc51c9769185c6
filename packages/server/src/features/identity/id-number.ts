/** GB 11643-1999 resident ID numbers (18 characters). Pure; no I/O. */

// First two digits: province-level division codes (GB/T 2260), incl. Taiwan, Hong Kong, Macau.
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);

export type IdNumberProblem = 'format' | 'province' | 'birth_date' | 'checksum';

export interface IdNumberCheck {
  ok: boolean;
  problem?: IdNumberProblem;
}

/** The check character for the first 17 digits: weights 2^(17-i) mod 11, (12 - sum mod 11) mod 11, 10 → X. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  }
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, problem: 'province' };
  if (!isRealPastDate(id.slice(6, 14), today)) return { ok: false, problem: 'birth_date' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return { ok: true };
}

export function normaliseIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

function isRealPastDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && date.getTime() <= today.getTime();
}

export const ID_PROBLEM_TEXT: Record<IdNumberProblem, { en: string; zh: string }> = {
  format: { en: 'must be 17 digits followed by a digit or X', zh: '应为 17 位数字加 1 位数字或 X' },
  province: { en: 'unknown province code', zh: '省份代码不存在' },
  birth_date: { en: 'the birth date is not a real past date', zh: '出生日期不是真实的过去日期' },
  checksum: { en: 'the check character does not match', zh: '校验码不正确' },
};
