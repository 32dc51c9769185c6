import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeWorld, codeWorld, person } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

const FIFTY_MB = 50 * 1024 * 1024;

/**
 * Sends only the headers of a request that declares a large body, and waits for the answer.
 * The server must answer without reading the body: if it waited for the body, no answer would
 * come (we never send it) and the wait would time out. Also reports how many body bytes the
 * server read before answering (we write a first chunk only if asked).
 */
function answerWithoutBody(
  url: string,
  path: string,
  headers: Record<string, string>,
  method = 'POST',
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = httpRequest(
      target,
      { method, headers: { 'content-length': String(FIFTY_MB), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', (error) => {
      // The server may close the connection after answering; only an error before it matters.
      reject(error);
    });
    req.flushHeaders();
    setTimeout(() => {
      req.destroy();
      reject(new Error('no answer within 3 s: the server is waiting for the body'));
    }, 3000);
  });
}

describe.each(dialects)('the caller is known before the body is read, on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server);
  });
  afterAll(() => server.close());

  it('refuses an anonymous 50 MB upload with 401 before reading it', async () => {
    const answer = await answerWithoutBody(server.url, `/api/v1/code/${w.app.appid}/versions?version=1.0.0`, {
      'content-type': 'application/zip',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthenticated');
  });

  it('refuses a wrong upload key before reading the body', async () => {
    const answer = await answerWithoutBody(server.url, `/api/v1/code/${w.app.appid}/versions?version=1.0.0`, {
      'content-type': 'application/zip',
      'x-wharf-upload-key': 'not-a-key',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('upload_key_invalid');
  });

  it("refuses a signed-in stranger's upload to someone else's app before reading the body", async () => {
    const stranger = await person(server);
    const answer = await answerWithoutBody(server.url, `/api/v1/code/${w.app.appid}/versions?version=1.0.0`, {
      'content-type': 'application/zip',
      authorization: `Bearer ${stranger.token}`,
    });
    expect(answer.status).toBe(404);
  });

  it("refuses the app's own developer a body larger than the package limit allows, before reading it", async () => {
    const answer = await answerWithoutBody(server.url, `/api/v1/code/${w.app.appid}/versions?version=1.0.0`, {
      'content-type': 'application/zip',
      authorization: `Bearer ${w.devToken}`,
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('package_too_large');
  });

  it('refuses an anonymous large JSON body on a signed-in route with 401 before reading it', async () => {
    const answer = await answerWithoutBody(server.url, '/api/v1/miniprograms', {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(401);
  });

  it('gives other routes only the default body limit, even for zip bodies', async () => {
    const answer = await answerWithoutBody(
      server.url,
      `/api/v1/code/${w.app.appid}/trial`,
      { 'content-type': 'application/zip', authorization: `Bearer ${w.devToken}` },
      'PUT',
    );
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('body_too_large');
  });

  it('still takes an ordinary upload', async () => {
    const response = await w.upload('1.0.1');
    expect(response.status).toBe(201);
  });
});
