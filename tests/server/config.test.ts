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

  const PRIMARY = 'postgresql://dossier@db.example:5432/dossier';

  it.each([
    { env: {}, backend: 'embedded', database: null },
    { env: { DOSSIER_BACKEND: '' }, backend: 'embedded', database: null },
    // The database settings mean nothing to the embedded backend: they are not read.
    { env: { DOSSIER_BACKEND: 'embedded', DATABASE_URL: 'nonsense' }, backend: 'embedded', database: null },
    {
      env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY }, backend: 'postgres',
      database: { primaryUrl: PRIMARY, replicaUrls: [], statementTimeoutMs: 1000, maxConnections: 10 },
    },
    {
      env: {
        DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: ' postgres://r1/dossier, postgresql://r2:5433/dossier ,',
        DOSSIER_DB_STATEMENT_TIMEOUT_MS: '250', DOSSIER_DB_MAX_CONNECTIONS: '4',
      },
      backend: 'postgres',
      database: { primaryUrl: PRIMARY, replicaUrls: ['postgres://r1/dossier', 'postgresql://r2:5433/dossier'], statementTimeoutMs: 250, maxConnections: 4 },
    },
  ])('DOSSIER_BACKEND for $env is $backend', ({ env, backend, database }) => {
    const config = readConfig(env);
    expect(config.ok && { backend: config.value.backend, database: config.value.database }).toEqual({ backend, database });
  });

  it.each([
    { env: { DOSSIER_BACKEND: 'sqlite' }, names: 'DOSSIER_BACKEND' },
    { env: { DOSSIER_BACKEND: 'Postgres', DATABASE_URL: PRIMARY }, names: 'DOSSIER_BACKEND' },
    { env: { DOSSIER_BACKEND: 'postgres' }, names: 'DATABASE_URL' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: 'mysql://db/dossier' }, names: 'DATABASE_URL' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: 'postgresql://r1/d,r2' }, names: 'DATABASE_REPLICA_URLS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_STATEMENT_TIMEOUT_MS: '0' }, names: 'DOSSIER_DB_STATEMENT_TIMEOUT_MS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_STATEMENT_TIMEOUT_MS: '1.5' }, names: 'DOSSIER_DB_STATEMENT_TIMEOUT_MS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_STATEMENT_TIMEOUT_MS: '1s' }, names: 'DOSSIER_DB_STATEMENT_TIMEOUT_MS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_MAX_CONNECTIONS: '0' }, names: 'DOSSIER_DB_MAX_CONNECTIONS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_MAX_CONNECTIONS: '-3' }, names: 'DOSSIER_DB_MAX_CONNECTIONS' },
    { env: { DOSSIER_BACKEND: 'postgres', DATABASE_URL: PRIMARY, DOSSIER_DB_MAX_CONNECTIONS: '5000' }, names: 'DOSSIER_DB_MAX_CONNECTIONS' },
  ])('refuses $env, naming $names', ({ env, names }) => {
    const config = readConfig(env);
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.message.startsWith(`${names} `)).toBe(true);
  });
});
