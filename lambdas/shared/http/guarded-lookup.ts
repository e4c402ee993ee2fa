import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-policy';
import { FetchError } from './fetch-error';

/** Resolves a host name to every address it has; tests pass one that maps `feed.test` to 127.0.0.1. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for net/tls connect options that resolves the name, refuses it when any address is in a
 * forbidden range, and hands only the checked addresses to the socket. Because the socket connects
 * to exactly what was checked, a DNS answer that changes between check and connect (DNS rebinding)
 * cannot slip through, and every redirect hop goes through the same check.
 */
export function guardedLookup(
  resolve: ResolveHost,
  allowPrivateNetwork: boolean,
  allowPrivateHosts: readonly string[] = [],
): LookupFunction {
  const exempt = new Set(allowPrivateHosts.map(hostKey));
  return (hostname, options, callback) => {
    // The callback runs inside the promise chain; if it threw, .catch must not call it a second time.
    let answered = false;
    resolve(hostname)
      .then((found) => {
        const addresses = found.filter(
          (a) => options.family === undefined || options.family === 0 || a.family === options.family,
        );
        if (addresses.length === 0) {
          throw new FetchError('dns', `DNS lookup for ${hostname} returned no usable address`);
        }
        if (!allowPrivateNetwork && !exempt.has(hostKey(hostname))) {
          for (const { address } of addresses) {
            const verdict = classifyAddress(address);
            if (!verdict.allowed) {
              throw new FetchError(
                'refused-private-address',
                `refused: ${hostname} resolves to ${address}, ${verdict.reason}`,
              );
            }
          }
        }
        answered = true;
        if (options.all) {
          callback(null, addresses);
        } else {
          const first = addresses[0]!;
          callback(null, first.address, first.family);
        }
      })
      .catch((error: unknown) => {
        if (!answered) callback(asLookupError(error, hostname), '', 0);
      });
  };
}

function asLookupError(error: unknown, hostname: string): NodeJS.ErrnoException {
  if (error instanceof FetchError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const why = code === 'ENOTFOUND' || code === 'EAI_NODATA' ? 'no such host' : String(code ?? error);
  return new FetchError('dns', `DNS lookup failed for ${hostname}: ${why}`, undefined, { cause: error });
}

/** `Feed.Test.` and `feed.test` name the same host. */
export function hostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}
