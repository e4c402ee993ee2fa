/**
 * S3 over its REST protocol, the operations the archive and the local tools use. Bodies are sent
 * whole with their SHA-256 in the signature (no aws-chunked streaming, no extra checksums: s3rver
 * would store the chunk framing). Path-style addressing when `DIPLOWIRE_S3_FORCE_PATH_STYLE=true`
 * (s3rver), virtual-hosted otherwise, except for bucket names a host name cannot carry.
 */
import {
  AwsClient,
  type ClientOptions,
  type HttpAnswer,
  header,
  type Protocol,
  type WireRequest,
} from './aws-client';
import { dnsSuffix } from './json-protocol';
import { decodeXmlText, elements, text } from './xml';

export type S3Operation =
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'ListObjectsV2'
  | 'ListObjects';

export interface PutObjectInput {
  Bucket: string;
  Key: string;
  Body: Uint8Array | string;
  ContentType?: string;
  /** User metadata (`x-amz-meta-*`); values must be ASCII, as S3 requires. */
  Metadata?: Record<string, string>;
  /** `'*'`: create-only (S3 answers 412 when the key exists, 409 when two creates race). */
  IfNoneMatch?: string;
}
export interface ObjectInput {
  Bucket: string;
  Key: string;
}
export interface ListInput {
  Bucket: string;
  Prefix?: string;
  MaxKeys?: number;
  /** v2 */
  ContinuationToken?: string;
  /** v1 */
  Marker?: string;
}
export interface ObjectOutput {
  Body: Uint8Array;
  ContentType?: string;
  ContentLength?: number;
  ETag?: string;
  LastModified?: Date;
  /** Keys lower-cased without the `x-amz-meta-` prefix, as the SDK gives them. */
  Metadata: Record<string, string>;
}
export interface ListEntry {
  Key: string;
  Size: number;
  LastModified?: Date;
  ETag?: string;
}
export interface ListOutput {
  Contents: ListEntry[];
  IsTruncated: boolean;
  NextContinuationToken?: string;
  NextMarker?: string;
}

export interface S3Operations {
  PutObject: { input: PutObjectInput; output: { ETag?: string } };
  GetObject: { input: ObjectInput; output: ObjectOutput };
  HeadObject: { input: ObjectInput; output: ObjectOutput };
  DeleteObject: { input: ObjectInput; output: Record<string, never> };
  ListObjectsV2: { input: ListInput; output: ListOutput };
  ListObjects: { input: ListInput; output: ListOutput };
}

/** RFC 3986 encoding of one path segment or query value (what SigV4 signs). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Bucket names that can be a host label under TLS: lower-case, digits, hyphens, no dots. */
const DNS_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function objectUrl(endpoint: URL, bucket: string, key: string | undefined, pathStyle: boolean): URL {
  const base = endpoint.pathname.replace(/\/+$/, '');
  const keyPath = key === undefined ? '' : `/${key.split('/').map(encodeRfc3986).join('/')}`;
  if (pathStyle || !DNS_BUCKET.test(bucket)) {
    return new URL(`${endpoint.protocol}//${endpoint.host}${base}/${encodeRfc3986(bucket)}${keyPath}`);
  }
  return new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}${base}${keyPath || '/'}`);
}

function s3Protocol(pathStyle: () => boolean): Protocol {
  return {
    service: 'S3',
    signingName: 's3',
    endpointId: 'S3',
    defaultEndpoint: (region) => `https://s3.${region}.${dnsSuffix(region)}`,
    request(operation, input, endpoint): WireRequest {
      const i = input as unknown as PutObjectInput & ListInput;
      switch (operation as S3Operation) {
        case 'PutObject': {
          const headers: Record<string, string> = {
            'content-type': i.ContentType ?? 'application/octet-stream',
          };
          if (i.IfNoneMatch) headers['if-none-match'] = i.IfNoneMatch;
          for (const [name, value] of Object.entries(i.Metadata ?? {})) {
            headers[`x-amz-meta-${name.toLowerCase()}`] = value;
          }
          const body = typeof i.Body === 'string' ? Buffer.from(i.Body, 'utf8') : Buffer.from(i.Body);
          return { method: 'PUT', url: objectUrl(endpoint, i.Bucket, i.Key, pathStyle()), headers, body };
        }
        case 'GetObject':
        case 'HeadObject':
        case 'DeleteObject': {
          const method = operation === 'GetObject' ? 'GET' : operation === 'HeadObject' ? 'HEAD' : 'DELETE';
          return { method, url: objectUrl(endpoint, i.Bucket, i.Key, pathStyle()), headers: {} };
        }
        case 'ListObjectsV2':
        case 'ListObjects': {
          const url = objectUrl(endpoint, i.Bucket, undefined, pathStyle());
          const query: [string, string | number | undefined][] =
            operation === 'ListObjectsV2'
              ? [
                  ['list-type', 2],
                  ['continuation-token', i.ContinuationToken],
                ]
              : [['marker', i.Marker]];
          query.push(['prefix', i.Prefix], ['max-keys', i.MaxKeys]);
          url.search = query
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}=${encodeRfc3986(String(v))}`)
            .join('&');
          return { method: 'GET', url, headers: {} };
        }
        default:
          throw new Error(`the lean S3 client does not implement ${operation}`);
      }
    },
    output(operation, answer) {
      switch (operation as S3Operation) {
        case 'PutObject':
          return { ETag: header(answer, 'etag') };
        case 'GetObject':
        case 'HeadObject':
          return objectOutput(answer);
        case 'DeleteObject':
          return {};
        default:
          return listOutput(answer.body.toString('utf8'));
      }
    },
    error(operation, answer) {
      const xml = answer.body.toString('utf8');
      const code = text(xml, 'Code');
      if (code) return { code, message: text(xml, 'Message') ?? '' };
      // HEAD answers carry no body: name the common statuses as the SDK does.
      const byStatus: Record<number, string> = {
        404: operation === 'GetObject' || operation === 'HeadObject' ? 'NotFound' : 'NoSuchBucket',
        412: 'PreconditionFailed',
        409: 'ConditionalRequestConflict',
        403: 'Forbidden',
        503: 'SlowDown',
      };
      return { code: byStatus[answer.status] ?? `HTTP${answer.status}`, message: '' };
    },
  };
}

function objectOutput(answer: HttpAnswer): ObjectOutput {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  const out: ObjectOutput = { Body: new Uint8Array(answer.body), Metadata: metadata };
  const contentType = header(answer, 'content-type');
  if (contentType) out.ContentType = contentType;
  const length = header(answer, 'content-length');
  if (length) out.ContentLength = Number(length);
  const etag = header(answer, 'etag');
  if (etag) out.ETag = etag;
  const modified = header(answer, 'last-modified');
  if (modified) out.LastModified = new Date(modified);
  return out;
}

/** A ListBucketResult (v1 or v2). */
export function listOutput(xml: string): ListOutput {
  const contents = elements(xml, 'Contents').map((entry) => {
    const item: ListEntry = {
      Key: decodeXmlText(elements(entry, 'Key')[0] ?? ''),
      Size: Number(text(entry, 'Size') ?? 0),
    };
    const modified = text(entry, 'LastModified');
    if (modified) item.LastModified = new Date(modified);
    const etag = text(entry, 'ETag');
    if (etag) item.ETag = etag;
    return item;
  });
  const out: ListOutput = { Contents: contents, IsTruncated: text(xml, 'IsTruncated') === 'true' };
  const token = text(xml, 'NextContinuationToken');
  if (token) out.NextContinuationToken = token;
  const marker = text(xml, 'NextMarker');
  if (marker) out.NextMarker = marker;
  return out;
}

export interface S3ClientOptions extends ClientOptions {
  /** Path-style addressing. Default: `DIPLOWIRE_S3_FORCE_PATH_STYLE === 'true'`, read at the first call. */
  forcePathStyle?: boolean;
}

export class S3Client extends AwsClient {
  constructor(options: S3ClientOptions = {}) {
    const env = options.env ?? process.env;
    super(
      s3Protocol(() => options.forcePathStyle ?? env.DIPLOWIRE_S3_FORCE_PATH_STYLE === 'true'),
      options,
    );
  }

  call<Op extends S3Operation>(
    operation: Op,
    input: S3Operations[Op]['input'],
  ): Promise<S3Operations[Op]['output']> {
    return this.send(operation, input as unknown as Record<string, unknown>) as Promise<
      S3Operations[Op]['output']
    >;
  }
}
