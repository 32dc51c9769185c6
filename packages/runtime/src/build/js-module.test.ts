import { describe, expect, it } from 'vitest';
import { prepareModule } from './js-module.ts';

describe('prepareModule', () => {
  it('turns minified ES modules into CommonJS, also when import/export are mid-line', async () => {
    const props = await prepareModule('props.js', 'const props={a:{type:String}};export default props;');
    expect(props.error).toBeUndefined();
    expect(props.code).not.toMatch(/\bexport\s+default\b/);
    expect(props.code).toContain('module.exports');
    const button = await prepareModule(
      'button.js',
      'import{__decorate}from"tslib";import config from"../common/config";let B=class{};export default B;',
    );
    expect(button.requires).toEqual(['tslib', '../common/config']);
    const named = await prepareModule('utils.js', 'const a=1;export const b=2;export function c(){}');
    expect(named.code).not.toMatch(/^\s*export\b/m);
  });

  it('keeps CommonJS verbatim, including files that only mention import/export in names or members', async () => {
    const source =
      'const exporter = require("./x");\nmodule.exports = { importer: exporter.import, export: 1 };';
    const prepared = await prepareModule('cjs.js', source);
    expect(prepared.code).toBe(source);
    expect(prepared.requires).toEqual(['./x']);
  });
});
