import { describe, expect, it } from 'vitest';
import { FetchError } from '../../lambdas/shared/http/fetch-error';
import { parseTargetUrl } from '../../lambdas/shared/http/url-guard';

const strict = { allowPrivateNetwork: false };

function refusal(url: string, options = strict): { code: string; message: string } {
  try {
    parseTargetUrl(url, options);
  } catch (error) {
    if (error instanceof FetchError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('parseTargetUrl', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['http://2130706433/', '127.0.0.1', 'a loopback address'], // decimal
    ['http://0x7f.0.0.1/', '127.0.0.1', 'a loopback address'], // hex octet
    ['http://0x7f000001/', '127.0.0.1', 'a loopback address'], // hex whole
    ['http://0177.0.0.1/', '127.0.0.1', 'a loopback address'], // octal
    ['http://017700000001/', '127.0.0.1', 'a loopback address'], // octal whole
    ['http://127.1/', '127.0.0.1', 'a loopback address'], // short form
    ['http://127.0.0.1./', '127.0.0.1', 'a loopback address'], // trailing dot
    ['http://%31%32%37.0.0.1/', '127.0.0.1', 'a loopback address'], // percent-encoded
    ['http://0/', '0.0.0.0', 'the unspecified address'],
    ['http://10.1/', '10.0.0.1', 'a private address'],
    ['http://192.168.0.1:8080/feed', '192.168.0.1', 'a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'the cloud instance metadata address'],
    ['http://2852039166/', '169.254.169.254', 'the cloud instance metadata address'], // decimal metadata
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254', 'the cloud instance metadata address'],
    ['http://100.100.100.200/', '100.100.100.200', 'a carrier-grade NAT (shared) address'],
    ['http://[::1]/', '::1', 'a loopback address'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1', 'a loopback address'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'the cloud instance metadata address'],
    ['http://[fe80::1]/', 'fe80::1', 'a link-local address'],
    ['http://[fc00::5]/', 'fc00::5', 'a private (unique local) address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
    [
      'http://[::ffff:a9fe:a9fe]/',
      '::ffff:a9fe:a9fe',
      'an IPv4-mapped form of 169.254.169.254, the cloud instance metadata address',
    ],
    ['http://[::127.0.0.1]/', '::7f00:1', 'an IPv4-compatible form of 127.0.0.1, a loopback address'],
    ['http://[64:ff9b::192.168.0.1]/', '64:ff9b::c0a8:1', 'a NAT64 form of 192.168.0.1, a private address'],
  ])('refuses %s after the WHATWG parser normalizes it to %s', (url, host, reason) => {
    expect(refusal(url)).toEqual({
      code: 'refused-private-address',
      message: `refused: ${url} points to ${host}, ${reason}`,
    });
  });

  it.each([
    ['file:///etc/passwd', 'file'],
    ['ftp://ftp.example.org/feed.xml', 'ftp'],
    ['gopher://example.org:70/1', 'gopher'],
    ['javascript:alert(1)', 'javascript'],
    ['data:text/xml,<rss/>', 'data'],
  ])('refuses the %s scheme', (url, scheme) => {
    const { code, message } = refusal(url);
    expect(code).toBe('unsupported-scheme');
    expect(message).toMatch(new RegExp(`^refused: ${scheme} URLs are not fetched, only http and https \\(`));
  });

  it('refuses schemes also when private networks are allowed', () => {
    expect(refusal('file:///etc/passwd', { allowPrivateNetwork: true }).code).toBe('unsupported-scheme');
  });

  it('refuses text that is not a URL', () => {
    expect(refusal('not a url')).toEqual({ code: 'invalid-url', message: 'not a valid URL: "not a url"' });
    expect(refusal('http://')).toEqual({ code: 'invalid-url', message: 'not a valid URL: "http://"' });
  });

  it('refuses embedded credentials', () => {
    expect(refusal('https://user:secret@feeds.example/rss')).toEqual({
      code: 'invalid-url',
      message: 'refused: URLs with embedded credentials are not fetched (feeds.example)',
    });
  });

  it('resolves a relative redirect target against the hop it came from, and names the full URL', () => {
    expect(refusal('//127.0.0.1/x', { ...strict, base: 'https://feeds.example/a' } as never)).toEqual({
      code: 'refused-private-address',
      message: 'refused: https://127.0.0.1/x points to 127.0.0.1, a loopback address',
    });
    expect(parseTargetUrl('../b?x=1', { ...strict, base: 'https://feeds.example/a/c' }).href).toBe(
      'https://feeds.example/b?x=1',
    );
  });

  it('leaves host names to the DNS check and allows private literals when allowed', () => {
    expect(parseTargetUrl('http://localhost:8080/feed', strict).hostname).toBe('localhost');
    expect(parseTargetUrl('http://127.0.0.1:8080/feed', { allowPrivateNetwork: true }).port).toBe('8080');
    expect(parseTargetUrl('https://8.8.8.8/', strict).hostname).toBe('8.8.8.8');
  });
});
