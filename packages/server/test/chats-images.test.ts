import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatUser, chatInbox, chatUsers, group } from './chats-world.ts';
import { dialects, startTestServer, type TestServer } from './harness.ts';

const dataUrl = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

describe.each(dialects)('images in chats on %s', (dialect) => {
  let server: TestServer;
  let ann: ChatUser;
  let bob: ChatUser;
  let cai: ChatUser;
  let direct: string;
  let png: Buffer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    [ann, bob, cai] = await chatUsers(server, ['安娜', '鲍勃', '蔡']);
    direct = (await ann.client.post('/api/v1/client/chats/direct', { username: bob.username })).body.id;
    png = await QRCode.toBuffer('https://example.com/x', { type: 'png', width: 200 });
  });
  afterAll(() => server?.close());

  const send = (user: ChatUser, chatId: string, body: unknown) =>
    user.client.post(`/api/v1/client/chats/${chatId}/images`, body);
  const fetchImage = (user: ChatUser, url: string) =>
    fetch(`${server.url}${url}`, { headers: { cookie: (user.client as any).cookie } });

  it('sends a PNG to a one-to-one chat: both inboxes get it and both members can fetch the bytes', async () => {
    server.clock.advance(1000);
    const sent = await send(ann, direct, { image: dataUrl(png) });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      type: 'image',
      from: { id: ann.id },
      image: { contentType: 'image/png', size: png.length },
    });
    const url = sent.body.image.url as string;
    expect(url).toMatch(new RegExp(`^/api/v1/client/chats/${direct}/images/[0-9a-f]{64}$`));
    const [received] = (await chatInbox(bob)).slice(-1);
    expect(received.body).toMatchObject({ type: 'image', image: { url } });
    for (const user of [ann, bob]) {
      const response = await fetchImage(user, url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    }
    // Someone outside the chat gets nothing, not even that it exists.
    expect((await fetchImage(cai, url)).status).toBe(404);
    const listed = (await bob.client.get(`/api/v1/client/chats/${direct}/messages`)).body.items[0];
    expect(listed).toMatchObject({ type: 'image', image: { url } });
  });

  it('refuses a wrong type, a renamed file, a too large image, unknown fields and a chat the sender is not in; nothing is posted', async () => {
    const before = (await chatInbox(bob)).length;
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
    const wrongType = await send(ann, direct, { image: dataUrl(gif, 'image/gif') });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatchObject({ code: 'validation_failed', field: 'image' });
    // Text claiming to be a PNG.
    expect(
      (await send(ann, direct, { image: dataUrl(Buffer.from('not an image'), 'image/png') })).status,
    ).toBe(400);
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]);
    const tooBig = await send(ann, direct, { image: dataUrl(big) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toMatch(/larger than/);
    expect((await send(ann, direct, { image: dataUrl(png), caption: 'x' })).status).toBe(400);
    expect((await send(ann, direct, {})).status).toBe(400);
    const others = await group(bob, '别人的群', [cai]);
    const outsider = await send(ann, others, { image: dataUrl(png) });
    expect(outsider.status).toBe(404);
    expect(outsider.body.error.code).toBe('chat_not_found');
    expect((await chatInbox(bob)).length).toBe(before);
  });

  it('sends an image to a group for every member, within each sender’s daily budget', async () => {
    const chatId = await group(ann, '图片群', [bob, cai]);
    server.clock.advance(1000);
    const sent = await send(cai, chatId, { image: dataUrl(png) });
    expect(sent.status).toBe(201);
    for (const user of [ann, bob]) {
      expect((await chatInbox(user)).at(-1).body).toMatchObject({
        chatId,
        type: 'image',
        from: { id: cai.id },
      });
      expect((await fetchImage(user, sent.body.image.url)).status).toBe(200);
    }
    // A budget of a little more than one image: the second is refused, then allowed a day later.
    await server.ctx.settings.set('chats.imageBytesPerDay', png.length + 10);
    try {
      const refused = await send(cai, chatId, { image: dataUrl(png) });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('chat_image_budget');
      expect(refused.body.error.messageZh).toContain('今日发送的图片已达上限');
      // Another sender has a budget of their own.
      expect((await send(bob, chatId, { image: dataUrl(png) })).status).toBe(201);
      server.clock.advance(24 * 3600 * 1000 + 1);
      expect((await send(cai, chatId, { image: dataUrl(png) })).status).toBe(201);
    } finally {
      await server.ctx.settings.set('chats.imageBytesPerDay', 50 * 1024 * 1024);
    }
  });
});
