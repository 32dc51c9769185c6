/** Test fixtures for the build limits. */

/** Each stylesheet imports the next one twice: the expansion doubles at every level. */
export function doublingChain(levels: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < levels; i++) {
    files[`s/${i}.wxss`] = `@import "./${i + 1}.wxss";\n@import "./${i + 1}.wxss";\n.l${i} { width: 10rpx; }`;
  }
  files[`s/${levels}.wxss`] = `.leaf { padding: 1rpx; }${' '.repeat(150)}`;
  return files;
}
