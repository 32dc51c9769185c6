import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../bin/wharf.js');
const run = promisify(execFile);

describe('the server log', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  it('holds no AppSecret, access token, session token or upload key, even at trace level', async () => {
    const data = mkdtempSync(join(tmpdir(), 'wharf-log-'));
    const env = { ...process.env, DATABASE_URL: '', WHARF_LOG_LEVEL: 'trace' };
    const world = JSON.parse(
      (await run(process.execPath, [bin, 'demo', '--json', '--data', data], { env })).stdout,
    );
    const port = 20000 + Math.floor(Math.random() * 20000);
    // No --demo: its banner prints the demo secrets on purpose; this test is about log lines.
    child = spawn(process.execPath, [bin, 'start', '--data', data, '--port', String(port)], { env });
    let log = '';
    child.stdout?.on('data', (chunk) => {
      log += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      log += String(chunk);
    });
    const base = `http://127.0.0.1:${port}`;
    const started = Date.now();
    while (!log.includes('/api/v1/docs') && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 100));

    const app = world.miniPrograms[0];
    const issued = await (
      await fetch(
        `${base}/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=${app.secret}`,
      )
    ).json();
    expect(issued.access_token).toBeTruthy();
    expect(
      (await (await fetch(`${base}/wxa/get_category?access_token=${issued.access_token}`)).json()).errcode,
    ).toBe(0);
    const stable = await (
      await fetch(`${base}/cgi-bin/stable_token`, {
        method: 'POST',
        body: JSON.stringify({ grant_type: 'client_credential', appid: app.appid, secret: app.secret }),
      })
    ).json();
    expect(stable.access_token).toBeTruthy();
    // A refused call is logged too, and its wrong secret is still a secret.
    await fetch(
      `${base}/cgi-bin/token?grant_type=client_credential&appid=${app.appid}&secret=wrong${app.secret}`,
    );

    const developer = world.developers[0];
    const signin = await fetch(`${base}/api/v1/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: developer.email, password: developer.password }),
    });
    const session = (await signin.json()).token as string;
    expect(session).toBeTruthy();
    const cookie = signin.headers.get('set-cookie')?.split(';')[0] ?? '';
    const key = await (
      await fetch(`${base}/api/v1/code/${app.appid}/upload-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
        body: JSON.stringify({ label: 'ci' }),
      })
    ).json();
    expect(key.key).toBeTruthy();
    await fetch(`${base}/api/v1/me`, { headers: { cookie } });
    await fetch(`${base}/api/v1/code/${app.appid}/versions?version=9.9.9`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', 'x-wharf-upload-key': key.key },
      body: new Uint8Array([1, 2, 3]),
    });
    await new Promise((r) => setTimeout(r, 300));

    // The log is not empty: request lines for these very calls are there, only without secrets.
    expect(log).toContain('/cgi-bin/token');
    expect(log).toContain('/wxa/get_category');
    for (const secret of [
      app.secret,
      issued.access_token,
      stable.access_token,
      session,
      key.key,
      developer.password,
    ]) {
      expect(log).not.toContain(secret);
    }
  }, 60_000);
});
