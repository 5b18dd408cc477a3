/**
 * Runs tasks with the same key one after another and tasks with different keys concurrently,
 * so two quick taps of one buyer never interleave, while other buyers are never held up.
 */
export interface ConversationLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

/** Creates an in-process {@link ConversationLock}. */
export function createConversationLock(): ConversationLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const current = previous.then(task, task);
      const tail = current.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return current;
    },
  };
}
