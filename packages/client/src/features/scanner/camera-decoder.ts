import jsQR from 'jsqr';

/** Frames are scaled to this width before decoding: enough for a code that fills a third of the view. */
const DECODE_WIDTH = 640;
/** jsQR takes tens of milliseconds a frame: a few tries a second keep the page responsive. */
const INTERVAL_MS = 150;

/**
 * Reads QR codes from the camera: getUserMedia (the rear camera where there is one), frames
 * drawn into a small canvas, decoded with jsQR until one holds a code. Stops the camera when done.
 */
export function watchCamera(
  video: HTMLVideoElement,
  onText: (text: string) => void,
  onFailure: (reason: 'unavailable' | 'denied') => void,
): () => void {
  let stream: MediaStream | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });

  const stop = () => {
    stopped = true;
    if (timer) clearInterval(timer);
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.srcObject = null;
  };

  const tick = () => {
    if (!context || video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
    const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
    if (code?.data) {
      stop();
      onText(code.data);
    }
  };

  if (!navigator.mediaDevices?.getUserMedia) {
    onFailure('unavailable');
    return stop;
  }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    .then(async (media) => {
      stream = media;
      if (stopped) return stop();
      video.srcObject = media;
      await video.play().catch(() => undefined);
      timer = setInterval(tick, INTERVAL_MS);
    })
    .catch((error: DOMException) => onFailure(error.name === 'NotAllowedError' ? 'denied' : 'unavailable'));
  return stop;
}

/** A picked image file as base64 (no data-URL prefix), for the server's decoder. */
export function fileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
