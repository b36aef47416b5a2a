import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

/** The server's environment contract for the robustness features: watching, the admin token, the port. */

describe('readConfig', () => {
  it.each([
    { env: {}, watch: true },
    { env: { CI: 'true' }, watch: false },
    { env: { DOSSIER_WATCH: '0' }, watch: false },
    { env: { DOSSIER_WATCH: '1' }, watch: true },
    // An explicit DOSSIER_WATCH=1 asks for watching; CI=true only changes the default.
    { env: { DOSSIER_WATCH: '1', CI: 'true' }, watch: true },
    { env: { DOSSIER_WATCH: '0', CI: 'true' }, watch: false },
  ])('watch is $watch for $env', ({ env, watch }) => {
    const config = readConfig(env);
    expect(config.ok && config.value.watch).toBe(watch);
  });

  it.each([
    { env: {}, adminToken: null },
    { env: { DOSSIER_ADMIN_TOKEN: '' }, adminToken: null },
    { env: { DOSSIER_ADMIN_TOKEN: 'abc' }, adminToken: 'abc' },
  ])('admin token is $adminToken for $env', ({ env, adminToken }) => {
    const config = readConfig(env);
    expect(config.ok && config.value.adminToken).toBe(adminToken);
  });

  it.each(['-1', '65536', 'abc', '80.5', '1e3x'])('refuses PORT=%s', (port) => {
    expect(readConfig({ PORT: port }).ok).toBe(false);
  });

  it.each([
    { facets: undefined, names: ['country', 'person', 'topic', 'source', 'year'] },
    { facets: '', names: ['country', 'person', 'topic', 'source', 'year'] },
    { facets: 'category', names: ['country', 'person', 'topic', 'source', 'year', 'category'] },
    { facets: ' category , desk_name ', names: ['country', 'person', 'topic', 'source', 'year', 'category', 'desk_name'] },
  ])('DOSSIER_FACETS=$facets gives the facets $names', ({ facets, names }) => {
    const config = readConfig(facets === undefined ? {} : { DOSSIER_FACETS: facets });
    expect(config.ok && config.value.schema.facetNames).toEqual(names);
  });

  it.each(['country', 'q', 'page', 'Category', '1st', 'a-b', 'text', 'a,a', 'a,b,c,d,e,f,g,h,i,j,k'])('refuses DOSSIER_FACETS=%s, naming it', (facets) => {
    const config = readConfig({ DOSSIER_FACETS: facets });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.message).toMatch(/^DOSSIER_FACETS: /);
  });
});
