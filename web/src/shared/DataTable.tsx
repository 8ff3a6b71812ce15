/**
 * A keyboard-navigable table for worklists: one row holds the focus (roving tabindex), the arrow
 * keys move it (Home/End: first/last), Enter opens the row. Rows are plain data; columns say how
 * to show each.
 */
import { type KeyboardEvent, type ReactNode, useRef, useState } from 'react';

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  caption: ReactNode;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  onOpen?: (row: T) => void;
  empty?: ReactNode;
  testId?: string;
}

export function DataTable<T>({ caption, columns, rows, rowKey, onOpen, empty, testId }: DataTableProps<T>) {
  const [focus, setFocus] = useState(0);
  const refs = useRef<Array<HTMLTableRowElement | null>>([]);
  const move = (i: number) => {
    const n = Math.max(0, Math.min(rows.length - 1, i));
    setFocus(n);
    refs.current[n]?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, i: number, row: T) => {
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Enter' && onOpen) onOpen(row);
    else return;
    e.preventDefault();
  };
  return (
    <table className="data-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={Math.max(1, columns.length)}>{empty}</td>
          </tr>
        ) : (
          rows.map((row, i) => (
            <tr
              key={rowKey(row)}
              ref={(el) => {
                refs.current[i] = el;
              }}
              tabIndex={i === Math.min(focus, rows.length - 1) ? 0 : -1}
              aria-selected={i === focus}
              onFocus={() => setFocus(i)}
              onKeyDown={(e) => onKey(e, i, row)}
              onDoubleClick={() => onOpen?.(row)}
              data-testid={testId ? `${testId}-row` : undefined}
            >
              {columns.map((c) => (
                <td key={c.key}>{c.cell(row)}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
