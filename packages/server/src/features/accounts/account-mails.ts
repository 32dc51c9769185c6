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
