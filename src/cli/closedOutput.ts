// `loupe run … | head -c 20`: once the reader is gone, a write to stdout fails with EPIPE, and an
// unhandled 'error' event would crash the CLI with a stack trace mid-task. Instead the output ends
// quietly and the task stops as on Ctrl+C, its sandbox and processes cleaned up: a task nobody can
// watch should not go on acting under --yes.

/** The exit status of a program stopped by SIGPIPE (128 + 13), as `git log | head` leaves it. */
export const EXIT_OUTPUT_CLOSED = 141;

export function onClosedOutput(stream: NodeJS.WriteStream, closed: () => void): () => boolean {
  let isClosed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (isClosed) return;
    isClosed = true;
    closed();
  });
  return () => isClosed;
}
