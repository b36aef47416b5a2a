import { describe, expect, it } from 'vitest';
import { cachedCities, cleanRegionName, decodeCities } from '../../../index/knowledge/gazetteer.ts';
import { tagParagraphs } from '../../fixtures/tagging/tag-text.ts';

/** Places of one paragraph (or of paragraph `p` of several), with the words that named each. */
function placesOf(texts: string[], p = 0): Array<[string, string]> {
  const tags = tagParagraphs(...texts);
  const paragraph = tags.paragraphs[p];
  const text = texts[p] ?? '';
  return (paragraph?.evidence ?? []).filter((entry) => entry.facet === 'place').map((entry) => [entry.value, text.slice(entry.start, entry.end)]);
}

describe('place tagging', () => {
  it.each([
    // Cities and regions, rolled up to their country.
    { texts: ['Flooding closed roads near Manchester and across Bavaria.'], expected: [['manchester-gb', 'Manchester'], ['de-by', 'Bavaria']] },
    { texts: ['Ministers met in Kharkiv, then in the Donetsk region.'], expected: [['kharkiv-ua', 'Kharkiv'], ['ua-14', 'Donetsk region']] },
    // UK nations are places of the United Kingdom, and capitals places of their country.
    { texts: ['Voters in Scotland and Wales went to the polls while London waited.'], expected: [['gb-sct', 'Scotland'], ['gb-wls', 'Wales'], ['london-gb', 'London']] },
    // A qualifier picks the place: Paris, Texas is not the capital of France, and Georgia after Atlanta is the state.
    { texts: ['She grew up in Paris, Texas, and later lived in Atlanta, Georgia.'], expected: [['paris-us', 'Paris'], ['us-tx', 'Texas'], ['atlanta-us', 'Atlanta'], ['us-ga', 'Georgia']] },
    { texts: ['The company moved from London, Ontario to Paris.'], expected: [['london-ca', 'London'], ['ca-on', 'Ontario'], ['paris-fr', 'Paris']] },
    // The article's other places decide between towns of one name; the largest wins without them.
    { texts: ['Officials in Pennsylvania said Reading had been spared.'], expected: [['us-pa', 'Pennsylvania'], ['reading-us', 'Reading']] },
    { texts: ['Officials said Reading had been spared.'], expected: [['reading-gb', 'Reading']] },
    // A capitalised name that is part of a longer one is not the place.
    { texts: ['Victoria Park was closed and the Paris Agreement was cited at Manchester United.'], expected: [] },
    // A firm or a work named like a place: "T-Mobile", "the thriller Constantine".
    { texts: ['Shares in T-Mobile rose. The thriller Constantine opened.'], expected: [] },
    // A sports team named after its place is no place: the words around it say team.
    { texts: ['The England captain was injured, and Wales beat Scotland in Cardiff.'], expected: [['cardiff-gb', 'Cardiff']] },
    { texts: ["Newcastle striker Kofi Mensah left; England's coach stayed."], expected: [] },
    { texts: ['Chelsea v Arsenal is on Sunday, and Liverpool fans travelled to Milan.'], expected: [['milan-it', 'Milan']] },
    { texts: ['Floods hit Liverpool; residents of Wales were evacuated.'], expected: [['liverpool-gb', 'Liverpool'], ['gb-wls', 'Wales']] },
    // In a paragraph about sport, a place named with no locative word is a team; with one, the place.
    { texts: ['Scotland defended well and the striker scored twice as Leinster won the match in Dublin.'], expected: [['dublin-ie', 'Dublin']] },
    // Capitals outside a shouted paragraph are an acronym, not a city (Ica, Peru).
    { texts: ['The ICA opened an exhibition in Lima.'], expected: [['lima-pe', 'Lima']] },
    // A name inside a person's name is not a place, nor a surname of one ("Hopkins" after "Curt Hopkins").
    { texts: ['Florence Welch and Jack London were named.'], expected: [] },
    { texts: ['"We hope," Curt Hopkins told reporters.'], expected: [] },
    { texts: ['Curt Hopkins spoke. Later Hopkins said more.'], expected: [] },
    // A country's own name is the country, not a region or city of it.
    { texts: ['Mexico, Luxembourg and Singapore signed.'], expected: [] },
    // "Georgia" alone, next to Tbilisi, is the country: no US state.
    { texts: ['A woman from Georgia was detained in Tbilisi.'], expected: [['tbilisi-ge', 'Tbilisi']] },
    // An English word opening a sentence needs the words around it.
    { texts: ['Reading the report, ministers in London were alarmed.'], expected: [['london-gb', 'London']] },
    { texts: ['Nice weather held. Police in Nice said the beach would reopen.'], expected: [['nice-fr', 'Nice']] },
    // A small town needs a locative word, its country, or its region; a large city does not.
    { texts: ['Tiverton voters queued for hours.'], expected: [] },
    { texts: ['Voters in Tiverton queued for hours.'], expected: [['tiverton-gb', 'Tiverton']] },
    { texts: ['Talks in Lagos and Jakarta resumed.'], expected: [['lagos-ng', 'Lagos'], ['jakarta-id', 'Jakarta']] },
    // Directions and landforms alone are never a region ("the West", "Far North").
    { texts: ['The West and the Far North reacted; the North was quiet.'], expected: [] },
    // Names of places that are never one (months, words in places.json).
    { texts: ['In March and May the talks stalled.'], expected: [] },
    // An article opening a sentence is no part of the name, nor a word that opens one: "A Nairobi-based founder".
    { texts: ['A Nairobi-based founder said Mombasa would be next.'], expected: [['nairobi-ke', 'Nairobi'], ['mombasa-ke', 'Mombasa']] },
    // Aliases of places.json: exonyms and old names; "Saint" and "St" are one.
    { texts: ['Trains left Cologne for Kiev.'], expected: [['koln-de', 'Cologne'], ['kyiv-ua', 'Kiev']] },
    { texts: ['Flights from St Petersburg to Moscow resumed.'], expected: [['saint-petersburg-ru', 'St Petersburg'], ['moscow-ru', 'Moscow']] },
    // A list of cities is no city and its region: only a region that ends the phrase, or the city's own, qualifies.
    { texts: ['The firm has offices in Chicago, New York and London.'], expected: [['chicago-us', 'Chicago'], ['new-york-city-us', 'New York'], ['london-gb', 'London']] },
    { texts: ['Rallies were held in Abuja, Lagos and Kano.'], expected: [['abuja-ng', 'Abuja'], ['lagos-ng', 'Lagos'], ['kano-ng', 'Kano']] },
    // A region outranks a foreign town of its name; "of" after a word opening the sentence is no name.
    { texts: ['Flooding in Kent closed schools.'], expected: [['gb-ken', 'Kent']] },
    { texts: ['Residents of Lagos fled the rising water.'], expected: [['lagos-ng', 'Lagos']] },
    { texts: ['The Gulf of Aden and the Midlands were quiet.'], expected: [] },
    // Shouted headlines say nothing by their case.
    { texts: ['FLOODS HIT MANCHESTER AND LEEDS'], expected: [] },
  ])('$texts.0', ({ texts, expected }) => {
    expect(placesOf(texts)).toEqual(expected);
  });

  it.each([
    // The article's other places make "Georgia" the state and not the country.
    { texts: ['Georgia voters head to the polls in Atlanta.'], places: ['atlanta-us', 'us-ga'], countries: ['US'] },
    { texts: ['She grew up in Atlanta, Georgia.'], places: ['atlanta-us', 'us-ga'], countries: ['US'] },
    { texts: ['A woman from Georgia was detained in Tbilisi.'], places: ['tbilisi-ge'], countries: ['GE'] },
    // A capital's name for a city of the country the article is about: Tripoli in Lebanon, not the Libyan capital.
    { texts: ['Lebanon is unstable.', 'Tripoli was shelled overnight.'], p: 1, places: ['tripoli-lb'], countries: ['LB'] },
    { texts: ['Hurricane winds hit Florida.', 'Panama City residents fled.'], p: 1, places: ['panama-city-us'], countries: ['US'] },
    { texts: ['Ministers met in Tripoli.'], places: ['tripoli-ly'], countries: ['LY'] },
    // London, Ontario is not the capital of the United Kingdom.
    { texts: ['The company moved from London, Ontario.'], places: ['ca-on', 'london-ca'], countries: ['CA'] },
  ])('$texts.0 → $places, $countries', ({ texts, p = 0, places, countries }) => {
    const paragraph = tagParagraphs(...texts).paragraphs[p];
    expect(paragraph?.places).toEqual(places);
    expect(paragraph?.countries).toEqual(countries);
  });

  it('shows a place by its own name, not an old alias, and finds it by its other names', () => {
    const tags = tagParagraphs('Officials in Kiev and Bombay agreed.');
    expect(tags.entities.places['kyiv-ua']?.name).toBe('Kyiv');
    expect(tags.entities.places['mumbai-in']?.label).toBe('Mumbai, India');
    expect(tags.entities.places['kyiv-ua']?.names).toContain('Kiev');
    expect(tags.paragraphs[0]?.evidence.filter((entry) => entry.facet === 'country').map((entry) => entry.rule))
      .toEqual(['countries.json: capital', 'places: Mumbai is in India']);
    const bavaria = tagParagraphs('Snow fell across Bavaria.').entities.places['de-by'];
    expect(bavaria?.name).toBe('Bavaria');
  });

  it('rolls each place up to its country, with evidence for the country where no country word names it', () => {
    const tags = tagParagraphs('Flooding closed roads near Manchester and in Lyon.');
    const paragraph = tags.paragraphs[0];
    expect(paragraph?.countries).toEqual(['FR', 'GB']);
    expect(paragraph?.places).toEqual(['lyon-fr', 'manchester-gb']);
    expect(paragraph?.evidence.filter((entry) => entry.facet === 'country').map((entry) => [entry.value, entry.rule])).toEqual([
      ['GB', 'places: Manchester is in United Kingdom'],
      ['FR', 'places: Lyon is in France'],
    ]);
    expect(paragraph?.evidence.filter((entry) => entry.facet === 'place').map((entry) => entry.rule))
      .toEqual([expect.stringMatching(/^GeoNames city \(population [\d,]+\)$/), expect.stringMatching(/^GeoNames city/)]);
    expect(tags.entities.places['manchester-gb']).toMatchObject({
      id: 'manchester-gb', name: 'Manchester', label: 'Manchester, England, United Kingdom', kind: 'city', country: 'GB', region: 'GB-ENG',
    });
  });

  it('wants a locative word or its region for a small town: its country named elsewhere in the article is not enough', () => {
    expect(placesOf(['Floods hit southern Britain.', 'Tiverton volunteers filled sandbags.'], 1)).toEqual([]);
    expect(placesOf(['Floods hit southern Britain.', 'Volunteers in Tiverton filled sandbags.'], 1)).toEqual([['tiverton-gb', 'Tiverton']]);
    expect(placesOf(['Floods hit the south of England.', 'Tiverton volunteers filled sandbags.'], 1)).toEqual([['tiverton-gb', 'Tiverton']]);
  });
});

describe('cleanRegionName', () => {
  it.each([
    ['Guangdong Sheng', 'Guangdong'],
    ['Bristol, City of', 'Bristol'],
    ['Puducherry (Pondicherry)', 'Puducherry'],
    ['Region Nordjylland', 'Nordjylland'],
    ['Luhanska oblast', 'Luhanska'],
    ['Texas', 'Texas'],
  ])('%s → %s', (name, clean) => {
    expect(cleanRegionName(name, ['Sheng', 'oblast'], ['Region'])).toBe(clean);
  });
});

describe('the cities cache', () => {
  it('holds exactly the cities decoding the package gives above the floor', () => {
    const decoded = decodeCities(50_000);
    expect(decoded.length).toBeGreaterThan(5_000);
    expect(cachedCities(50_000)).toEqual(decoded.map(({ cityId, name, country, featureCode, adminCode, population }) => ({ cityId, name, country, featureCode, adminCode, population })));
  });
});
