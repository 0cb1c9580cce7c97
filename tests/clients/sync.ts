// A ministry system's nightly figures upload, written against the TypeScript client generated from
// openapi/openapi.json: openapi-typescript's types (generated/schema.d.ts, made by
// scripts/clients.sh) with openapi-fetch. The type check is part of the test: a contract change
// that breaks this script fails `make test` before it runs. tests/api/clients.rs runs it against a
// real server.
//
// It signs in with an API key, imports two figures as JSON and one as CSV through the typed client,
// and reads the figures back. Environment: RESTRACK_SERVER, RESTRACK_KEY, RESTRACK_INDICATOR,
// RESTRACK_AGENCY, RESTRACK_PERIODS (three, comma-separated). Prints one JSON object.

import createClient from 'openapi-fetch';

import type { components, paths } from './generated/schema.js';

type ImportResult = components['schemas']['ImportResult'];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function fail(what: string): never {
  console.error(`FAIL: ${what}`);
  process.exit(1);
}

const indicator = env('RESTRACK_INDICATOR');
const agency = env('RESTRACK_AGENCY');
const [first, second, third] = env('RESTRACK_PERIODS').split(',');
if (!first || !second || !third) fail('RESTRACK_PERIODS needs three periods');

const client = createClient<paths>({
  baseUrl: env('RESTRACK_SERVER'),
  headers: { Authorization: `Bearer ${env('RESTRACK_KEY')}` },
});

const who = await client.GET('/api/v1/me');
if (!who.data) fail(`GET /me answered ${who.response.status}`);

const rows = [
  { indicator_code: indicator, agency_code: agency, period: first, value: '51.5' },
  { indicator_code: indicator, agency_code: agency, period: second, value: '52' },
];
const json = await client.POST('/api/v1/imports/{kind}', {
  params: {
    path: { kind: 'indicator-values' },
    query: { submit: true },
    header: { 'Idempotency-Key': `ts-json-${first}` },
  },
  body: rows,
});
if (json.data?.status !== 'applied') fail(`the JSON import answered ${json.response.status}`);

// The same operation with its text/csv body: the body goes as it is.
const csv = `indicator_code,agency_code,period,value\n${indicator},${agency},${third},53.25\n`;
const fromCsv = await client.POST('/api/v1/imports/{kind}', {
  params: {
    path: { kind: 'indicator-values' },
    query: { submit: true },
    header: { 'Idempotency-Key': `ts-csv-${third}` },
  },
  body: csv as unknown as Record<string, never>[],
  bodySerializer: (body) => body as unknown as string,
  headers: { 'Content-Type': 'text/csv' },
});
const csvResult: ImportResult | undefined = fromCsv.data;
if (csvResult?.status !== 'applied') fail(`the CSV import answered ${fromCsv.response.status}`);

const found = await client.GET('/api/v1/indicators', { params: { query: { q: indicator } } });
const ids = (found.data?.items ?? []).filter((i) => i.code === indicator).map((i) => i.id);
const id = ids[0];
if (ids.length !== 1 || !id) fail(`expected one indicator ${indicator}, found ${ids.length}`);
const values = await client.GET('/api/v1/indicators/{id}/values', {
  params: { path: { id }, query: { agency_id: who.data.agency.id, limit: 50 } },
});
if (!values.data) fail(`GET /indicators/{id}/values answered ${values.response.status}`);
const figures = values.data.items
  .map((v) => [v.period, String(v.value), v.status])
  .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
console.log(
  JSON.stringify({
    agency: who.data.agency.code,
    figures,
    imports: [json.data.counts.created, csvResult.counts.created],
  }),
);
