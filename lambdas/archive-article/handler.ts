/** Placeholder: replaced by the real handler (thin, over a pure core). */
export const handler = async (_event: unknown): Promise<void> => {
  throw new Error('archive-article is not implemented yet');
};
