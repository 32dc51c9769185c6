import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { randomHex } from '../src/security/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { type CodeWorld, codeWorld, releaseVersion } from './code-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';
import { blankPng, pngToJpeg, readPng, scan, wxBinary } from './qrcodes-world.ts';

describe.each(dialects)('mini program codes and their scans on %s', (dialect) => {
  let server: TestServer;
  let w: CodeWorld;
  const wx = (path: string, body: unknown) => wxBinary(server, w.token, path, body);
  const codeRows = async () =>
    Number(
      (
        await server.ctx.store.db
          .selectFrom('qr_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    server = await startTestServer(dialect);
    w = await codeWorld(server, '码');
    await releaseVersion(w, '1.0.0');
  });
  afterAll(async () => server?.close());

  it('getwxacode: a PNG that decodes to a link which opens the page with its query, scenes 1047/1048/1049', async () => {
    const answer = await wx('/wxa/getwxacode', { path: 'pages/form/form?id=7&from=poster', width: 430 });
    expect(answer.type).toBe('image/png');
    const text = readPng(answer.bytes);
    expect(text).toMatch(/\/wxa\/qr\/[A-Za-z0-9_-]{22}$/);
    const opened = await scan(server, { text });
    expect(opened.body).toEqual({
      action: 'open_miniprogram',
      appid: w.app.appid,
      version: 'release',
      path: 'pages/form/form',
      query: { id: '7', from: 'poster' },
      scene: 1047,
      via: 'wxacode',
    });
    expect((await scan(server, { text, source: 'long_press' })).body.scene).toBe(1048);
    const fromAlbum = await scan(server, { image: answer.bytes.toString('base64'), source: 'album' });
    expect(fromAlbum.body).toMatchObject({ path: 'pages/form/form', scene: 1049, text });
  });

  it('a code link opened in an ordinary browser shows a landing page that hands it to the client; unknown ids get 404', async () => {
    const answer = await wx('/wxa/getwxacode', { path: 'pages/form/form?id=8' });
    const link = readPng(answer.bytes) as string;
    const landing = await fetch(link);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(landing.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await landing.text();
    expect(html).toMatch(/小程序「码\d+」/);
    const open = /href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    expect(open).toBe(`${server.url}/client/#/scan?text=${encodeURIComponent(link)}`);
    // The client's scanner resolves what the page hands over as a camera scan would.
    const handed = decodeURIComponent(new URL(open as string).hash.replace('#/scan?text=', ''));
    expect((await scan(server, { text: handed })).body).toMatchObject({
      path: 'pages/form/form',
      scene: 1047,
    });
    for (const id of ['A'.repeat(22), 'short', '..%2F..%2Fetc']) {
      const unknown = await fetch(`${server.url}/wxa/qr/${id}`);
      expect(unknown.status, id).toBe(404);
      expect(await unknown.text()).toContain('无效的小程序码');
    }
  });

  it('getwxacodeunlimit: the scene arrives URL-encoded as query.scene; no page means the entry page', async () => {
    const answer = await wx('/wxa/getwxacodeunlimit', { scene: "a=1&b=(2)*!~'", page: 'pages/form/form' });
    const opened = await scan(server, { text: readPng(answer.bytes) });
    expect(opened.body).toMatchObject({
      appid: w.app.appid,
      path: 'pages/form/form',
      query: { scene: encodeURIComponent("a=1&b=(2)*!~'") },
      scene: 1047,
    });
    const home = await wx('/wxa/getwxacodeunlimit', { scene: 'x' });
    expect((await scan(server, { text: readPng(home.bytes) })).body.path).toBe('pages/index/index');
  });

  it('createwxaqrcode: a square code that opens with 1011/1012/1013, from a PNG and from a JPEG', async () => {
    const answer = await wx('/cgi-bin/wxaapp/createwxaqrcode', { path: 'pages/index/index?k=v', width: 300 });
    expect(answer.type).toBe('image/png');
    const png = await scan(server, { image: answer.bytes.toString('base64') });
    expect(png.body).toMatchObject({
      path: 'pages/index/index',
      query: { k: 'v' },
      scene: 1011,
      via: 'square',
    });
    const jpeg = await scan(server, {
      image: pngToJpeg(answer.bytes).toString('base64'),
      source: 'long_press',
    });
    expect(jpeg.status).toBe(200);
    expect(jpeg.body).toMatchObject({ path: 'pages/index/index', scene: 1012 });
  });

  it('honours width, colour and transparency; the same request gives the same image and the same code', async () => {
    const body = {
      path: 'pages/index/index',
      width: 600,
      line_color: { r: '30', g: 60, b: 200 },
      is_hyaline: true,
    };
    const first = await wx('/wxa/getwxacode', body);
    const rows = await codeRows();
    const second = await wx('/wxa/getwxacode', body);
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(await codeRows()).toBe(rows);
    const { PNG } = await import('pngjs');
    const image = PNG.sync.read(first.bytes);
    expect(image.width).toBe(600);
    // Transparent background, dark modules in the asked colour.
    expect(image.data[3]).toBe(0);
    const dark = [...Array(image.width * image.height).keys()].find((i) => image.data[i * 4 + 3] === 255)!;
    expect([...image.data.subarray(dark * 4, dark * 4 + 3)]).toEqual([30, 60, 200]);
    // Another rendering of the same code: another image, the same link.
    const narrow = await wx('/wxa/getwxacode', { path: 'pages/index/index', width: 280 });
    expect(narrow.bytes.equals(first.bytes)).toBe(false);
    expect(readPng(narrow.bytes)).toBe(readPng(first.bytes));
    expect(await codeRows()).toBe(rows);
  });

  it('encodes a code once: repeats come from memory, another node reads the stored image', async () => {
    const spy = vi.spyOn(QRCode, 'toBuffer');
    try {
      const body = { path: 'pages/index/index?cache=1', width: 500 };
      const first = await wx('/wxa/getwxacode', body);
      expect(spy).toHaveBeenCalledTimes(1);
      expect((await wx('/wxa/getwxacode', body)).bytes.equals(first.bytes)).toBe(true);
      expect(spy).toHaveBeenCalledTimes(1);
      const config = server.ctx.config;
      const store = openStore(config.databaseUrl || `${config.dataDir}/wharf.sqlite`);
      const other = createContext({
        config: loadConfig({ data: config.dataDir, port: 0, databaseUrl: config.databaseUrl }, {}),
        store,
        secretKey: randomHex(16),
        blobs: server.ctx.blobs,
      });
      try {
        const again = await other.qrcodes.codes.wxaCode(w.app.appid, body, server.url);
        expect(Buffer.from(again.png).equals(first.bytes)).toBe(true);
        expect(spy).toHaveBeenCalledTimes(1);
      } finally {
        await other.close?.();
        await store.close();
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('opens the version env_version names; check_path false allows a page the release lacks', async () => {
    await w.upload('1.1.0', {
      'app.json': JSON.stringify({ pages: ['pages/index/index', 'pages/new/new'] }),
      'app.js': 'App({});',
      'pages/index/index.wxml': '<view/>',
      'pages/index/index.js': 'Page({});',
      'pages/new/new.wxml': '<view>new</view>',
      'pages/new/new.js': 'Page({});',
    });
    const dev = await wx('/wxa/getwxacode', { path: 'pages/new/new', env_version: 'develop' });
    expect((await scan(server, { text: readPng(dev.bytes) })).body).toMatchObject({
      version: 'develop',
      path: 'pages/new/new',
    });
    expect((await wx('/wxa/getwxacode', { path: 'pages/new/new' })).json.errcode).toBe(41030);
    const unchecked = await wx('/wxa/getwxacodeunlimit', {
      scene: 's1',
      page: 'pages/new/new',
      check_path: false,
    });
    expect(unchecked.type).toBe('image/png');
  });

  it('refuses bad requests with WeChat errcodes, and stores nothing', async () => {
    const before = await codeRows();
    const cases: Array<[string, unknown, number]> = [
      ['/wxa/getwxacode', {}, 40159],
      ['/wxa/getwxacode', { path: `pages/index/index?x=${'a'.repeat(120)}` }, 40159],
      ['/wxa/getwxacode', { path: '/pages/index/index' }, 41030],
      ['/wxa/getwxacode', { path: 'pages/missing/missing' }, 41030],
      ['/wxa/getwxacode', { path: 'pages/index/index?scancode_time=1' }, 40097],
      ['/wxa/getwxacode', { path: 'pages/index/index', env_version: 'beta' }, 40097],
      ['/wxa/getwxacode', { path: 'pages/index/index', width: 100 }, 40189],
      ['/wxa/getwxacode', { path: 'pages/index/index', width: 'wide' }, 40189],
      ['/wxa/getwxacode', { path: 'pages/index/index', line_color: { r: 300, g: 0, b: 0 } }, 40097],
      ['/wxa/getwxacode', '{not json', 40159],
      ['/wxa/getwxacodeunlimit', { page: 'pages/index/index' }, 40169],
      ['/wxa/getwxacodeunlimit', { scene: 'x'.repeat(33) }, 40169],
      ['/wxa/getwxacodeunlimit', { scene: '中文' }, 40129],
      ['/wxa/getwxacodeunlimit', { scene: 'a b' }, 40129],
      ['/wxa/getwxacodeunlimit', { scene: 'a', page: 'pages/index/index?x=1' }, 41030],
      ['/wxa/getwxacodeunlimit', { scene: 'a', page: 'pages/missing/missing' }, 41030],
      ['/wxa/getwxacodeunlimit', { scene: 'a', width: 2000 }, 40189],
      ['/wxa/getwxacodeunlimit', '[[', 40169],
      ['/cgi-bin/wxaapp/createwxaqrcode', {}, 40159],
      ['/cgi-bin/wxaapp/createwxaqrcode', { path: 'pages/missing/missing' }, 41030],
    ];
    for (const [path, body, errcode] of cases) {
      const answer = await wx(path, body);
      expect(answer.json?.errcode, `${path} ${JSON.stringify(body)}`).toBe(errcode);
    }
    const get = await fetch(`${server.url}/wxa/getwxacode?access_token=${w.token}`);
    expect(((await get.json()) as { errcode: number }).errcode).toBe(43002);
    const noToken = await fetch(`${server.url}/wxa/getwxacode`, { method: 'POST', body: '{}' });
    expect(((await noToken.json()) as { errcode: number }).errcode).toBe(41001);
    expect(await codeRows()).toBe(before);
  });

  it('caps getwxacode + createwxaqrcode at the lifetime limit (45029); unlimited codes and repeats go on', async () => {
    const used = Number(
      (
        await server.ctx.store.db
          .selectFrom('qr_codes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('counted', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    );
    await server.ctx.settings.set('qrcodes.lifetimeCodes', used + 1);
    try {
      expect((await wx('/wxa/getwxacode', { path: 'pages/index/index?n=1' })).type).toBe('image/png');
      expect(
        (await wx('/cgi-bin/wxaapp/createwxaqrcode', { path: 'pages/index/index?n=2' })).json.errcode,
      ).toBe(45029);
      expect((await wx('/wxa/getwxacode', { path: 'pages/index/index?n=3' })).json.errcode).toBe(45029);
      expect((await wx('/wxa/getwxacode', { path: 'pages/index/index?n=1' })).type).toBe('image/png');
      expect((await wx('/wxa/getwxacodeunlimit', { scene: 'still-free' })).type).toBe('image/png');
    } finally {
      await server.ctx.settings.set('qrcodes.lifetimeCodes', 100_000);
    }
  });

  it('answers 45009 past the daily call quota of the API', async () => {
    await server.ctx.settings.set('api.dailyQuota./wxa/getwxacodeunlimit', 0);
    try {
      expect((await wx('/wxa/getwxacodeunlimit', { scene: 'q' })).json.errcode).toBe(45009);
    } finally {
      await server.ctx.settings.set('api.dailyQuota./wxa/getwxacodeunlimit', 100_000);
    }
  });

  it('decodes off the event loop: other requests are answered while a large image decodes', async () => {
    const big = await QRCode.toBuffer('https://example.com/a-large-code', { type: 'png', width: 2400 });
    let imageDoneAt = 0;
    const image = scan(server, { image: big.toString('base64') }).then((answer) => {
      imageDoneAt = performance.now();
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    let textDoneAt = 0;
    for (let i = 0; i < 3; i++) {
      expect((await scan(server, { text: 'https://example.com/quick' })).body.action).toBe('open_web');
      textDoneAt = performance.now();
    }
    expect((await image).body).toEqual({
      action: 'open_web',
      url: 'https://example.com/a-large-code',
      text: 'https://example.com/a-large-code',
    });
    expect(textDoneAt).toBeLessThan(imageDoneAt);
  });

  it('refuses corrupt, empty, codeless and oversized images clearly, and odd scan bodies', async () => {
    const cases: Array<[Buffer, number, string]> = [
      [Buffer.from('not an image at all'), 422, 'qr_image_invalid'],
      [
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]),
        422,
        'qr_image_invalid',
      ],
      [Buffer.concat([blankPng().subarray(0, 60), Buffer.alloc(30, 1)]), 422, 'qr_image_invalid'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), 422, 'qr_image_invalid'],
      [blankPng(), 422, 'qr_code_not_found'],
      [pngToJpeg(blankPng()), 422, 'qr_code_not_found'],
    ];
    // A PNG header that claims 100,000 × 100,000 pixels: refused before inflating anything.
    const bomb = blankPng(1, 1);
    bomb.writeUInt32BE(100_000, 16);
    bomb.writeUInt32BE(100_000, 20);
    cases.push([bomb, 413, 'qr_image_too_large']);
    for (const [bytes, status, code] of cases) {
      const answer = await scan(server, { image: bytes.toString('base64') });
      expect([answer.status, answer.body.error?.code], bytes.subarray(0, 8).toString('hex')).toEqual([
        status,
        code,
      ]);
    }
    await server.ctx.settings.set('qrcodes.scanMaxBytes', 1000);
    try {
      const big = await scan(server, { image: blankPng(400, 400).toString('base64') });
      expect([big.status, big.body.error.code]).toEqual([413, 'qr_image_too_large']);
    } finally {
      await server.ctx.settings.set('qrcodes.scanMaxBytes', 4 * 1024 * 1024);
    }
    expect((await scan(server, { text: 'x', extra: 1 })).status).toBe(400);
    expect((await scan(server, { text: 'x', image: 'eA==' })).status).toBe(400);
    expect((await scan(server, {})).status).toBe(400);
    expect((await scan(server, { image: '%%%' })).status).toBe(400);
    expect((await scan(server, { text: 'just words' })).body).toEqual({
      action: 'show_text',
      text: 'just words',
    });
    expect((await scan(server, { text: 'https://example.com/a' })).body).toEqual({
      action: 'open_web',
      url: 'https://example.com/a',
    });
    // A code link whose id names no code is an ordinary link.
    const forged = `${server.url}/wxa/qr/${'A'.repeat(22)}`;
    expect((await scan(server, { text: forged })).body).toEqual({ action: 'open_web', url: forged });
  });
});
