import { resolve } from 'node:path';
import { Command } from 'commander';
import { packProject } from '../pack/pack-project.ts';
import { progressBar } from '../upload/progress-bar.ts';
import { uploadPackage } from '../upload/upload-package.ts';

interface UploadFlags {
  appid: string;
  version: string;
  desc?: string;
  project: string;
  server: string;
  key?: string;
  json?: boolean;
}

export function uploadCommand(): Command {
  return new Command('upload')
    .description('pack a mini program project and upload it as a development version / 上传代码')
    .requiredOption('--appid <appid>', 'the mini program AppID / 小程序 AppID')
    .requiredOption('--version <version>', 'version string, e.g. 1.0.0 / 版本号')
    .option('--desc <text>', 'version description / 版本描述', '')
    .option('--project <dir>', 'project folder / 项目目录', '.')
    .option(
      '--server <url>',
      'Wharf server / 服务器地址',
      process.env.WHARF_SERVER ?? 'http://127.0.0.1:8080',
    )
    .option('--key <key>', 'upload key (or WHARF_UPLOAD_KEY) / 代码上传密钥')
    .option('--json', 'print the new version as JSON / 输出 JSON')
    .action(async (flags: UploadFlags) => {
      const key = flags.key ?? process.env.WHARF_UPLOAD_KEY;
      if (!key) throw new Error('an upload key is needed: --key or WHARF_UPLOAD_KEY / 需要代码上传密钥');
      const packed = await packProject(resolve(flags.project));
      for (const path of packed.skipped) console.error(`skipped (file type not allowed) / 已跳过: ${path}`);
      const bar = progressBar(process.stderr, packed.zip.byteLength, 'uploading / 上传中');
      const answer = await uploadPackage({
        server: flags.server,
        appid: flags.appid,
        version: flags.version,
        desc: flags.desc ?? '',
        key,
        zip: packed.zip,
        onProgress: (sent) => bar.update(sent),
      });
      bar.finish();
      const body = answer.body as {
        id?: string;
        versionHash?: string;
        error?: { code: string; message: string; field?: string };
      };
      if (answer.status !== 201) {
        const error = body?.error;
        const where = error?.field ? ` (${error.field})` : '';
        throw new Error(
          error
            ? `upload refused / 上传被拒绝: ${error.message}${where} [${error.code}]`
            : `HTTP ${answer.status}`,
        );
      }
      if (flags.json) console.log(JSON.stringify(body));
      else
        console.log(
          `uploaded / 已上传 ${flags.appid} ${flags.version}: ${packed.files} files, ${packed.bytes} bytes, version ${body.id}, hash ${body.versionHash?.slice(0, 12)}`,
        );
    });
}
