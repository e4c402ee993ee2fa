/**
 * Credentials for signing. Lambda (and the local runner, for the emulators) put them in the
 * environment, so that is read first, on every call (cheap, and tests may set it after import).
 * Without them (someone running a handler against real AWS with a profile or SSO), the SDK's own
 * provider chain is loaded on first use by dynamic import: it is marked external in the handler
 * bundles, so its ~100 ms of module text is never parsed at a Lambda cold start, where the
 * environment always holds credentials (and the Lambda Node runtime ships the SDK if it ever
 * were needed).
 */

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type CredentialSource = () => Promise<Credentials>;

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), if both are set. */
export function credentialsFromEnv(env: Record<string, string | undefined>): Credentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

let providerChain: CredentialSource | undefined;

/** The SDK's node provider chain (profiles, SSO, IMDS, …), loaded once; it caches and refreshes itself. */
async function fromProviderChain(): Promise<Credentials> {
  if (!providerChain) {
    const specifier = '@aws-sdk/credential-providers';
    let chain: () => Promise<Credentials>;
    try {
      // Kept out of the handler bundles (external in HANDLER_BUNDLING): loaded only when used.
      const module = await import('@aws-sdk/credential-providers');
      chain = module.fromNodeProviderChain();
    } catch (error) {
      throw new CredentialsError(
        `no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the SDK's provider chain (${specifier}) could not be loaded: ${(error as Error).message}`,
      );
    }
    providerChain = chain;
  }
  try {
    return await providerChain();
  } catch (error) {
    throw new CredentialsError(
      `no AWS credentials: none in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and the SDK's provider chain found none either (${(error as Error).message})`,
    );
  }
}

/** The default source: the environment, else the SDK's provider chain. */
export function defaultCredentials(env: Record<string, string | undefined> = process.env): CredentialSource {
  return async () => credentialsFromEnv(env) ?? fromProviderChain();
}
