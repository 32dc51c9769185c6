/**
 * `wx.previewImage`'s viewer: the image over a black screen with its place in the list;
 * a horizontal swipe (or the arrow keys) moves through the list, a tap closes it.
 */
export function showImagePreview(urls: string[], start: number): void {
  document.querySelector('.wx-image-preview')?.remove();
  const viewer = document.createElement('div');
  viewer.className = 'wx-image-preview';
  viewer.setAttribute('role', 'dialog');
  const image = document.createElement('img');
  image.className = 'wx-image-preview-image';
  image.alt = '';
  const counter = document.createElement('div');
  counter.className = 'wx-image-preview-counter';
  viewer.append(image, counter);
  let index = start;
  const show = (next: number) => {
    index = Math.max(0, Math.min(urls.length - 1, next));
    image.src = urls[index]!;
    counter.textContent = urls.length > 1 ? `${index + 1}/${urls.length}` : '';
  };
  const close = () => {
    viewer.remove();
    document.removeEventListener('keydown', onKey);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') show(index + 1);
    else if (event.key === 'ArrowLeft') show(index - 1);
    else if (event.key === 'Escape') close();
  };
  let downX: number | null = null;
  viewer.addEventListener('pointerdown', (event) => {
    downX = event.clientX;
  });
  viewer.addEventListener('pointerup', (event) => {
    if (downX === null) return;
    const moved = event.clientX - downX;
    downX = null;
    if (Math.abs(moved) < 30) close();
    else show(index + (moved < 0 ? 1 : -1));
  });
  document.addEventListener('keydown', onKey);
  show(start);
  document.body.appendChild(viewer);
}
