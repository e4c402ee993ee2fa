/** The article record, version 1 (see docs: the article record). */
export const ARTICLE_RECORD_VERSION = 1;

export type TitleSource = 'feed' | 'page' | 'derived';
export type DatePrecision = 'time' | 'day' | 'month';
export type LanguageSource = 'declared' | 'detected';

export interface ArticleRecord {
  articleId: string;
  sourceId: string;
  feedId?: string;
  sourceCountry?: string;
  url?: string;
  guid?: string;
  title: string;
  titleSource: TitleSource;
  publishedAt?: string;
  datePrecision?: DatePrecision;
  updatedAt?: string;
  language: string;
  languageSource: LanguageSource;
  summary: string;
  text: string;
  wordCount: number;
  countries: string[];
  authors: string[];
  categories: string[];
  contentHash: string;
  rawKey?: string;
  rawSha256?: string;
  fetchedAt?: string;
  ingestedAt: string;
  version: number;
}
