/**
 * A published report as the shared verifier (shared/reports/verify.ts) reads it, fetched by the
 * browser: the same checks as `npm run verify-report`, on the same bytes the portal serves.
 */
import { apiUrl, fetchReportFile } from '../api';
import type { ReportSource } from '../../../shared/reports/verify';

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function browserReportSource(fundId: string, date: string): ReportSource {
  return {
    label: `/reports/${fundId}/${date}/`,
    read: async (name) => {
      const response = await fetchReportFile(fundId, date, name);
      return response ? new Uint8Array(await response.arrayBuffer()) : null;
    },
    stream: async (name) => {
      const response = await fetchReportFile(fundId, date, name);
      return response?.body ? chunksOf(response.body) : null;
    },
    sibling: (other) => browserReportSource(fundId, other),
    keys: async () => {
      const response = await fetch(apiUrl('/v1/reports/keys.json'), { cache: 'no-cache' }).catch(() => null);
      return response?.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    },
  };
}
