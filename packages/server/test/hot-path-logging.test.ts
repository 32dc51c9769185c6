import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SLOW_REQUEST_MS, WharfLogController } from '../src/http/log-controller.ts';

function app(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const server = Fastify({
    loggerInstance: pino({ level }, stream),
    logController: new WharfLogController(),
  });
  server.get('/wxa/get_category', async () => ({ errcode: 0, errmsg: 'ok' }));
  server.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_REQUEST_MS + 50));
    return { ok: true };
  });
  server.get('/boom', async () => {
    throw new Error('boom');
  });
  return { server, lines };
}

describe('request logging', () => {
  it('writes no line for a successful call at the default level, and never the query string', async () => {
    const { server, lines } = app('info');
    for (let i = 0; i < 5; i++) {
      const reply = await server.inject('/wxa/get_category?access_token=SECRET_TOKEN_VALUE');
      expect(reply.statusCode).toBe(200);
    }
    expect(lines).toEqual([]);
    const debug = app('debug');
    await debug.server.inject('/wxa/get_category?access_token=SECRET_TOKEN_VALUE');
    expect(debug.lines).toHaveLength(1);
    expect(debug.lines[0]).toMatchObject({ msg: 'request completed', route: '/wxa/get_category' });
    expect(JSON.stringify(debug.lines)).not.toContain('SECRET_TOKEN_VALUE');
  });

  it('always logs slow requests and failures, one line each', async () => {
    const { server, lines } = app('warn');
    await server.inject('/slow?secret=HIDDEN');
    expect(lines.filter((l) => l.msg === 'slow request')).toHaveLength(1);
    const before = lines.length;
    expect((await server.inject('/boom')).statusCode).toBe(500);
    const failed = lines.slice(before);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ msg: 'boom', level: 50 });
    expect(JSON.stringify(lines)).not.toContain('HIDDEN');
  });
});
