import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateContracts } from '../src/contracts.ts';

const docs = resolve(import.meta.dirname, '../../../docs');

describe('generated contracts', () => {
  it('match the committed docs/openapi.json and docs/wechat-endpoints.md (run `npm run sync:contracts`)', async () => {
    const { openapi, wechatEndpoints } = await generateContracts();
    expect(readFileSync(resolve(docs, 'openapi.json'), 'utf8')).toBe(openapi);
    expect(readFileSync(resolve(docs, 'wechat-endpoints.md'), 'utf8')).toBe(wechatEndpoints);
  });
});
