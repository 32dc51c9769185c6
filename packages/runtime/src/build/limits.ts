/**
 * What one package build may cost. An uploaded package is untrusted: without these bounds a
 * few kilobytes of WXSS `@import`s expand exponentially, and deep WXML overflows the template
 * compiler's stack. Past a bound the build stops and the package is refused, naming the place.
 */

export interface BuildLimits {
  /** Bytes of everything the build writes (chunks, manifest, copied assets), counted as chunks are written. */
  maxOutputBytes: number;
  /** Characters of CSS after `@import` inlining, across the package, counted before the text is built. */
  maxStyleBytes: number;
  /** Elements open at once in one WXML file; glass-easel 0.12's compiler overflows its stack near 166. */
  maxTemplateDepth: number;
  /** `@import` levels below a stylesheet. */
  maxImportDepth: number;
  /** Times one file may be inlined into one stylesheet (a diamond is fine, a doubling chain is not). */
  maxImportRepeats: number;
  /** `@import`s inlined across the whole package. */
  maxImports: number;
}

export const defaultBuildLimits: BuildLimits = {
  maxOutputBytes: 64 * 1024 * 1024,
  // Scoping and rpx conversion about double CSS on its way into chunks; Vant's whole library is ~0.3 MB.
  maxStyleBytes: 16 * 1024 * 1024,
  maxTemplateDepth: 100,
  maxImportDepth: 16,
  maxImportRepeats: 8,
  maxImports: 20_000,
};

export type BuildRefusalRule =
  | 'wxml_too_deep'
  | 'wxml_compiler_failed'
  | 'wxss_import_too_deep'
  | 'wxss_import_repeated'
  | 'wxss_too_many_imports'
  | 'build_too_large'
  /** Set by the server's build pool (the runtime itself has no clock limit). */
  | 'build_timed_out';

export interface BuildRefusal {
  rule: BuildRefusalRule;
  file: string;
  line: number;
  message: string;
  messageZh: string;
}

/** Thrown by `buildPackage` when the package is past a limit; nothing built is kept. */
export class BuildRefusedError extends Error {
  readonly refusal: BuildRefusal;

  constructor(refusal: BuildRefusal) {
    super(`${refusal.file}:${refusal.line}: ${refusal.message}`);
    this.name = 'BuildRefusedError';
    this.refusal = refusal;
  }
}

export function refuseBuild(refusal: BuildRefusal): never {
  throw new BuildRefusedError(refusal);
}

/** The output budget one build draws from as it goes, so a refusal comes before the memory is spent. */
export class BuildBudget {
  private styleBytes = 0;
  private outputBytes = 0;
  private imports = 0;

  constructor(readonly limits: BuildLimits) {}

  spendStyleBytes(count: number, file: string, line: number): void {
    this.styleBytes += count;
    if (this.styleBytes > this.limits.maxStyleBytes) {
      const max = this.limits.maxStyleBytes;
      refuseBuild({
        rule: 'build_too_large',
        file,
        line,
        message: `the package's WXSS, with @imports inlined, would exceed ${max} bytes (stopped at this import)`,
        messageZh: `代码包的 WXSS 内联 @import 后将超过 ${max} 字节（在此处停止）`,
      });
    }
  }

  spendOutputBytes(count: number, file: string): void {
    this.outputBytes += count;
    if (this.outputBytes > this.limits.maxOutputBytes) {
      const max = this.limits.maxOutputBytes;
      refuseBuild({
        rule: 'build_too_large',
        file,
        line: 1,
        message: `the built package would exceed ${max} bytes (stopped while writing what this file needs)`,
        messageZh: `构建结果将超过 ${max} 字节（在写入此文件所需内容时停止）`,
      });
    }
  }

  spendImport(file: string, line: number): void {
    this.imports += 1;
    if (this.imports > this.limits.maxImports) {
      const max = this.limits.maxImports;
      refuseBuild({
        rule: 'wxss_too_many_imports',
        file,
        line,
        message: `the package inlines more than ${max} WXSS @imports`,
        messageZh: `代码包内联的 WXSS @import 超过 ${max} 次`,
      });
    }
  }
}
