import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateContracts } from '../src/contracts.ts';

const docs = resolve(import.meta.dirname, '../../../docs');
const { openapi, wechatEndpoints } = await generateContracts();
writeFileSync(resolve(docs, 'openapi.json'), openapi);
writeFileSync(resolve(docs, 'wechat-endpoints.md'), wechatEndpoints);
console.log('docs/openapi.json and docs/wechat-endpoints.md written');
