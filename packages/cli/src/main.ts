import { Command } from 'commander';
import { adminCommand } from './commands/admin.ts';
import { demoCommand } from './commands/demo.ts';
import { devCommand } from './commands/dev.ts';
import { migrateCommand } from './commands/migrate.ts';
import { startCommand } from './commands/start.ts';
import { uploadCommand } from './commands/upload.ts';

const program = new Command('wharf')
  .description(
    "Wharf: a self-hostable mini program platform that speaks WeChat's server protocol / 自托管小程序平台",
  )
  .showHelpAfterError();

program.addCommand(startCommand());
program.addCommand(migrateCommand());
program.addCommand(demoCommand());
program.addCommand(adminCommand());
program.addCommand(uploadCommand());
program.addCommand(devCommand());

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
