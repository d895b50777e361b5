/** Sends a statement file to the API with upload progress. */
import { apiUrl, ApiError, type ProblemDetails } from '../api';
import type { StatementView } from '../types';

/** `POST /v1/statements?fundId=&fileName=[&accountNumber=]` with the file as the body; XMLHttpRequest, since fetch cannot report upload progress. */
export function sendFile(token: string, fundId: string, file: File, idempotencyKey: string, onProgress: (fraction: number) => void, accountNumber?: string): Promise<StatementView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(`/v1/statements?${new URLSearchParams({ fundId, fileName: file.name, ...(accountNumber ? { accountNumber } : {}) })}`));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('idempotency-key', idempotencyKey);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        body = { title: xhr.responseText.slice(0, 200) };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as StatementView);
      else {
        const retry = Number(xhr.getResponseHeader('retry-after'));
        reject(new ApiError(xhr.status, body as ProblemDetails, Number.isFinite(retry) && retry > 0 ? retry : undefined));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error' }));
    xhr.send(file);
  });
}
