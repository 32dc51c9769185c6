/**
 * A reason a code package is refused. `rule` is a stable code that the HTTP faces map
 * to their own error shapes; `file` is the package path at fault ('' for the archive
 * as a whole). Chinese first in the product, English alongside for logs and tools.
 */
export interface PackageRefusal {
  file: string;
  rule: PackageRule;
  message: string;
  messageZh: string;
}

export const packageRules = [
  // reading the archive (read-zip.ts)
  'zip_malformed',
  'zip_too_many_entries',
  'zip_too_large',
  'zip_ratio_too_high',
  'entry_encrypted',
  'compression_not_supported',
  'symlink_not_allowed',
  'special_file_not_allowed',
  'path_duplicate',
  // paths and file types (both)
  'path_not_allowed',
  'hidden_file_not_allowed',
  'node_modules_not_allowed',
  'file_type_not_allowed',
  // contents (validate-package.ts)
  'app_json_missing',
  'app_json_invalid',
  'app_json_no_pages',
  'app_js_missing',
  'json_invalid',
  'page_path_invalid',
  'page_missing_wxml',
  'page_missing_js',
  'subpackage_invalid',
  'tab_bar_invalid',
  'sitemap_missing',
  'component_not_found',
  'main_package_too_large',
  'subpackage_too_large',
  'package_too_large',
  // building for the runtime (its limits, packages/runtime/src/build/limits.ts)
  'wxml_too_deep',
  'wxml_compiler_failed',
  'wxss_import_too_deep',
  'wxss_import_repeated',
  'wxss_too_many_imports',
  'build_too_large',
  'build_timed_out',
] as const;

export type PackageRule = (typeof packageRules)[number];

export function refuse(file: string, rule: PackageRule, message: string, messageZh: string): PackageRefusal {
  return { file, rule, message, messageZh };
}
