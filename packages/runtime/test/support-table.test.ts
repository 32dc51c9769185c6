/**
 * docs/runtime.md's support table stays true to itself: every "supported" row names a test
 * that exists, the row counts above the table and the by-name counts of components and wx
 * APIs are what the table says (scripts/support-table.ts), and no runtime API or WeChat
 * component is left out of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { namesLine, parseTable, RUNTIME_DOC, rowsLine, supportCounts } from '../scripts/support-table.ts';

const markdown = readFileSync(RUNTIME_DOC, 'utf8');
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/**
 * `stem › title` references in a note, in order, resolved to test files; `, › title` is a
 * further test of the file named before it.
 */
function testReferences(notes: string): Array<{ file: string; title: string }> {
  const markers = [...notes.matchAll(/(?:(?:(cli) )?([a-z][a-z0-9-]*)|,) › /g)];
  let file = '';
  return markers.map((marker, i) => {
    const [, cli, stem] = marker;
    if (stem) file = cli ? `packages/cli/test/${stem}.test.ts` : `packages/runtime/test/${stem}.test.ts`;
    const from = marker.index! + marker[0].length;
    const title = notes.slice(from, markers[i + 1]?.index ?? notes.length).split(';')[0]!;
    return { file, title: title.trim() };
  });
}

/** The words of a title that can be matched: up to an ellipsis or a parenthesis the doc adds. */
const titleStart = (title: string) => title.split(/ …|…| \(|\(|: …/)[0]!.trim();

describe('docs/runtime.md support table', () => {
  const rows = parseTable(markdown);

  it('names an existing test for every supported row, and the test titles it quotes exist', () => {
    const missing: string[] = [];
    for (const row of rows.filter((r) => r.status === 'supported')) {
      const references = testReferences(row.notes);
      const paths = [...row.notes.matchAll(/`((?:src|test)\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1]!);
      if (references.length === 0 && paths.length === 0) missing.push(`${row.subject}: names no test`);
      for (const path of paths) {
        if (!existsSync(repo(`packages/runtime/${path}`))) missing.push(`${row.subject}: no file ${path}`);
      }
      for (const { file, title } of references) {
        if (!existsSync(repo(file))) {
          missing.push(`${row.subject}: no test file ${file}`);
          continue;
        }
        const start = titleStart(title);
        if (start.length >= 8 && !readFileSync(repo(file), 'utf8').includes(start))
          missing.push(`${row.subject}: ${file} has no test "${start}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('states the row counts of the table above it (scripts/support-table.ts --write updates them)', () => {
    expect(markdown).toContain(rowsLine(supportCounts(markdown)));
  });

  it('mentions every wx API of the runtime and every WeChat component, and states their counts by name', () => {
    const counts = supportCounts(markdown);
    expect(counts.apis.unlisted).toEqual([]);
    expect(counts.components.unlisted).toEqual([]);
    expect(markdown).toContain(namesLine(counts));
  });
});
