import { useEffect, useRef } from 'react';

/**
 * Calls `onChange` when `key` changes from one defined value to another (not for the first
 * value: whatever depends on it was requested with it).
 */
export function useOnChange(key: unknown, onChange: () => void): void {
  const previous = useRef<unknown>(undefined);
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (key === undefined) return;
    const before = previous.current;
    previous.current = key;
    if (before !== undefined && before !== key) callback.current();
  }, [key]);
}
