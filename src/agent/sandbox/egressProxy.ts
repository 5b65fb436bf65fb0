// The sandbox's only way off the machine: an HTTP proxy (CONNECT for HTTPS, absolute-URL requests for
// plain HTTP) listening on a Unix socket that only the task's sandbox can reach. A host in the allowed
// domains is connected at once; any other host is put to the user (never to a standing yes), and a
// refusal is a 403 whose body says why, so the command's own error names the cause.
import { lookup } from 'node:dns/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { NetworkDecision, NetworkRequest } from '../ports';
import { errorText } from '../../shared/errorText';

/**
 * The package registries of the common ecosystems, so installs work in the sandbox: npm and Yarn,
 * PyPI, crates.io, Go modules. (Each ecosystem's documented hosts; GitHub is not here: a gist or a
 * push is a way to send data out.)
 */
export const DEFAULT_ALLOWED_DOMAINS: readonly string[] = [
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'pypi.org',
  'files.pythonhosted.org',
  'crates.io',
  'index.crates.io',
  'static.crates.io',
  'proxy.golang.org',
  'sum.golang.org',
];

export interface EgressProxyOptions {
  /**
   * Where to listen: a Unix socket path inside the task's folder (Linux: the sandbox reaches it through
   * the launcher's bridge), or absent for a port on 127.0.0.1 (macOS: the sandbox shares the loopback).
   */
  socketPath?: string;
  /**
   * Hosts reachable without asking, on the web's ports (80, 443): `example.com` (that host) or
   * `*.example.com` (its subdomains); `example.com:8443` for another port.
   */
  allowedDomains: readonly string[];
  /** Asked about any other host (or port); its answer holds for the rest of the task. Absent: refused. */
  askToReach?: (request: NetworkRequest) => Promise<NetworkDecision>;
  /** How names are resolved and addresses reached (default: the system's resolver, and the address itself). */
  network?: UpstreamNetwork;
}

/**
 * The proxy's view of the network. The address a name resolves to is checked, then exactly that
 * address is dialled, so a name cannot be re-resolved to this machine between check and connect.
 */
export interface UpstreamNetwork {
  /** Every address the name resolves to. */
  resolve(host: string): Promise<string[]>;
  /** Where a checked address and port are dialled (tests stand a local listener in for a remote address, as a router would). */
  dial(address: string, port: number): { host: string; port: number };
}

const SYSTEM_NETWORK: UpstreamNetwork = {
  resolve: async (host) => (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address),
  dial: (address, port) => ({ host: address, port }),
};

/** The ports an allowed domain is reachable on without naming one: plain HTTP and HTTPS. */
const WEB_PORTS: readonly number[] = [80, 443];

/** How a host and port are written in the allowed domains: the bare host on the web's ports, else `host:port`. */
export function allowedDomainEntry(request: NetworkRequest): string {
  return WEB_PORTS.includes(request.port) ? request.host : `${request.host}:${request.port}`;
}

const REFUSAL_NOTE = "Loupe's sandbox allows only localhost and the allowed domains (loupe.sandboxAllowedDomains, --allow-domain).";

/** Why a connection was refused, for the 403 body and the model's note. */
type Refusal = { allowed: true; address: string } | { allowed: false; why: string };

export class EgressProxy {
  private readonly _server: Server;
  private readonly _allowed: string[];
  /** Hosts the user answered for this task: allowed or refused, asked once. */
  private readonly _answers = new Map<string, Promise<boolean>>();
  private readonly _blocked: string[] = [];
  private readonly _sockets = new Set<Socket>();

  private constructor(private readonly _options: EgressProxyOptions) {
    this._allowed = _options.allowedDomains.map((domain) => domain.toLowerCase());
    this._server = createServer((request, response) => void this._forward(request, response));
    this._server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => void this._tunnel(request, client, head));
    this._server.on('connection', (socket: Socket) => {
      this._sockets.add(socket);
      socket.on('close', () => this._sockets.delete(socket));
    });
  }

  static async start(options: EgressProxyOptions): Promise<EgressProxy> {
    const proxy = new EgressProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy._server.once('error', reject);
      if (options.socketPath) proxy._server.listen(options.socketPath, () => resolve());
      else proxy._server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The TCP port it listens on, when it listens on 127.0.0.1. */
  get port(): number | undefined {
    const address = this._server.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  /** Hosts refused since the last call. */
  takeBlockedHosts(): string[] {
    return this._blocked.splice(0);
  }

  async close(): Promise<void> {
    for (const socket of this._sockets) socket.destroy();
    await new Promise<void>((resolve) => this._server.close(() => resolve()));
  }

  /**
   * Whether the host may be reached and at which checked address: allowed outright or by the user for
   * this task, and resolving only to public addresses (a name pointed at 127.0.0.1 would reach the
   * user's own machine outside the sandbox: a database, an editor server).
   */
  private async _reach(host: string, port: number): Promise<Refusal> {
    const name = canonicalHost(host);
    if (name === undefined) return { allowed: false, why: `${host} is not a host name or an address Loupe accepts` };
    if (isLocalOrPrivateAddress(name) || isThisMachine(name)) return this._refuse(name, `${name} is this machine or a private network, never reachable from the sandbox`);
    if (!this._isAllowed(name, port) && !(await this._userAllows(name, port))) return this._refuse(allowedDomainEntry({ host: name, port }), `${name} is not an allowed domain${WEB_PORTS.includes(port) ? '' : ` on port ${port}`}`);
    if (isIP(name)) return { allowed: true, address: name };
    let addresses: string[];
    try {
      addresses = await (this._options.network ?? SYSTEM_NETWORK).resolve(name);
    } catch (error) {
      return { allowed: false, why: `${name} could not be resolved (${errorText(error)})` };
    }
    const local = addresses.find((address) => {
      const canonical = canonicalHost(address) ?? address;
      return isLocalOrPrivateAddress(canonical) || isThisMachine(canonical);
    });
    if (local !== undefined) return this._refuse(`${name} (${local})`, `${name} resolves to ${local}, this machine or a private network, never reachable from the sandbox`);
    const address = addresses[0];
    if (address === undefined) return { allowed: false, why: `${name} has no address` };
    return { allowed: true, address };
  }

  private _refuse(blocked: string, why: string): Refusal {
    if (!this._blocked.includes(blocked)) this._blocked.push(blocked);
    return { allowed: false, why };
  }

  /** The user's answer for this host (and port, off the web's ports), asked once per task. */
  private _userAllows(name: string, port: number): Promise<boolean> {
    const key = allowedDomainEntry({ host: name, port });
    let answer = this._answers.get(key);
    if (!answer) {
      const ask = this._options.askToReach;
      answer = ask ? ask({ host: name, port }).then((decision) => decision !== 'deny', () => false) : Promise.resolve(false);
      this._answers.set(key, answer);
    }
    return answer;
  }

  private _isAllowed(name: string, port: number): boolean {
    // An address literal is never a domain on the list.
    if (isIP(name)) return false;
    return this._allowed.some((entry) => {
      const [domain = '', listedPort] = entry.split(/:(?=\d+$)/);
      if (listedPort ? Number(listedPort) !== port : !WEB_PORTS.includes(port)) return false;
      return domain.startsWith('*.') ? name.endsWith(domain.slice(1)) : name === domain;
    });
  }

  private async _tunnel(request: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    client.on('error', () => undefined);
    const target = parseAuthority(request.url ?? '');
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const reach = await this._reach(target.host, target.port);
    if (!reach.allowed) {
      const body = `Blocked by Loupe's sandbox: ${reach.why}. ${REFUSAL_NOTE}\n`;
      client.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    const upstream = connect(this._dial(reach.address, target.port));
    this._sockets.add(upstream);
    upstream.on('close', () => this._sockets.delete(upstream));
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', (error) => {
      if (!client.writableEnded) client.end(`HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n${error.message}\n`);
    });
  }

  private _dial(address: string, port: number): { host: string; port: number } {
    return (this._options.network ?? SYSTEM_NETWORK).dial(address, port);
  }

  private async _forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('This proxy takes absolute http:// URLs and CONNECT.\n');
      return;
    }
    const port = Number(url.port || 80);
    const reach = await this._reach(url.hostname, port);
    if (!reach.allowed) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end(`Blocked by Loupe's sandbox: ${reach.why}. ${REFUSAL_NOTE}\n`);
      request.resume();
      return;
    }
    const upstream = httpRequest(
      // The Host header names the host that was checked, not whatever the client put there (a shared CDN
      // would route by it).
      { ...this._dial(reach.address, port), path: `${url.pathname}${url.search}`, method: request.method, headers: { ...request.headers, host: url.host } },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`${error.message}\n`);
    });
    request.pipe(upstream);
  }
}

/**
 * The host as one spelling: lower case, an IPv6 address in its shortest form (`0:0::ffff:7f00:1` and
 * `::ffff:127.0.0.1` alike), so no spelling slips past the checks; undefined for what is neither a name
 * nor an address (an IPv6 zone such as `::1%lo`).
 */
function canonicalHost(host: string): string | undefined {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (bare.includes('%')) return undefined;
  if (isIP(bare) !== 6) return bare;
  try {
    return new URL(`http://[${bare}]/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

/** An address of one of this machine's own interfaces: its services listen there too, not only on loopback. */
function isThisMachine(address: string): boolean {
  if (isIP(address) === 0) return false;
  const v4 = mappedV4(address) ?? address;
  return Object.values(networkInterfaces()).some((entries) => (entries ?? []).some((entry) => canonicalHost(entry.address) === address || entry.address === v4));
}

/** An address literal of this machine, the private networks, link-local (cloud metadata) or "any". */
function isLocalOrPrivateAddress(name: string): boolean {
  const v4 = isIP(name) === 4 ? name : mappedV4(name);
  if (v4) {
    const [a = 0, b = 0] = v4.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(name) === 6) return name === '::' || name === '::1' || /^f[cd]/.test(name) || /^fe[89ab]/.test(name);
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`, or as URLs write it `::ffff:7f00:1`). */
function mappedV4(name: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(name);
  if (!hex) return undefined;
  const high = parseInt(hex[1] as string, 16);
  const low = parseInt(hex[2] as string, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** `host:port` (or `[v6]:port`) of a CONNECT request. */
function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), port };
}
