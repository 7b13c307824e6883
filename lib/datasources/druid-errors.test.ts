import { describe, expect, it } from 'vitest';
import { druidHttpError, isRetryableStatus, parseErrorBody } from './druid-errors';

const WHERE = 'Druid at druid:8888';

/** One body per error class, in the shapes Druid writes them (modern, legacy-wrapped, pre-27, HTML). */
const CASES: Array<{
  name: string;
  status: number;
  body: string;
  expect: { status: number; code: string; text: RegExp[] };
}> = [
  {
    name: 'modern validation error (verified)',
    status: 400,
    body: '{"error":"druidException","errorCode":"invalidInput","persona":"USER","category":"INVALID_INPUT","errorMessage":"Object \'nope\' not found (line [1], column [15])","context":{"sourceType":"sql","line":"1","column":"15","endLine":"1","endColumn":"18"}}',
    expect: {
      status: 400,
      code: 'query_failed',
      text: [/rejected the query/, /HTTP 400 INVALID_INPUT/, /Object 'nope' not found/],
    },
  },
  {
    name: 'pre-27 parse error (four keys)',
    status: 400,
    body: '{"error":"SQL parse failed","errorMessage":"Encountered \\"FROM\\" at line 1, column 8.","errorClass":"org.apache.calcite.sql.parser.SqlParseException","host":null}',
    expect: { status: 400, code: 'query_failed', text: [/INVALID_INPUT/, /Encountered "FROM"/] },
  },
  {
    name: '401 as a Jetty HTML page',
    status: 401,
    body: '<html><head><title>Error 401 Unauthorized</title></head><body><h2>HTTP ERROR 401 Unauthorized</h2></body></html>',
    expect: {
      status: 502,
      code: 'datasource_auth',
      text: [/refused the credentials/, /HTTP 401 UNAUTHORIZED\): Error 401 Unauthorized$/],
    },
  },
  {
    name: '403 JSON',
    status: 403,
    body: '{"error":"druidException","errorCode":"forbidden","persona":"USER","category":"FORBIDDEN","errorMessage":"Allowed:false, Message:","context":{}}',
    expect: { status: 502, code: 'datasource_auth', text: [/READ permission/, /HTTP 403 FORBIDDEN/] },
  },
  {
    name: '404 from a URL that is not a Router or Broker',
    status: 404,
    body: '<html><head><title>Error 404 Not Found</title></head><body>HTTP ERROR 404</body></html>',
    expect: {
      status: 502,
      code: 'datasource_unreachable',
      text: [
        /has no SQL endpoint at this URL; point the datasource at a Druid Router or Broker \(HTTP 404 NOT_FOUND\)/,
      ],
    },
  },
  {
    name: '429 capacity (legacy-wrapped)',
    status: 429,
    body: '{"error":"Query capacity exceeded","errorClass":"org.apache.druid.query.QueryCapacityExceededException","host":null,"errorCode":"legacyQueryException","persona":"OPERATOR","category":"CAPACITY_EXCEEDED","errorMessage":"Total query capacity exceeded","context":{"errorClass":"org.apache.druid.query.QueryCapacityExceededException","legacyErrorCode":"Query capacity exceeded"}}',
    expect: {
      status: 503,
      code: 'datasource_busy',
      text: [/query capacity/, /HTTP 429 CAPACITY_EXCEEDED/, /Total query capacity exceeded/],
    },
  },
  {
    name: '500 runtime failure (verified / by zero)',
    status: 500,
    body: '{"error":"druidException","errorCode":"general","persona":"ADMIN","category":"UNCATEGORIZED","errorMessage":"/ by zero","context":{}}',
    expect: {
      status: 502,
      code: 'query_failed',
      text: [/failed while running/, /HTTP 500 UNCATEGORIZED/, /\/ by zero/],
    },
  },
  {
    name: '500 cancelled',
    status: 500,
    body: '{"error":"Query cancelled","errorClass":"org.apache.druid.query.QueryInterruptedException","host":null,"errorCode":"legacyQueryException","persona":"OPERATOR","category":"CANCELED","errorMessage":"Query [abc] cancelled","context":{}}',
    expect: { status: 502, code: 'query_cancelled', text: [/cancelled the query/, /CANCELED/] },
  },
  {
    name: '501 unsupported',
    status: 501,
    body: '{"error":"Unsupported operation","errorMessage":"Cannot build plan for query","errorClass":"org.apache.druid.query.QueryUnsupportedException","host":null}',
    expect: {
      status: 400,
      code: 'unsupported',
      text: [/does not support/, /HTTP 501 UNSUPPORTED/, /Cannot build plan/],
    },
  },
  {
    name: '503 unavailable',
    status: 503,
    body: '{"error":"druidException","errorCode":"serviceUnavailable","persona":"OPERATOR","category":"SERVICE_UNAVAILABLE","errorMessage":"No brokers available","context":{}}',
    expect: { status: 503, code: 'datasource_busy', text: [/unavailable/, /No brokers available/] },
  },
  {
    name: '504 timeout (verified, legacy-wrapped)',
    status: 504,
    body: '{"error":"Query timeout","errorClass":"org.apache.druid.query.QueryTimeoutException","host":"172.18.0.5:8083","errorCode":"legacyQueryException","persona":"OPERATOR","category":"TIMEOUT","errorMessage":"url[http://172.18.0.5:8083/druid/v2/] timed out","context":{"host":"172.18.0.5:8083","errorClass":"org.apache.druid.query.QueryTimeoutException","legacyErrorCode":"Query timeout"}}',
    expect: { status: 504, code: 'timeout', text: [/timed the query out/, /HTTP 504 TIMEOUT/, /timed out/] },
  },
  {
    name: '502 from a proxy, HTML',
    status: 502,
    body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    expect: {
      status: 502,
      code: 'datasource_unreachable',
      text: [/HTTP 502 without a Druid error body \(502 Bad Gateway\)/, /proxy/],
    },
  },
  {
    name: 'empty body',
    status: 500,
    body: '',
    expect: { status: 502, code: 'datasource_unreachable', text: [/HTTP 500 without a Druid error body;/] },
  },
];

describe('druidHttpError', () => {
  it.each(CASES)('$name', ({ status, body, expect: want }) => {
    const err = druidHttpError(status, body, WHERE);
    expect(err.status).toBe(want.status);
    expect(err.code).toBe(want.code);
    expect(err.message.startsWith(WHERE)).toBe(true);
    for (const re of want.text) expect(err.message).toMatch(re);
    expect(err.message).not.toMatch(/druidException/);
  });

  it('classifies a legacy body without category by its error code, then by status', () => {
    expect(druidHttpError(500, '{"error":"Query timeout","errorMessage":"slow"}', WHERE).code).toBe('timeout');
    expect(druidHttpError(429, '{"error":"something new","errorMessage":"busy"}', WHERE).code).toBe('datasource_busy');
  });
});

describe('parseErrorBody', () => {
  it('accepts envelopes and rejects other JSON, HTML and nothing', () => {
    expect(parseErrorBody('{"error":"x"}')).toEqual({ error: 'x' });
    expect(parseErrorBody('[1]')).toBeUndefined();
    expect(parseErrorBody('<html></html>')).toBeUndefined();
    expect(parseErrorBody('')).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries capacity and unavailability only', () => {
    expect([400, 401, 403, 429, 500, 501, 503, 504].filter(isRetryableStatus)).toEqual([429, 503]);
  });
});
