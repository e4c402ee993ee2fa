/** The local store without the pipeline (reading commands): emulators plus clients, always stopped. */
import { Emulators } from './emulators';
import { type LocalStores, localStores } from './stores';

export async function withStore<T>(dataDir: string, work: (stores: LocalStores) => Promise<T>): Promise<T> {
  const emulators = await Emulators.start({ dataDir });
  const stores = localStores(emulators.endpoints);
  try {
    return await work(stores);
  } finally {
    stores.destroy();
    await emulators.stop();
  }
}
