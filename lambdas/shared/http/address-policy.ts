import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses a fetch may connect to. A feed URL is user-supplied text, so without this an
 * entry like `http://169.254.169.254/latest/meta-data/` would read the Lambda's own credentials.
 * Range membership comes from ipaddr.js (maintained IANA special-purpose tables); this module only
 * decides which of those ranges are off-limits and unwraps IPv6 forms that carry an IPv4 address.
 */

/** Why an address is refused, phrased to complete "…resolves to X, <reason>". */
export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

const allowed: AddressVerdict = { allowed: true };
const refuse = (reason: string): AddressVerdict => ({ allowed: false, reason });

const metadataAddresses = new Set(['169.254.169.254', 'fd00:ec2::254']);

const ipv4Refused: Partial<Record<string, string>> = {
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  reserved: 'a reserved address',
  benchmarking: 'a reserved address',
};

const ipv6Refused: Partial<Record<string, string>> = {
  unspecified: 'the unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'a private (unique local) address',
  deprecatedSiteLocal: 'a private (site-local) address',
  discard: 'a reserved (discard) address',
  reserved: 'a reserved address',
  benchmarking: 'a reserved address',
  teredo: 'a Teredo tunnel address',
  orchid2: 'a reserved (ORCHID) address',
  deprecatedOrchid: 'a reserved (ORCHID) address',
};

/** True when `text` is an IP literal (no DNS needed), with or without IPv6 brackets. */
export function isIpLiteral(text: string): boolean {
  return ipaddr.isValid(stripBrackets(text));
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Classifies one IP address (v4 or v6 text); anything that does not parse is refused. */
export function classifyAddress(text: string): AddressVerdict {
  const address = canonicalIpv6(stripBrackets(text));
  if (!ipaddr.isValid(address)) return refuse('not a valid IP address');
  const ip = ipaddr.parse(address);
  const normalized =
    ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toRFC5952String().replace(/%.*$/, '') : ip.toString();
  if (metadataAddresses.has(normalized)) return refuse('the cloud instance metadata address');
  return ip.kind() === 'ipv4' ? classifyIpv4(ip as ipaddr.IPv4) : classifyIpv6(ip as ipaddr.IPv6);
}

function classifyIpv4(ip: ipaddr.IPv4): AddressVerdict {
  const reason = ipv4Refused[ip.range()];
  return reason ? refuse(reason) : allowed;
}

function classifyIpv6(ip: ipaddr.IPv6): AddressVerdict {
  const p = ip.parts;
  // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291) and ::ffff:a.b.c.d (IPv4-mapped) reach the
  // embedded IPv4 host on dual-stack sockets, so they are judged by that address.
  const firstFiveZero = p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0;
  if (firstFiveZero && (p[5] === 0 || p[5] === 0xffff) && !(p[5] === 0 && p[6] === 0 && (p[7] ?? 0) <= 1)) {
    return embedded(ipv4From(p[6], p[7]), p[5] === 0xffff ? 'an IPv4-mapped' : 'an IPv4-compatible');
  }
  const range = ip.range();
  switch (range) {
    case 'rfc6145': // ::ffff:0:a.b.c.d, IPv4-translated
      return embedded(ipv4From(p[6], p[7]), 'an IPv4-translated');
    case 'rfc6052':
      // 64:ff9b::/96 is the well-known NAT64 prefix: the gateway connects to the embedded IPv4.
      // 64:ff9b:1::/48 is for local NAT64 deployments only.
      if (p[1] === 0xff9b && p[2] === 0) return embedded(ipv4From(p[6], p[7]), 'a NAT64');
      return refuse('a local-use NAT64 address');
    case '6to4':
      return embedded(ipv4From(p[1], p[2]), 'a 6to4');
    default: {
      const reason = ipv6Refused[range];
      return reason ? refuse(reason) : allowed;
    }
  }
}

function embedded(v4: ipaddr.IPv4, form: string): AddressVerdict {
  const verdict = classifyAddress(v4.toString());
  return verdict.allowed ? allowed : refuse(`${form} form of ${v4.toString()}, ${verdict.reason}`);
}

function ipv4From(high = 0, low = 0): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * ipaddr.js reads `::127.0.0.1` (IPv4-compatible) as `::ffff:127.0.0.1` (IPv4-mapped); the WHATWG
 * IPv6 parser gets the dotted tail right, so IPv6 text with one is normalized through it first.
 * The zone (`%eth0`) does not change the range, and URL() would reject it.
 */
function canonicalIpv6(address: string): string {
  if (!address.includes(':') || !address.includes('.')) return address;
  try {
    return stripBrackets(new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname);
  } catch {
    return address;
  }
}
