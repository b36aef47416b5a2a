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

  it.each([
    { env: {}, host: '127.0.0.1' },
    { env: { HOST: '' }, host: '127.0.0.1' },
    { env: { HOST: '0.0.0.0' }, host: '0.0.0.0' },
    { env: { HOST: '::' }, host: '::' },
  ])('listens on $host for $env', ({ env, host }) => {
    const config = readConfig(env);
    expect(config.ok && config.value.host).toBe(host);
  });

  it.each(['-1', '65536', 'abc', '80.5', '1e3x'])('refuses PORT=%s', (port) => {
    expect(readConfig({ PORT: port }).ok).toBe(false);
  });

  it.each([
    { facets: undefined, names: ['country', 'person', 'topic', 'place', 'source', 'year'] },
    { facets: '', names: ['country', 'person', 'topic', 'place', 'source', 'year'] },
    { facets: 'category', names: ['country', 'person', 'topic', 'place', 'source', 'year', 'category'] },
    { facets: ' category , desk_name ', names: ['country', 'person', 'topic', 'place', 'source', 'year', 'category', 'desk_name'] },
  ])('DOSSIER_FACETS=$facets gives the facets $names', ({ facets, names }) => {
    const config = readConfig(facets === undefined ? {} : { DOSSIER_FACETS: facets });
    expect(config.ok && config.value.schema.facetNames).toEqual(names);
  });

  it.each(['country', 'q', 'page', 'Category', '1st', 'a-b', 'text', 'a,a', 'a,b,c,d,e,f,g,h,i,j,k'])('refuses DOSSIER_FACETS=%s, naming it', (facets) => {
    const config = readConfig({ DOSSIER_FACETS: facets });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.message).toMatch(/^DOSSIER_FACETS: /);
  });

  it.each([
    { value: undefined, publicUrl: null },
    { value: '', publicUrl: null },
    { value: 'https://dossier.example', publicUrl: 'https://dossier.example' },
    { value: 'https://dossier.example/', publicUrl: 'https://dossier.example' },
    { value: 'HTTP://Dossier.Example:8080//', publicUrl: 'http://dossier.example:8080' },
    { value: 'https://news.example/archive/dossier/', publicUrl: 'https://news.example/archive/dossier' },
    { value: 'http://[::1]:3000', publicUrl: 'http://[::1]:3000' },
  ])('DOSSIER_PUBLIC_URL=$value gives the public URL $publicUrl', ({ value, publicUrl }) => {
    const config = readConfig(value === undefined ? {} : { DOSSIER_PUBLIC_URL: value });
    expect(config.ok && config.value.publicUrl).toBe(publicUrl);
  });

  it.each([
    'dossier.example', '/doc', 'ftp://dossier.example', 'javascript:alert(1)', 'http:dossier.example', 'https://',
    'https:///path', ' https://dossier.example', 'https://dossier example', 'https://user:secret@dossier.example',
    'https://dossier.example/?a=1', 'https://dossier.example/#top', 'https://dossier.example:99999',
  ])('refuses DOSSIER_PUBLIC_URL=%j, naming it', (value) => {
    const config = readConfig({ DOSSIER_PUBLIC_URL: value });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.message).toMatch(/^DOSSIER_PUBLIC_URL /);
  });
});
