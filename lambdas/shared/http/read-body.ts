import type { IncomingMessage } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './fetch-error';

/**
 * Reads a response body through its Content-Encoding decoders, counting bytes AFTER decompression,
 * so a 10 KB gzip bomb that inflates to gigabytes stops at the cap with `body-too-large` instead of
 * filling memory. The cap holds the same way for bodies with a Content-Length, chunked bodies and
 * compressed ones; zlib emits at most one chunk (16 KiB) past the cap before we stop.
 */
export async function readBody(
  response: IncomingMessage,
  options: { maxBodyBytes: number; url: string; signal: AbortSignal },
): Promise<Uint8Array> {
  const { maxBodyBytes, url } = options;
  const decoders = decodersFor(response.headers['content-encoding'], url);
  const declared = Number(response.headers['content-length']);
  if (decoders.length === 0 && Number.isFinite(declared) && declared > maxBodyBytes) {
    response.destroy();
    throw tooLarge(url, maxBodyBytes, `it declares ${declared} bytes`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  // pipeline() can report an error thrown by its last stage as a generic AbortError: keep ours.
  let overCap: FetchError | undefined;
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBodyBytes) {
        overCap = tooLarge(url, maxBodyBytes, decoders.length > 0 ? 'after decompression' : '');
        throw overCap;
      }
      chunks.push(chunk);
    }
  };
  // Compressed input that inflates to nothing (endless empty deflate blocks) never reaches the
  // decoded cap, so the bytes on the wire are capped as well.
  let onWire = 0;
  const countOnWire = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onWire += chunk.length;
      if (onWire <= maxBodyBytes) return done(null, chunk);
      overCap = tooLarge(url, maxBodyBytes, 'before decompression');
      done(overCap);
    },
  });
  const stages = decoders.length > 0 ? [countOnWire, ...decoders] : [];
  try {
    await pipeline([response, ...stages, collect] as unknown as [Readable, ...Transform[]], {
      signal: options.signal,
    });
  } catch (error) {
    // An abort carries our FetchError (deadline) as its reason; a decoder failure is bad data.
    if (options.signal.aborted && options.signal.reason instanceof FetchError) throw options.signal.reason;
    if (overCap !== undefined) throw overCap;
    if (error instanceof FetchError) throw error;
    if (isZlibError(error)) {
      throw new FetchError(
        'bad-encoding',
        `the ${encodingName(response)} body of ${url} is corrupt: ${(error as Error).message}`,
        url,
        { cause: error },
      );
    }
    throw error;
  }
  return Buffer.concat(chunks, total);
}

function decodersFor(header: string | undefined, url: string): Transform[] {
  if (header === undefined) return [];
  // Encodings are listed in the order they were applied, so they are undone in reverse.
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
  return codings.map((coding) => {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        // Z_SYNC_FLUSH: a stream that ends without the gzip trailer still yields what arrived.
        return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'deflate':
        return inflateEitherForm();
      case 'br':
        return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new FetchError(
          'unsupported-encoding',
          `${url} is sent with Content-Encoding "${coding}", which is not supported`,
          url,
        );
    }
  });
}

/**
 * "deflate" should be zlib-wrapped (RFC 9110), but some servers send raw deflate; the first two
 * bytes tell which (a zlib header is CM=8 and a multiple of 31).
 */
function inflateEitherForm(): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | undefined;
  const outer: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (inner === undefined) {
        const b0 = chunk[0] ?? 0;
        const b1 = chunk[1];
        const zlibWrapped = (b0 & 0x0f) === 8 && (b1 === undefined || ((b0 << 8) | b1) % 31 === 0);
        const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
        inner = zlibWrapped ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inner.on('data', (data: Buffer) => outer.push(data));
        inner.on('error', (error) => outer.destroy(error));
      }
      inner.write(chunk, () => done());
    },
    flush(done) {
      if (inner === undefined) return done();
      inner.once('end', () => done());
      inner.end();
    },
    destroy(error, done) {
      inner?.destroy();
      done(error);
    },
  });
  return outer;
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('Z_') || code.startsWith('ERR_BROTLI') || code === 'ERR__ERROR')
  );
}

function encodingName(response: IncomingMessage): string {
  return String(response.headers['content-encoding'] ?? 'encoded');
}

function tooLarge(url: string, max: number, detail: string): FetchError {
  const suffix = detail === '' ? '' : ` (${detail})`;
  return new FetchError(
    'body-too-large',
    `the body of ${url} is larger than the ${max}-byte limit${suffix}`,
    url,
  );
}
