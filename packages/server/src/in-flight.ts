/**
 * Work still running for requests. Fastify's `close()` can return while handlers of clients that
 * hung up are still running; the last counter flush and closing the database wait for them here.
 */
export function inFlight() {
  let running = 0;
  let waiters: Array<() => void> = [];
  return {
    async track<T>(work: () => Promise<T>): Promise<T> {
      running++;
      try {
        return await work();
      } finally {
        running--;
        if (running === 0) {
          for (const wake of waiters) wake();
          waiters = [];
        }
      }
    },
    /** Resolves when nothing runs, or after `maxMs` whatever runs. */
    idle(maxMs = 10_000): Promise<void> {
      if (running === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, maxMs);
        timer.unref();
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    get running() {
      return running;
    },
  };
}

export type InFlight = ReturnType<typeof inFlight>;
