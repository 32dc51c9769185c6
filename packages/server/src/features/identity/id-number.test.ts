import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCheckCharacter } from './credit-code.ts';
import { checkIdNumber, idCheckCharacter } from './id-number.ts';

const today = new Date('2026-11-25T00:00:00Z');

describe('GB 11643 resident ID numbers', () => {
  it.each([
    ['11010519491231002X', true, undefined], // the standard's own example
    ['440524188001010014', false, 'birth_date'], // year before 1900
    ['110105194912310021', false, 'checksum'],
    ['99010519491231002X', false, 'province'],
    ['110105194902300020', false, 'birth_date'], // 30 February
    ['11010519491231002', false, 'format'],
    ['1101051949123100XX', false, 'format'],
  ])('%s → ok=%s (%s)', (id, ok, problem) => {
    const result = checkIdNumber(id, today);
    expect(result.ok).toBe(ok);
    expect(result.problem).toBe(problem);
  });

  it('refuses a birth date in the future', () => {
    const first17 = '11010520270101001';
    expect(checkIdNumber(first17 + idCheckCharacter(first17), today)).toEqual({
      ok: false,
      problem: 'birth_date',
    });
  });

  it('accepts a lower-case x check character', () => {
    expect(checkIdNumber('11010519491231002x', today).ok).toBe(true);
  });

  it('computes X when the check value is 10', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
  });
});

describe('GB 32100 unified social credit codes', () => {
  it.each([
    ['91350100M000100Y43', true], // a published valid example
    ['91350100M000100Y44', false],
    ['91350100M000100I43', false], // I is not in the charset
    ['9135010', false],
  ])('%s → %s', (code, ok) => {
    expect(checkCreditCode(code).ok).toBe(ok);
  });

  it('maps a check value of 31 to 0', () => {
    // Search a body whose weighted sum is 0 mod 31.
    const body = '00000000000000000';
    expect(creditCheckCharacter(body)).toBe('0');
  });
});
