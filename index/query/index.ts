/**
 * The read side's facade: everything the server may use of an index, and nothing of how it is built. The query
 * engine (parse → evaluate → facets → hits) lives in this folder; it imports the store's types and the shared
 * vocabulary, never the build pipeline (tests/architecture.test.ts keeps it so).
 */

export type * from '../types.ts';
export { memoPerObject } from '../cache.ts';
export { oneLine } from '../text.ts';
export {
  correctionStatKey, defaultCorrectionsPath, newCorrectionId, parseCorrectionRequest, readCorrections, writeCorrections,
  type Correction, type CorrectionRequest,
} from '../corrections-file.ts';
export { BUILT_IN_SCHEMA, TAG_FACETS, TAG_FIELD, facetSchema, metadataFieldList, type FacetField, type FacetSchema } from '../schema.ts';
export type { FacetColumn, IndexHeader, LoadedIndex, Vocabulary } from '../store/loaded-index.ts';
export { embeddedBackend, type SearchBackend } from './backend.ts';
export { DOCUMENT_PAGE_SIZE, documentPageOf, getDocument, paragraphLink, type DocumentView, type ShownEvidence } from './documents.ts';
export { entityFacts, entityProfile, type EntityFacts, type EntityProfile } from './entity-profile.ts';
export { csvHeader, exportRows, toCsvLine, toJsonLine, type ExportRow } from './export.ts';
export { FACET_NAMES, filterValues } from './facets.ts';
export {
  MAX_QUERY_LENGTH, parseQuery, queryWithoutFilter, queryWithoutFilters, type AndNode, type ParsedQuery, type QueryFilterName,
} from './parse.ts';
export {
  hitsOfPage, matchParagraphs, queryHighlight, requestDeadline, search, searchFacetValues, type MatchResult, type SearchOptions,
} from './search.ts';
export { markMatches, type Highlight } from './snippet.ts';
export { correctQuery } from './spelling.ts';
export { suggest, type Suggestion } from './suggest.ts';
export { isDated, timelineOf } from './timeline.ts';
export { totalsOf } from './totals.ts';
