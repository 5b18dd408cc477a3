import { connect, type Socket } from 'node:net';

/** A hand-driven HTTP/1.1 connection: a test writes exactly the bytes an attacker would. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received(): string;
  /** Resolves with the status code once the server's status line arrives. */
  status: Promise<number>;
  /** Resolves once the server has closed the connection (or it broke). */
  closed: Promise<void>;
  /** Writes bytes unless the connection is gone; false when it is. */
  write(data: string | Buffer): boolean;
}

/** Opens a TCP connection to a server given as `http://host:port`. */
export async function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  let gone = false;
  // A server that closes on us while we still write makes the writes fail: that is expected here.
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => ((gone = true), resolve())));
  const status = new Promise<number>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match) resolve(Number(match[1]));
    });
    void closed.then(() => reject(new Error(`closed without a status line: ${JSON.stringify(text)}`)));
  });
  status.catch(() => undefined);
  return {
    socket,
    received: () => text,
    status,
    closed,
    write: (data) => !gone && !socket.destroyed && socket.write(data),
  };
}

/** The head of a POST request with the given headers. */
export function postHead(path: string, headers: Record<string, string | number>): string {
  const lines = Object.entries({ host: 'localhost', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** One chunk of a chunked body. */
export const chunk = (data: string | Buffer) => Buffer.concat([Buffer.from(`${Buffer.byteLength(data).toString(16)}\r\n`), Buffer.from(data), Buffer.from('\r\n')]);

/** Sends a chunked body of `total` bytes in 64 KB chunks, stopping as soon as the server answers or closes. */
export async function trickleChunked(conn: RawConnection, total: number): Promise<number> {
  let sent = 0;
  let answered = false;
  void conn.status.then(() => (answered = true)).catch(() => (answered = true));
  const piece = Buffer.alloc(64 * 1024, 'a');
  while (sent < total && !answered) {
    if (!conn.write(chunk(piece))) await new Promise((r) => setTimeout(r, 5));
    sent += piece.length;
    await new Promise((r) => setImmediate(r));
  }
  if (!answered) conn.write('0\r\n\r\n');
  return sent;
}
