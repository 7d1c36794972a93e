import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { MessagePort } from 'node:worker_threads';

/** The link from a worker to the process or thread that created it. */
export interface ParentChannel {
  /** Resolves once the message is handed over (for IPC: written to the pipe). */
  send(message: unknown): Promise<void>;
  /** Listens to every message from the parent; returns the function that stops listening. */
  listen(listener: (message: unknown) => void): () => void;
}

/** The IPC channel of a node:cluster worker (or any child forked with an IPC channel). */
export function processChannel(): ParentChannel {
  const send = process.send?.bind(process);
  if (send === undefined) {
    throw new TypeError(
      'No IPC channel to a primary: process.send is undefined here. Call this in a node:cluster worker ' +
        '(or a child_process.fork child); use exposeToParent in worker_threads',
    );
  }
  return {
    send: (message) =>
      new Promise((resolve, reject) => {
        send(message, undefined, undefined, (error: Error | null) => (error ? reject(error) : resolve()));
      }),
    listen(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

/** A worker_threads port (`parentPort` in a worker, or a MessageChannel end). */
export function portChannel(port: MessagePort): ParentChannel {
  return {
    async send(message) {
      port.postMessage(message);
      // postMessage copies synchronously; yielding lets the thread's own events run between parts.
      await yieldToEventLoop();
    },
    listen(listener) {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}
