import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

describe.each(dialects)('package grants follow current membership, on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  let entry: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '授权');
    const uploaded = await w.upload('1.0.0-trial');
    entry = uploaded.body.entryFile;
    const trial = await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: uploaded.body.id });
    if (trial.status !== 200) throw new Error(JSON.stringify([uploaded, trial]));
  });
  afterAll(() => server.close());

  /** A tester bound through `/wxa/bind_tester` who accepted. */
  async function acceptedTester() {
    const tester = await person(server);
    const bound = await w.wx('/wxa/bind_tester', { wechatid: tester.email });
    const [invitation] = (await tester.client.get('/api/v1/invitations')).body;
    expect((await tester.client.post(`/api/v1/invitations/${invitation.id}/accept`)).status).toBe(200);
    return { ...tester, userstr: bound.userstr as string };
  }

  it("refuses a removed tester's trial grant URL at once", async () => {
    const tester = await acceptedTester();
    const launch = await tester.client.get(`/api/v1/launch/${w.app.appid}?version=trial`);
    expect(launch.status).toBe(200);
    const url = `${launch.body.packageBase}${entry}`;
    expect((await fetch(url)).status).toBe(200);

    expect((await w.wx('/wxa/unbind_tester', { userstr: tester.userstr })).errcode).toBe(0);
    expect((await fetch(url)).status).toBe(404);
    expect((await tester.client.get(`/api/v1/launch/${w.app.appid}?version=trial`)).status).toBe(404);
  });

  it("refuses a removed member's trial grant, removed through the native members API", async () => {
    const tester = await acceptedTester();
    const url = `${(await tester.client.get(`/api/v1/launch/${w.app.appid}?version=trial`)).body.packageBase}${entry}`;
    expect((await fetch(url)).status).toBe(200);
    expect((await w.dev.delete(`/api/v1/miniprograms/${w.app.id}/members/${tester.id}/tester`)).status).toBe(
      200,
    );
    expect((await fetch(url)).status).toBe(404);
  });

  it("refuses a grant once the trial moves to another version, and one whose holder's name is forged", async () => {
    const tester = await acceptedTester();
    const launch = (await tester.client.get(`/api/v1/launch/${w.app.appid}?version=trial`)).body;
    const url = `${launch.packageBase}${entry}`;
    expect((await fetch(url)).status).toBe(200);
    // The owner's own grant, with the tester's id swapped in: the signature no longer holds.
    const owner = (await w.dev.get(`/api/v1/launch/${w.app.appid}?version=develop`)).body;
    const [hash, expires, , signature] = owner.packageBase.split('/').at(-2).split('.');
    const forged = `${server.runtimeUrl}/pkg/${w.app.appid}/${hash}.${expires}.${tester.id}.${signature}/${entry}`;
    expect((await fetch(forged)).status).toBe(404);
    expect((await fetch(`${owner.packageBase}${entry}`)).status).toBe(200);

    const next = await w.upload('1.0.1-trial');
    await w.dev.put(`/api/v1/code/${w.app.appid}/trial`, { versionId: next.body.id });
    expect((await fetch(url)).status).toBe(404);
  });
});
