// Cursor paging for server-side lists: the server hands out a cursor to the next page; going back
// walks a stack of the cursors already used. Any change of filters starts again at the first page.

import { useCallback, useEffect, useRef, useState } from 'react';

export function useCursorPaging(resetKey: string) {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const last = useRef(resetKey);
  useEffect(() => {
    if (last.current !== resetKey) {
      last.current = resetKey;
      setStack([undefined]);
    }
  }, [resetKey]);
  const cursor = last.current === resetKey ? stack[stack.length - 1] : undefined;
  const pageNo = last.current === resetKey ? stack.length : 1;
  const next = useCallback((c: string) => setStack((s) => [...s, c]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const first = useCallback(() => setStack([undefined]), []);
  return { cursor, pageNo, next, prev, first };
}
