/** A one-line progress bar on a terminal stream; silent until the end when it is not a terminal. */
export function progressBar(stream: NodeJS.WriteStream, total: number, label: string) {
  const width = 30;
  let last = -1;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const line = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${kb(done)}/${kb(total)}`;
  };
  return {
    update(done: number) {
      if (!stream.isTTY) return;
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === last) return;
      last = percent;
      stream.write(`\r${line(done)}`);
    },
    finish() {
      stream.write(`${stream.isTTY ? '\r' : ''}${line(total)}\n`);
    },
  };
}
