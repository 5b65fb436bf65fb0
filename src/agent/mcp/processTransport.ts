// MCP's stdio transport over a process Loupe starts through its ProcessHost, so a server the project
// configures runs where the agent's commands run: in the task's sandbox, with its network and file
// rules (the SDK's own stdio transport spawns on the bare machine). Framing and parsing are the SDK's
// (ReadBuffer, serializeMessage); this only moves bytes and says when the server is gone.
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorText } from '../../shared/errorText';
import type { HostedProcess, ProcessHost, ProcessRequest } from '../ports';

/** The last stderr a server wrote, kept to say why it failed; servers log freely, so only the tail. */
const STDERR_TAIL_CHARS = 2_000;
/** One JSON-RPC message larger than this ends the connection rather than Loupe's memory (the SDK's own default is 10 MB). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private _process: HostedProcess | undefined;
  private readonly _buffer = new ReadBuffer({ maxBufferSize: MAX_MESSAGE_BYTES });
  private _stderr = '';
  private _closed = false;

  constructor(
    private readonly _host: ProcessHost,
    private readonly _request: Omit<ProcessRequest, 'stdin'>,
  ) {}

  /** What the server last wrote to stderr, for an error message. */
  get stderrTail(): string {
    return this._stderr.trim();
  }

  /** How the process ended, once it has. */
  get exit(): HostedProcess['exit'] {
    return this._process?.exit;
  }

  async start(): Promise<void> {
    if (this._process) throw new Error('This MCP server was started already.');
    const child = this._host.start({ ...this._request, stdin: true });
    this._process = child;
    child.stdout.on('data', (chunk: Buffer) => this._read(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      this._stderr = (this._stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.stdin?.on('error', (error: Error) => this.onerror?.(error));
    void child.exited.then((exit) => {
      if (exit.error) this.onerror?.(new Error(exit.error));
      this._markClosed();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const stdin = this._process?.stdin;
    if (!stdin || this._closed) throw new Error('The MCP server is not running.');
    await new Promise<void>((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const child = this._process;
    if (child && !child.exit) {
      child.stdin?.end();
      await child.stop();
    }
    this._markClosed();
  }

  private _read(chunk: Buffer): void {
    try {
      this._buffer.append(chunk);
    } catch (error) {
      // One message too large to hold: the connection ends rather than Loupe's memory.
      this.onerror?.(new Error(`The MCP server sent a message over ${MAX_MESSAGE_BYTES / 1024 / 1024} MB (${errorText(error)}).`));
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this._buffer.readMessage();
      } catch (error) {
        // A line that is not JSON-RPC (a server logging to stdout) is reported and skipped.
        this.onerror?.(new Error(`The MCP server wrote a line that is not JSON-RPC: ${errorText(error)}`));
        continue;
      }
      if (!message) return;
      this.onmessage?.(message);
    }
  }

  private _markClosed(): void {
    if (this._closed) return;
    this._closed = true;
    this._buffer.clear();
    this.onclose?.();
  }
}
