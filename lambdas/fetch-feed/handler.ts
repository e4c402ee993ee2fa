/** Placeholder: replaced by the real handler (thin, over a pure core). */
export const handler = async (_event: unknown): Promise<void> => {
  throw new Error('fetch-feed is not implemented yet');
};
