import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPictureDownloader, maxPictureBytes } from '../../src/media/picture-download.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A picture host on 127.0.0.1: `/ok.jpg` a small picture, `/huge.jpg` past the cap, `/hop` a redirect to `target`. */
async function pictureHost(target = ''): Promise<string> {
  server = createServer((req, res) => {
    if (req.url === '/ok.jpg') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    if (req.url === '/huge.jpg') return res.writeHead(200, { 'content-length': String(maxPictureBytes + 1) }).end();
    if (req.url === '/hop') return res.writeHead(302, { location: target }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('product picture downloads for VK and MAX', () => {
  it('refuses a private address by default, also behind a public name or a redirect', async () => {
    const host = await pictureHost();
    await expect(createPictureDownloader()(`${host}/ok.jpg`)).rejects.toThrow();
    // A public-looking name that resolves to loopback.
    const rebinding = createPictureDownloader({ allowPrivateHosts: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    await expect(rebinding('http://cdn.example.com/ok.jpg')).rejects.toThrow();
    await expect(createPictureDownloader()('file:///etc/passwd')).rejects.toThrow();
  });

  it('downloads from the operator-allowed private hosts, and refuses a picture over 10 MB', async () => {
    const host = await pictureHost();
    const download = createPictureDownloader({ allowPrivateHosts: true });
    expect([...(await download(`${host}/ok.jpg`))]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    await expect(download(`${host}/huge.jpg`)).rejects.toThrow();
    await expect(download(`${host}/missing.jpg`)).rejects.toThrow();
  });
});
