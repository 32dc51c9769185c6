/**
 * wx APIs around the user's files and screen: clipboard (through the host, whose page may
 * use the system clipboard; the frame's opaque origin may not) and the image previewer
 * (drawn in the frame, as WeChat draws its own).
 */
import { platform } from '../builtins/platform.ts';
import type { Dialogs } from '../ui/dialogs.ts';
import { showImagePreview } from '../ui/image-preview.ts';
import { ApiFailure, asyncApi } from './async-api.ts';

export interface MediaContext {
  bridge: { call<T>(api: string, args: Record<string, unknown>): Promise<T> };
  dialogs: Dialogs;
}

export function installMediaApis(wx: Record<string, unknown>, ctx: MediaContext): void {
  wx.setClipboardData = asyncApi('setClipboardData', async (args) => {
    if (typeof args.data !== 'string')
      throw new ApiFailure('parameter error: parameter.data should be String');
    await ctx.bridge.call('setClipboardData', { data: args.data });
    // WeChat confirms every copy with this toast.
    ctx.dialogs.showToast({ title: '内容已复制', icon: 'none', duration: 1500, mask: false });
  });
  wx.getClipboardData = asyncApi('getClipboardData', () =>
    ctx.bridge.call<{ data: string }>('getClipboardData', {}),
  );
  wx.previewImage = asyncApi('previewImage', (args) => {
    const urls = Array.isArray(args.urls) ? args.urls.filter((u): u is string => typeof u === 'string') : [];
    if (urls.length === 0)
      throw new ApiFailure('parameter error: parameter.urls should be a non-empty Array');
    // `current` is a URL of the list (or, in newer base libraries, its index).
    const current =
      typeof args.current === 'number'
        ? args.current
        : Math.max(0, urls.indexOf(String(args.current ?? urls[0])));
    showImagePreview(
      urls.map((url) => platform.resolveAsset(url, '')),
      Math.min(current, urls.length - 1),
    );
  });
}
