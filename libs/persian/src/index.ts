export { compactKey, normalizeDisplayText, searchDocument, searchKey, searchTerms, toAsciiDigits, toTsQuery } from './persian.normalizer';
