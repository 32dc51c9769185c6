/** The runtime's own console output (it logs what it reports) stays out of the app's console panel. */
let muted = 0;

export function quietly(run: () => void): void {
  muted += 1;
  try {
    run();
  } finally {
    muted -= 1;
  }
}

export const isQuiet = (): boolean => muted > 0;
