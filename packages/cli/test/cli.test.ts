import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

/** A free port whose next port is free too: `wharf start` puts the runtime origin there. */
async function freePortPair(): Promise<number> {
  const taken = (port: number) =>
    new Promise<Server | undefined>((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => done(server));
    });
  for (;;) {
    const first = await taken(0);
    const port = (first?.address() as AddressInfo | undefined)?.port;
    const second = port ? await taken(port + 1) : undefined;
    await Promise.all(
      [first, second].map((s) => new Promise((done) => (s ? s.close(done) : done(undefined)))),
    );
    if (port && second && port < 65535) return port;
  }
}

const bin = resolve(import.meta.dirname, '../bin/wharf.js');
const run = promisify(execFile);

describe('the wharf command', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('prints the demo world as one JSON object, the same on a second run', async () => {
    const data = mkdtempSync(join(tmpdir(), 'wharf-cli-'));
    const first = await run(process.execPath, [bin, 'demo', '--json', '--data', data], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    const world = JSON.parse(first.stdout);
    expect(Object.keys(world)).toEqual(expect.arrayContaining(['admin', 'developers', 'miniPrograms']));
    expect(world.developers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subjectType: 'individual' }),
        expect.objectContaining({ subjectType: 'enterprise' }),
      ]),
    );
    // The open platform: one account binding the individual's mini program, official account and app.
    expect(world.openAccounts).toEqual([
      {
        openAppid: expect.stringMatching(/^wx[0-9a-f]{16}$/),
        bound: expect.arrayContaining([world.mobileApps[0].appid]),
      },
    ]);
    expect(world.openAccounts[0].bound).toHaveLength(3);
    expect(world.mobileApps).toEqual([
      {
        appid: expect.stringMatching(/^wx[0-9a-f]{16}$/),
        secret: expect.stringMatching(/^[0-9a-f]{32}$/),
        name: '码头 App',
      },
    ]);
    const second = await run(process.execPath, [bin, 'demo', '--json', '--data', data], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    expect(
      JSON.parse(second.stdout).miniPrograms.map((m: { appid: string; secret: string }) => [
        m.appid,
        m.secret,
      ]),
    ).toEqual(world.miniPrograms.map((m: { appid: string; secret: string }) => [m.appid, m.secret]));
  }, 60_000);

  it('starts, prints its URLs and demo sign-ins, serves, and stops on SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'wharf-cli-'));
    const port = await freePortPair();
    child = spawn(process.execPath, [bin, 'start', '--demo', '--data', data, '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: '', WHARF_LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    const started = Date.now();
    while (!output.includes('preview.html') && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain(`http://127.0.0.1:${port}/api/v1/docs`);
    expect(output).toContain('admin@wharf.local');
    const preview = /(http:\/\/\S+\/runtime\/preview\.html\?\S+)/.exec(output)?.[1];
    expect(preview).toBeTruthy();
    expect((await fetch(preview!)).status).toBe(200);
    const packageBase = new URL(preview!).searchParams.get('packageBase')!;
    expect((await fetch(`${packageBase}_wharf/manifest.json`)).status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, blobs: { ok: true, store: 'data-folder' } });
    const exited = new Promise<number | null>((r) => child?.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  }, 60_000);

  it('refuses a bad port with a clear message', async () => {
    await expect(
      run(process.execPath, [bin, 'migrate', '--data', '/tmp/x'], {
        env: { ...process.env, WHARF_PORT: '99999' },
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('Invalid port'),
    });
  });
});
