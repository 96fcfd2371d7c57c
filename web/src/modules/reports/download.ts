// Downloads a file the API streams (CSV, PDF): fetched with the session cookie, so that a problem
// answer (a bad filter) is shown as an error instead of being saved as a file; then handed to the
// browser as a download under the name the server gives.

import { ApiError, buildUrl } from '../../shared/api/client';
import type { EndpointName } from '../../shared/api/endpoints';

export async function downloadFile(name: EndpointName, opts: { params?: Record<string, string | number>; query?: Record<string, string | number | boolean | null | undefined>; fallbackName: string }): Promise<{ contentType: string; filename: string; size: number }> {
  const url = buildUrl(name, opts.params, opts.query);
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: '*/*' } });
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let code = `http_${res.status}`;
    try {
      const p = (await res.json()) as { detail?: string; code?: string };
      detail = p.detail ?? detail;
      code = p.code ?? code;
    } catch {
      // not a problem document
    }
    throw new ApiError({ type: 'about:blank', title: 'Download failed', status: res.status, detail, code, errors: [] });
  }
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? opts.fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { contentType: res.headers.get('content-type') ?? blob.type, filename, size: blob.size };
}
