import type { Mail } from './mailer.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The activation mail: Chinese first, then English, as everything users read. */
export function activationMail(to: string, link: string, hours: number): Mail {
  const zh = [`你好，`, `请在 ${hours} 小时内打开以下链接激活你的 Wharf 账号：`];
  const en = ['Hello,', `Open this link within ${hours} hours to activate your Wharf account:`];
  const ignore = [
    '如果你没有注册 Wharf，请忽略这封邮件。',
    'If you did not sign up for Wharf, ignore this mail.',
  ];
  const a = `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`;
  return {
    to,
    subject: '激活你的 Wharf 账号 / Activate your Wharf account',
    text: [...zh, link, '', ...en, link, '', ...ignore, ''].join('\n'),
    html: [
      '<!doctype html><html><body>',
      `<div lang="zh-CN"><p>${zh.join('<br>')}</p><p>${a}</p></div>`,
      `<div lang="en"><p>${en.join('<br>')}</p><p>${a}</p></div>`,
      `<p style="color:#888">${ignore.map(escapeHtml).join('<br>')}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}

const ROLE_NAMES = {
  developer: { zh: '开发者', en: 'developer' },
  tester: { zh: '体验成员', en: 'tester' },
} as const;

/** An invitation to a mini program's members: accepted in the console, under 我的邀请 (My invitations). */
export function invitationMail(input: {
  to: string;
  inviter: string;
  app: string;
  role: keyof typeof ROLE_NAMES;
  link: string;
}): Mail {
  const role = ROLE_NAMES[input.role];
  const zh = [
    '你好，',
    `${input.inviter} 邀请你成为小程序「${input.app}」的${role.zh}。`,
    `请用本邮箱（${input.to}）登录或注册 Wharf，在“我的邀请”中接受：`,
  ];
  const en = [
    'Hello,',
    `${input.inviter} invited you to be a ${role.en} of the mini program "${input.app}".`,
    `Sign in or sign up to Wharf with this email (${input.to}) and accept it under My invitations:`,
  ];
  const ignore = [
    '如果你不认识邀请人，请忽略这封邮件。',
    'If you do not know who invited you, ignore this mail.',
  ];
  const a = `<a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a>`;
  return {
    to: input.to,
    subject: `邀请你加入小程序「${input.app}」 / Invitation to the mini program "${input.app}"`,
    text: [...zh, input.link, '', ...en, input.link, '', ...ignore, ''].join('\n'),
    html: [
      '<!doctype html><html><body>',
      `<div lang="zh-CN"><p>${zh.map(escapeHtml).join('<br>')}</p><p>${a}</p></div>`,
      `<div lang="en"><p>${en.map(escapeHtml).join('<br>')}</p><p>${a}</p></div>`,
      `<p style="color:#888">${ignore.map(escapeHtml).join('<br>')}</p>`,
      '</body></html>',
    ].join('\n'),
  };
}
