/**
 * Open data: a fund's totals, per ward and per day, for anyone to read and reuse, in JSON and in
 * CSV. Public, cacheable, and readable from any web page (`Access-Control-Allow-Origin: *`; the
 * edge sets it on `/v1/open-data/*` too). The nightly IATI and 360Giving files are in the reports.
 */
import { FundParams } from '../schemas/common';
import { FundDayTotals, FundWardTotals } from '../schemas/funds';
import { OpenDataDaysQuery, OpenDataQuery, OpenFundTotals } from '../schemas/open-data';
import { PUBLIC, route, type RouteArea, type RouteDef, type RouteSchemas, type RouteTag } from './route';

export const OPEN_DATA_TAG: RouteTag = {
  name: 'OpenData',
  description: 'Dữ liệu mở: số liệu của quỹ theo quỹ, xã phường và ngày, JSON hoặc CSV / Open data: totals per fund, ward and day, in JSON or CSV',
};
const tag = OPEN_DATA_TAG.name;
/** Every open-data route is under this path: the edge gives it open CORS. */
export const OPEN_DATA_PATH = '/v1/open-data/';
/** A minute fresh, five more stale while it refreshes: the totals move by the second, readers need not. */
const CACHE = 'public, max-age=60, stale-while-revalidate=300';
const CORS = { 'access-control-allow-origin': 'Always `*`: any web page may read open data' };

/** An open-data read: public, cached, CSV on request, readable from any origin. */
function openDataRoute<S extends RouteSchemas>(definition: Pick<RouteDef<S>, 'id' | 'path' | 'entry' | 'summary' | 'schemas'>): RouteDef<S> {
  return route({ ...definition, method: 'GET', access: PUBLIC, tag, cache: CACHE, csv: true, openCors: true, responseHeaders: CORS });
}

export const GetOpenFundTotals = openDataRoute({
  id: 'GetOpenFundTotals',
  path: `${OPEN_DATA_PATH}funds/{fundId}/totals`,
  entry: 'functions/open-data/totals.ts',
  summary: { vi: 'Số liệu tổng của quỹ (JSON hoặc CSV)', en: 'A fund’s totals (JSON or CSV)' },
  schemas: { params: FundParams, query: OpenDataQuery, response: OpenFundTotals },
});

export const ListOpenWardTotals = openDataRoute({
  id: 'ListOpenWardTotals',
  path: `${OPEN_DATA_PATH}funds/{fundId}/wards`,
  entry: 'functions/open-data/wards.ts',
  summary: { vi: 'Số liệu của quỹ theo xã, phường (JSON hoặc CSV)', en: 'A fund’s totals per ward and commune (JSON or CSV)' },
  schemas: { params: FundParams, query: OpenDataQuery, response: FundWardTotals },
});

export const ListOpenDayTotals = openDataRoute({
  id: 'ListOpenDayTotals',
  path: `${OPEN_DATA_PATH}funds/{fundId}/days`,
  entry: 'functions/open-data/days.ts',
  summary: { vi: 'Số liệu của quỹ theo ngày (JSON hoặc CSV)', en: 'A fund’s totals per day, Vietnam time (JSON or CSV)' },
  schemas: { params: FundParams, query: OpenDataDaysQuery, response: FundDayTotals },
});

export const openDataArea: RouteArea = {
  tag: OPEN_DATA_TAG,
  routes: [GetOpenFundTotals, ListOpenWardTotals, ListOpenDayTotals],
};
