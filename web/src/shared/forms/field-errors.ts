// Turns the API's field errors ("lines/0/qty") into Mantine form paths ("lines.0.qty") and splits off
// those no field on the form shows, so that every error lands somewhere a person will see it.
// Imports nothing: test/web/field-errors.test.ts checks it under Node.

export interface ApiFieldError {
  readonly field: string;
  readonly reason: string;
}

export function toFormPath(field: string): string {
  return field.replace(/^\/+/, '').split('/').join('.');
}

/** "lines/0/qty must be greater than zero" beside the qty field reads better as "must be greater than zero". */
export function shortReason(field: string, reason: string): string {
  const trimmed = reason.startsWith(field) ? reason.slice(field.length).replace(/^[\s:]+/, '') : reason;
  const text = trimmed || reason;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function splitFieldErrors(errors: readonly ApiFieldError[], knownPaths: (path: string) => boolean): { fields: Record<string, string>; other: string[] } {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const e of errors) {
    const path = toFormPath(e.field);
    if (knownPaths(path) && fields[path] === undefined) fields[path] = shortReason(e.field, e.reason);
    else other.push(e.reason.startsWith(e.field) ? e.reason : `${e.field}: ${e.reason}`);
  }
  return { fields, other };
}
