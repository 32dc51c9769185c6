import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLogger } from '../src/http/lazy-child-logger.ts';
import { SLOW_REQUEST_MS, WharfLogController } from '../src/http/log-controller.ts';

function app(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level }, stream);
  // Counts the request children made (buildApp's factory makes one only when a line is written).
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<typeof child>) => {
    children++;
    return child(...args);
  }) as typeof logger.child;
  const server = Fastify({
    loggerInstance: logger,
    logController: new WharfLogController(),
    childLoggerFactory: lazyChildLogger,
  });
  server.get('/wxa/get_category', async () => ({ errcode: 0, errmsg: 'ok' }));
  server.get('/slow', async () => {
    await new Promise((resolve) => setTimeout(resolve, SLOW_REQUEST_MS + 50));
    return { ok: true };
  });
  server.get('/boom', async () => {
    throw new Error('boom');
  });
  return { server, lines, children: () => children };
}

describe('request logging', () => {
  it('writes no line for a successful call at the default level, and never the query string', async () => {
    const { server, lines, children } = app('info');
    await server.ready();
    const made = children();
    for (let i = 0; i < 5; i++) {
      const reply = await server.inject('/wxa/get_category?access_token=SECRET_TOKEN_VALUE');
      expect(reply.statusCode).toBe(200);
    }
    expect(lines).toEqual([]);
    expect(children()).toBe(made);
    const debug = app('debug');
    await debug.server.inject('/wxa/get_category?access_token=SECRET_TOKEN_VALUE');
    expect(debug.lines).toHaveLength(1);
    expect(debug.lines[0]).toMatchObject({ msg: 'request completed', route: '/wxa/get_category' });
    expect(debug.lines[0]!.reqId).toMatch(/^req-/);
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
    // The line carries the request's id, as a child made up front would.
    expect(lines.every((l) => typeof l.reqId === 'string')).toBe(true);
    expect(lines.filter((l) => l.msg === 'slow request')[0]!.reqId).not.toBe(failed[0]!.reqId);
    expect(JSON.stringify(lines)).not.toContain('HIDDEN');
  });
});
