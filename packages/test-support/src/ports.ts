import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port the OS just handed out on 127.0.0.1 that is free for TCP and UDP alike (the StatsD daemon
 * binds both), found by binding port 0 and releasing it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort();
    if (await udpPortIsFree(port)) return port;
  }
  throw new Error('no port free for both TCP and UDP on 127.0.0.1');
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
