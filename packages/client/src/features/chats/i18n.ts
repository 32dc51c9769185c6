import { i18next } from '../../lib/i18n';

/** The chats' strings, kept beside the feature and added to the shared `translation` namespace under `chat`. */
const zhCN = {
  newChat: '发起聊天',
  usernames: '对方微信号（多个用逗号分隔）',
  groupName: '群聊名称（两人以上时）',
  start: '开始',
  cancel: '取消',
  defaultGroup: '群聊',
  members: '{{count}} 人',
  placeholder: '发消息',
  send: '发送',
  back: '返回',
  empty: '暂无消息',
  miniProgram: '小程序',
  fromApp: '来自 {{name}}',
  preview: '[小程序] {{title}}',
  shareTo: '转发给',
  noChats: '还没有聊天：先在“消息”里发起聊天',
  shared: '已转发到“{{name}}”',
  notSharable: '此页面未设置转发',
  shareFailed: '转发失败：{{reason}}',
  image: '图片',
  imagePreview: '[图片]',
  sendImage: '发送图片',
  imageType: '只能发送 PNG 或 JPEG 图片',
  imageTooLarge: '图片不能超过 2 MB',
};

const en: typeof zhCN = {
  newChat: 'New chat',
  usernames: 'WeChat IDs (comma-separated)',
  groupName: 'Group name (for more than one)',
  start: 'Start',
  cancel: 'Cancel',
  defaultGroup: 'Group chat',
  members: '{{count}} members',
  placeholder: 'Message',
  send: 'Send',
  back: 'Back',
  empty: 'No messages yet',
  miniProgram: 'Mini Program',
  fromApp: 'From {{name}}',
  preview: '[Mini Program] {{title}}',
  shareTo: 'Share to',
  noChats: 'No chats yet: start one under Chats first',
  shared: 'Shared to “{{name}}”',
  notSharable: 'This page does not share',
  shareFailed: 'Could not share: {{reason}}',
  image: 'Image',
  imagePreview: '[Image]',
  sendImage: 'Send an image',
  imageType: 'Only PNG or JPEG images can be sent',
  imageTooLarge: 'Images can be at most 2 MB',
};

i18next.addResourceBundle('zh-CN', 'translation', { chat: zhCN }, true, false);
i18next.addResourceBundle('en', 'translation', { chat: en }, true, false);
