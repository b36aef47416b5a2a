import type { Knowledge } from '../knowledge/load.ts';
import type { Article, EntityCatalog, Paragraph, Tags } from '../types.ts';
import { compileCountries, type CountryMention } from './countries.ts';
import { emptyCatalog } from './entities.ts';
import { compilePeople } from './people.ts';
import { compileNameFinder } from './person-names.ts';
import { compileTopics } from './topics.ts';
import { isShouting, wordTokens, type WordToken } from './tokens.ts';

export { mergeEntities, emptyCatalog } from './entities.ts';

/** The tags of an article's paragraphs (`paragraphs[i]` tags `paragraphs[i]`) and the entities they name. */
export interface ArticleTags {
  paragraphs: Tags[];
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

  return (_article, paragraphs, given) => {
    const scanned = paragraphs.map((paragraph, p) => {
      const tokens = given?.[p] ?? wordTokens(paragraph.text);
      const shouting = isShouting(tokens);
      const countryMentions = countries.find(tokens, shouting);
      const nameMentions = shouting ? [] : names.find(tokens, countryMentions);
      return { tokens, countryMentions, nameMentions };
    });
    const resolved = people.resolveArticle(scanned.map((s) => s.nameMentions));
    const entities = emptyCatalog();
    const tags = paragraphs.map((_paragraph, p): Tags => {
      const hits = resolved.hits[p] ?? [];
      const inName = (mention: CountryMention): boolean =>
        hits.some((hit) => mention.start < hit.end && hit.start < mention.end);
      const codes = sortedUnique((scanned[p]?.countryMentions ?? []).filter((m) => !inName(m)).map((m) => m.code));
      const topicIds = topics.topicsOf(scanned[p]?.tokens ?? []);
      for (const code of codes) entities.countries[code] = { code, name: countries.nameOf(code) ?? code, names: countries.namesOf(code) };
      for (const id of topicIds) entities.topics[id] = { id, label: topics.topic(id)?.label ?? id };
      const personIds = sortedUnique(hits.map((hit) => hit.id));
      for (const id of personIds) {
        const person = resolved.persons[id];
        if (person !== undefined) entities.persons[id] = person;
      }
      return { countries: codes, persons: personIds, topics: topicIds };
    });
    return { paragraphs: tags, entities };
  };
}
