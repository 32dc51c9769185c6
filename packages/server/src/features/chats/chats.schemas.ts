import { Type } from 'typebox';
import { Username } from '../end-users/end-users.routes.ts';

export const ChatIdParam = Type.Object({ chatId: Type.String({ pattern: '^chat_[A-Za-z0-9_-]{1,40}$' }) });

const Person = Type.Object({ id: Type.String(), username: Type.String(), nickname: Type.String() });

export const Card = Type.Object({
  source: Type.Union([Type.Literal('miniprogram'), Type.Literal('app')]),
  appid: Type.String(),
  appName: Type.String(),
  title: Type.String(),
  description: Type.String(),
  path: Type.String({ description: 'the page the card opens, with its query (`pages/a/a?x=1`)' }),
  thumbUrl: Type.Union([Type.String(), Type.Null()]),
  scene: Type.Integer({ description: 'the launch scene: 1007, 1008, 1044 or 1036' }),
  envVersion: Type.Union([Type.Literal('release'), Type.Literal('trial'), Type.Literal('develop')]),
  shareTicket: Type.Optional(Type.String()),
  webpageUrl: Type.Optional(Type.String()),
  sharedBy: Type.Optional(Type.Object({ appid: Type.String(), name: Type.String() })),
});

export const ChatEntry = Type.Object({
  id: Type.String(),
  cursor: Type.String(),
  at: Type.Integer(),
  chatId: Type.String(),
  from: Type.Object({ id: Type.String(), nickname: Type.String() }),
  type: Type.Union([Type.Literal('text'), Type.Literal('miniprogram'), Type.Literal('image')]),
  text: Type.Optional(Type.String()),
  card: Type.Optional(Card),
  image: Type.Optional(
    Type.Object({
      url: Type.String({ description: "the image, for the chat's members (GET with the client session)" }),
      contentType: Type.String(),
      size: Type.Integer(),
    }),
  ),
});

export const ChatView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('direct'), Type.Literal('group')]),
  name: Type.String(),
  memberCount: Type.Integer(),
  peer: Type.Union([Person, Type.Null()]),
  latest: Type.Union([ChatEntry, Type.Null()]),
  createdAt: Type.Integer(),
});

export const ChatDetail = Type.Object({ ...ChatView.properties, members: Type.Array(Person) });

export const Usernames = Type.Array(Username, { minItems: 1, maxItems: 100, uniqueItems: true });

/** What `onShareAppMessage` (or `button open-type="share"`) gave the client, posted into the chosen chat. */
export const MiniProgramShare = Type.Object({
  appid: Type.String({ pattern: '^wx[0-9a-f]{16}$' }),
  title: Type.String({ maxLength: 128 }),
  path: Type.String({ minLength: 1, maxLength: 1024 }),
  imageUrl: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
  withShareTicket: Type.Optional(Type.Boolean()),
});
