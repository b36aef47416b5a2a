import type { Knowledge } from '../knowledge/load.ts';
import type { Article, EntityCatalog, EvidencedTags, Paragraph, TagEvidence } from '../types.ts';
import { compileCountries, type CountryKind } from './countries.ts';
import { emptyCatalog } from './entities.ts';
import { compilePeople, type PersonHit } from './people.ts';
import { compileNameFinder, type NameMention } from './person-names.ts';
import { compilePlaces } from './places.ts';
import { compileTopics } from './topics.ts';
import { isShouting, wordTokens, type WordToken } from './tokens.ts';

export { mergeEntities, emptyCatalog } from './entities.ts';

/** The tags of an article's paragraphs (`paragraphs[i]` tags `paragraphs[i]`), their evidence and the entities they name. */
export interface ArticleTags {
  paragraphs: EvidencedTags[];
  entities: EntityCatalog;
}

/**
 * A tagger: article and its paragraphs → tags. Pure; all matchers are compiled once. `tokens[i]`, when given, must
 * be `wordTokens(paragraphs[i].text)`: a caller that needs the tokens too makes them once.
 */
export type Tagger = (article: Article, paragraphs: Paragraph[], tokens?: readonly WordToken[][]) => ArticleTags;

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * Compiles the knowledge into a tagger. Countries and names are found per paragraph, then people are
 * resolved across the whole article (a surname refers back to the full name), and country words that
 * turned out to be part of a person's name ("Chad Johnson", "George Washington") are dropped.
 */
export function createTagger(knowledge: Knowledge): Tagger {
  const countries = compileCountries(knowledge);
  const names = compileNameFinder(knowledge, countries);
  const people = compilePeople(knowledge, countries);
  const topics = compileTopics(knowledge);
  const places = compilePlaces(knowledge, countries);

  return (article, paragraphs, given) => {
    const scanned = paragraphs.map((paragraph, p) => {
      const tokens = given?.[p] ?? wordTokens(paragraph.text);
      const shouting = isShouting(tokens);
      const countryMentions = countries.find(tokens, shouting);
      const nameMentions = shouting ? [] : names.find(tokens, countryMentions);
      return { tokens, countryMentions, nameMentions };
    });
    const resolved = people.resolveArticle(scanned.map((s) => s.nameMentions), article.date);
    // Country words inside a person's name ("Chad Johnson", "George Washington") are not countries.
    const countryMentionsOf = scanned.map(({ countryMentions }, p) => {
      const hits = resolved.hits[p] ?? [];
      return countryMentions.filter((m) => !hits.some((hit) => m.start < hit.end && hit.start < m.end));
    });
    const articleTopics = topics.articleContext(scanned.map((s) => s.tokens));
    const foundTopics = scanned.map(({ tokens }) => topics.topicsOf(tokens, articleTopics));
    const placed = places.resolveArticle(scanned.map(({ tokens }, p) => ({
      tokens, shouting: isShouting(tokens), countries: countryMentionsOf[p] ?? [], persons: resolved.hits[p] ?? [],
      names: (scanned[p]?.nameMentions ?? []).filter((m) => m.end - m.start > 1 && m.evidence !== 'not-person'),
      topics: foundTopics[p]?.ids ?? [],
    })));
    const entities = emptyCatalog();
    const tags = paragraphs.map((_paragraph, p): EvidencedTags => {
      const tokens = scanned[p]?.tokens ?? [];
      const chars = (start: number, end: number) => ({ start: tokens[start]?.start ?? 0, end: tokens[end - 1]?.end ?? 0 });
      const hits = resolved.hits[p] ?? [];
      const regionsNotCountries = placed.notCountries[p];
      const countryMentions = (countryMentionsOf[p] ?? []).filter((m) => regionsNotCountries?.has(m) !== true);
      const placeHits = placed.hits[p] ?? [];
      const placeInfos = placeHits.map((hit) => places.place(hit.id));
      const placeIds: string[] = [];
      const rolledUp: TagEvidence[] = [];
      placeHits.forEach((hit, k) => {
        const place = placeInfos[k];
        if (place === undefined) return;
        placeIds.push(place.id);
        entities.places[place.id] = place;
        rolledUp.push({ facet: 'country', value: place.country, ...chars(hit.start, hit.end), rule: `places: ${place.name} is in ${countries.nameOf(place.country) ?? place.country}` });
      });
      const codes = sortedUnique([...countryMentions.map((m) => m.code), ...rolledUp.map((e) => e.value)]);
      const found = foundTopics[p] ?? { ids: [], cues: [] };
      for (const code of codes) entities.countries[code] = { code, name: countries.nameOf(code) ?? code, names: countries.namesOf(code) };
      for (const id of found.ids) entities.topics[id] = { id, label: topics.topic(id)?.label ?? id };
      const personIds = sortedUnique(hits.map((hit) => hit.id));
      for (const id of personIds) {
        const person = resolved.persons[id];
        if (person !== undefined) entities.persons[id] = person;
      }
      const nameMentions = scanned[p]?.nameMentions ?? [];
      const evidence: TagEvidence[] = [
        ...countryMentions.map((m): TagEvidence => ({ facet: 'country', value: m.code, ...chars(m.start, m.end), rule: COUNTRY_RULES[m.kind] })),
        // A place stands for its country only where no country word already does.
        ...rolledUp.filter((e) => !countryMentions.some((m) => m.code === e.value)),
        ...placeHits.map((hit): TagEvidence => ({ facet: 'place', value: hit.id, ...chars(hit.start, hit.end), rule: hit.rule })),
        ...hits.map((hit): TagEvidence => ({ facet: 'person', value: hit.id, ...chars(hit.start, hit.end), rule: personRule(hit, nameMentions) })),
        ...found.cues.map(({ topic, start, end, rule }): TagEvidence => ({ facet: 'topic', value: topic, start, end, rule })),
      ].sort((a, b) => a.start - b.start || a.end - b.end);
      return { countries: codes, persons: personIds, topics: found.ids, places: sortedUnique(placeIds), evidence };
    });
    return { paragraphs: tags, entities };
  };
}

const COUNTRY_RULES: Record<CountryKind | 'prefix', string> = {
  name: 'countries.json: name',
  demonym: 'countries.json: demonym',
  capital: 'countries.json: capital',
  seat: 'countries.json: seat of government',
  prefix: 'countries.json: combining form',
};

/**
 * The rule that named a person, for a reader: the people tagger's rule code (`known:Tony Blair`, `title:Senator`,
 * `surname:tony-blair`) said as the knowledge entry or name pattern it stands for.
 */
export function personRule(hit: PersonHit, mentions: readonly NameMention[]): string {
  const code = hit.rule ?? mentions.find((m) => m.start === hit.start && m.end === hit.end)?.rule ?? '';
  const colon = code.indexOf(':');
  const kind = colon < 0 ? code : code.slice(0, colon);
  const detail = colon < 0 ? '' : code.slice(colon + 1);
  const quoted = JSON.stringify(detail);
  switch (kind) {
    case 'known': return `people.json: ${detail}`;
    case 'near': return `people.json: ${detail} (near spelling)`;
    case 'variant': return `people.json or nicknames.json: a variant of ${detail}`;
    case 'known-as': return `people.json: known as ${quoted}`;
    case 'surname': return 'name: the surname of a person named earlier in the article';
    case 'first-name': return `first-names.json: ${quoted} before a surname`;
    case 'title': return `titles.json: after ${quoted}`;
    case 'regnal': return `titles.json: ${quoted} with a regnal number`;
    case 'family-first': return `name-rules.json: family name ${quoted} first`;
    case 'said': return `name: a full name before ${quoted}`;
    case 'list': return detail === 'shared-surname' ? 'name: a list of names sharing one surname' : 'name: in a list of people';
    default: return code === '' ? 'name' : `name: ${code}`;
  }
}
