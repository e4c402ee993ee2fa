/** Local servers listen on 127.0.0.1 only: nothing the runner starts is reachable from the network. */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on 127.0.0.1 (port 0 picks a free one) and resolves with the origin, e.g. http://127.0.0.1:8080. */
export function listenOnLoopback(server: http.Server, port = 0): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(loopbackOrigin(server));
    });
  });
}

/** The origin of a listening server, or undefined when it is not listening. */
export function loopbackOrigin(server: http.Server): string;
export function loopbackOrigin(server: http.Server | undefined): string | undefined;
export function loopbackOrigin(server: http.Server | undefined): string | undefined {
  const address = server?.address() as AddressInfo | null | undefined;
  return address ? `http://127.0.0.1:${address.port}` : undefined;
}
