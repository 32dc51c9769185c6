import { randomHex } from '../../security/secrets.ts';

/** WeChat's shapes: AppID `wx` + 16 hex, original id `gh_` + 12 hex, AppSecret 32 hex. */
export const newAppid = (): string => `wx${randomHex(8)}`;
export const newOriginalId = (): string => `gh_${randomHex(6)}`;
export const newAppSecret = (): string => randomHex(16);

export const isAppid = (value: string): boolean => /^wx[0-9a-f]{16}$/.test(value);
export const isAppSecret = (value: string): boolean => /^[0-9a-f]{32}$/.test(value);
