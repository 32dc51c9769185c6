/**
 * `wx.createCameraContext()`: the host takes the photos, recordings (WebM, picture only: the
 * camera asks for no microphone) and frames (host/camera.ts); here they become `wxfile://` temp
 * files that `<image>` and `<video>` show, and `onCameraFrame` buffers.
 */

import { fromBase64 } from '../../shared/bytes.ts';
import { type CameraState, hostReason } from '../builtins/camera.ts';
import { platform } from '../builtins/platform.ts';
import { ApiFailure, asyncApi } from './async-api.ts';
import { saveTempFile } from './temp-files.ts';

/** Frame widths for `frame-size` (WeChat leaves the pixel size to the device). */
const FRAME_WIDTH: Record<string, number> = { small: 240, medium: 480, large: 720 };
const MAX_RECORD_SECONDS = 300;

const file = (base64: string, type: string, name: string) =>
  saveTempFile(new Blob([fromBase64(base64)], { type }), name);

export function createCameraContext(camera: () => CameraState | undefined): Record<string, unknown> {
  const current = () => {
    const state = camera();
    if (!state) throw new ApiFailure('no camera on the page');
    return state;
  };
  const host = async <T>(api: string, args: Record<string, unknown>) => {
    try {
      return await platform.callHost<T>(api, { ...args, id: current().id });
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      throw new ApiFailure(hostReason(error));
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  type Recorded = { video: string; videoType: string; thumb: string };
  const stop = async () => {
    clearTimeout(timer);
    timer = undefined;
    const answer = await host<Recorded>('cameraRecordStop', {});
    return {
      tempThumbPath: file(answer.thumb, 'image/jpeg', 'thumb.jpg'),
      tempVideoPath: file(answer.video, answer.videoType, 'video.webm'),
    };
  };

  return {
    takePhoto: asyncApi('takePhoto', async (args) => {
      const answer = await host<{ base64: string }>('cameraPhoto', {
        quality: String(args.quality ?? 'normal'),
        selfieMirror: args.selfieMirror !== false,
      });
      return { tempImagePath: file(answer.base64, 'image/jpeg', 'photo.jpg') };
    }),
    startRecord: asyncApi('startRecord', async (args) => {
      await host('cameraRecordStart', {});
      const seconds = Math.min(MAX_RECORD_SECONDS, Math.max(1, Number(args.timeout) || 30));
      timer = setTimeout(() => {
        void stop().then(
          (result) => {
            if (typeof args.timeoutCallback === 'function') args.timeoutCallback(result);
          },
          (error: unknown) => platform.reportError(error),
        );
      }, seconds * 1000);
    }),
    stopRecord: asyncApi('stopRecord', () => stop()),
    setZoom: asyncApi('setZoom', (args) => host<{ zoom: number }>('cameraZoom', { zoom: Number(args.zoom) })),
    onCameraFrame(callback: (frame: { width: number; height: number; data: ArrayBuffer }) => void) {
      let running = false;
      // One frame at a time: the next is asked once the last one has been handed over.
      const next = async () => {
        while (running) {
          const state = camera();
          if (!state) return;
          const width = FRAME_WIDTH[String(state.caller.data.frameSize)] ?? FRAME_WIDTH.medium!;
          try {
            const frame = await host<{ width: number; height: number; base64: string }>('cameraFrame', {
              width,
            });
            if (running)
              callback({ width: frame.width, height: frame.height, data: fromBase64(frame.base64).buffer });
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      };
      return {
        start: asyncApi('start', () => {
          current();
          if (running) return;
          running = true;
          void next();
        }),
        stop: asyncApi('stop', () => {
          running = false;
        }),
      };
    },
  };
}
