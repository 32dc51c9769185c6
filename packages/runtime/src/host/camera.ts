/**
 * `<camera>` runs here, in the host, drawn over the frame where the component sits: a
 * sandboxed frame has an opaque origin, and Chromium refuses `getUserMedia` to opaque origins
 * (SecurityError) whatever the iframe's `allow` says. WeChat does the same with its camera, a
 * native component drawn over the webview. The browser's permission prompt (for the client's
 * site) stands for WeChat's `scope.camera`. The frame tells where the component is
 * (`cameraMove`); photos, recordings and frames go back as base64, as files do.
 */
import { MAX_TRANSFER_BYTES, toBase64 } from '../shared/bytes.ts';
import { HostApiFailure } from './host-apis.ts';

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Camera {
  video: HTMLVideoElement;
  stream?: MediaStream;
  front: boolean;
  rect: Rect;
  visible: boolean;
  recorder?: MediaRecorder;
  chunks: Blob[];
}

const RESOLUTIONS: Record<string, { width: number; height: number }> = {
  low: { width: 640, height: 480 },
  medium: { width: 1280, height: 720 },
  high: { width: 1920, height: 1080 },
};
const QUALITY: Record<string, number> = { original: 1, high: 0.92, normal: 0.8, low: 0.5 };

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const rectOf = (v: unknown): Rect => {
  const r = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return { left: num(r.left), top: num(r.top), width: num(r.width), height: num(r.height) };
};

const bytesOf = async (blob: Blob) => {
  if (blob.size > MAX_TRANSFER_BYTES) throw new HostApiFailure('exceed max file size');
  return toBase64(new Uint8Array(await blob.arrayBuffer()));
};

export function hostCamera(iframe: HTMLIFrameElement) {
  const cameras = new Map<string, Camera>();
  const get = (args: Record<string, unknown>) => {
    const camera = cameras.get(str(args.id));
    if (!camera?.stream || camera.video.videoWidth === 0) throw new HostApiFailure('camera is not ready');
    return camera;
  };

  const place = (camera: Camera) => {
    const frame = iframe.getBoundingClientRect();
    const { left, top, width, height } = camera.rect;
    // Clipped to the frame, as a native view is to the webview.
    camera.video.style.cssText = [
      'position:fixed',
      `left:${frame.left + left}px`,
      `top:${frame.top + top}px`,
      `width:${width}px`,
      `height:${height}px`,
      `clip-path:inset(${Math.max(0, -top)}px ${Math.max(0, left + width - frame.width)}px ${Math.max(0, top + height - frame.height)}px ${Math.max(0, -left)}px)`,
      'object-fit:cover',
      'background:#000',
      'pointer-events:none',
      'z-index:2147483000',
      camera.front ? 'transform:scaleX(-1)' : '',
      camera.visible && width > 0 && height > 0 && iframe.isConnected && iframe.checkVisibility()
        ? ''
        : 'display:none',
    ].join(';');
  };
  // The client may move or hide the frame (another app in front, a sheet): follow it.
  let watching = 0;
  let lastFrame = '';
  const follow = () => {
    watching = 0;
    if (cameras.size === 0) return;
    const { left, top, width, height } = iframe.getBoundingClientRect();
    const key = `${left},${top},${width},${height},${iframe.isConnected && iframe.checkVisibility()}`;
    if (key !== lastFrame) {
      lastFrame = key;
      for (const camera of cameras.values()) place(camera);
    }
    watching = requestAnimationFrame(follow);
  };

  const stop = (camera: Camera) => {
    if (camera.recorder?.state === 'recording') camera.recorder.stop();
    for (const track of camera.stream?.getTracks() ?? []) track.stop();
    camera.stream = undefined;
    camera.video.srcObject = null;
  };
  const close = (id: string) => {
    const camera = cameras.get(id);
    if (!camera) return;
    stop(camera);
    camera.video.remove();
    cameras.delete(id);
  };

  const snapshot = (camera: Camera, mirror: boolean, width?: number) => {
    const { video } = camera;
    const canvas = document.createElement('canvas');
    const scale = width ? width / video.videoWidth : 1;
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const context = canvas.getContext('2d')!;
    if (mirror) {
      context.translate(canvas.width, 0);
      context.scale(-1, 1);
    }
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return canvas;
  };
  const jpeg = (canvas: HTMLCanvasElement, quality: number) =>
    new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new HostApiFailure('photo failed'))),
        'image/jpeg',
        quality,
      ),
    );

  const apis: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
    /** Starts (or restarts, for another device-position) the camera; answers `{ maxZoom }`. */
    async cameraOpen(args) {
      const id = str(args.id);
      let camera = cameras.get(id);
      if (!camera) {
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.autoplay = true;
        video.dataset.wharfCamera = id;
        document.body.appendChild(video);
        camera = { video, front: false, rect: rectOf(args.rect), visible: true, chunks: [] };
        cameras.set(id, camera);
        if (!watching) watching = requestAnimationFrame(follow);
      }
      stop(camera);
      camera.front = args.devicePosition === 'front';
      camera.rect = rectOf(args.rect);
      place(camera);
      const size = RESOLUTIONS[str(args.resolution)] ?? RESOLUTIONS.medium!;
      let stream: MediaStream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: {
            facingMode: camera.front ? 'user' : 'environment',
            width: { ideal: size.width },
            height: { ideal: size.height },
          },
        });
      } catch (error) {
        close(id);
        const name = error instanceof DOMException ? error.name : '';
        // WeChat's words when the user refuses scope.camera.
        if (name === 'NotAllowedError' || name === 'SecurityError') throw new HostApiFailure('auth deny');
        throw new HostApiFailure(name === 'NotFoundError' ? 'no camera' : String(error));
      }
      if (cameras.get(id) !== camera) {
        for (const track of stream.getTracks()) track.stop();
        throw new HostApiFailure('camera closed');
      }
      camera.stream = stream;
      camera.video.srcObject = stream;
      await camera.video.play().catch(() => {});
      if (camera.video.readyState < HTMLMediaElement.HAVE_METADATA)
        await new Promise((resolve) =>
          camera.video.addEventListener('loadedmetadata', resolve, { once: true }),
        );
      const track = stream.getVideoTracks()[0];
      const capabilities = (track?.getCapabilities?.() ?? {}) as { zoom?: { max?: number }; torch?: boolean };
      if (capabilities.torch)
        track!
          .applyConstraints({ advanced: [{ torch: args.flash === 'torch' } as MediaTrackConstraintSet] })
          .catch(() => {});
      return { maxZoom: capabilities.zoom?.max ?? 1 };
    },
    async cameraMove(args) {
      const camera = cameras.get(str(args.id));
      if (!camera) return {};
      camera.rect = rectOf(args.rect);
      camera.visible = args.visible !== false;
      place(camera);
      return {};
    },
    async cameraClose(args) {
      close(str(args.id));
      return {};
    },
    async cameraPhoto(args) {
      const camera = get(args);
      const quality = QUALITY[str(args.quality, 'normal')] ?? QUALITY.normal!;
      const blob = await jpeg(snapshot(camera, camera.front && args.selfieMirror !== false), quality);
      return { base64: await bytesOf(blob), contentType: 'image/jpeg' };
    },
    async cameraRecordStart(args) {
      const camera = get(args);
      if (camera.recorder?.state === 'recording') throw new HostApiFailure('is recording');
      const recorder = new MediaRecorder(camera.stream!);
      camera.chunks = [];
      recorder.addEventListener('dataavailable', (event) => {
        if (event.data.size > 0) camera.chunks.push(event.data);
      });
      camera.recorder = recorder;
      recorder.start();
      return {};
    },
    /** Answers the recording and a cover taken as it stops (the recording is not mirrored, nor is its cover). */
    async cameraRecordStop(args) {
      const camera = cameras.get(str(args.id));
      const recorder = camera?.recorder;
      if (!camera || recorder?.state !== 'recording') throw new HostApiFailure('is not recording');
      const cover = await jpeg(snapshot(camera, false), QUALITY.normal!);
      const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
      recorder.stop();
      await stopped;
      camera.recorder = undefined;
      const video = new Blob(camera.chunks, { type: recorder.mimeType || 'video/webm' });
      return {
        video: await bytesOf(video),
        videoType: video.type,
        thumb: await bytesOf(cover),
      };
    },
    /** Clamped to the range the camera reports (1 when it reports none), as WeChat's maxZoom. */
    async cameraZoom(args) {
      const track = get(args).stream!.getVideoTracks()[0];
      const range = (track?.getCapabilities?.() as { zoom?: { min: number; max: number } } | undefined)?.zoom;
      const zoom = Math.min(range?.max ?? 1, Math.max(range?.min ?? 1, num(args.zoom) || 1));
      if (range && track) await track.applyConstraints({ advanced: [{ zoom } as MediaTrackConstraintSet] });
      return { zoom };
    },
    /** One frame's RGBA pixels at `width` (the frame's `frame-size`). */
    async cameraFrame(args) {
      const canvas = snapshot(get(args), false, Math.min(1280, Math.max(16, num(args.width) || 480)));
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return {
        width: canvas.width,
        height: canvas.height,
        base64: toBase64(new Uint8Array(pixels.data.buffer)),
      };
    },
  };

  return {
    apis,
    destroy() {
      cancelAnimationFrame(watching);
      for (const id of [...cameras.keys()]) close(id);
    },
  };
}
