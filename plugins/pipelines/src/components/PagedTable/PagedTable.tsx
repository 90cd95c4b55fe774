import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useMemo, useState, type ReactNode } from 'react';
import { SideScroll } from '../SideScroll';
import { useLayout } from '../layout';

/**
 * Backstage's theme breaks table cells' words anywhere (`word-break: break-word`), which lets the
 * table squeeze its columns until words are cut mid-word ("Amazo|n Inspect|or", "C|on|so|le" at
 * 1024 px). Words stay whole here; the table scrolls sideways in its container when it must,
 * which says so ({@link SideScroll}).
 * Identifiers (ARNs, digests) may break anywhere: their column says so.
 */
const useStyles = makeStyles({
  cell: { wordBreak: 'normal', overflowWrap: 'break-word' },
  identifier: {
    wordBreak: 'normal',
    overflowWrap: 'anywhere',
    minWidth: '12rem',
  },
});

/** One column of a {@link PagedTable}. */
export interface PagedTableColumn<T> {
  title: string;
  /** What the cell shows; without it, the text of `field`. */
  render?: (row: T) => ReactNode;
  /** The row's property the column shows and sorts by. */
  field?: keyof T & string;
  /** Sort order of two rows; without it, `field` compared as text. No field and no sort: not sortable. */
  compare?: (a: T, b: T) => number;
  /** The column holds identifiers (ARNs, digests) that may be broken anywhere to fit. */
  identifier?: boolean;
}

type Order = 'asc' | 'desc';

function compareBy<T>(column: PagedTableColumn<T>) {
  if (column.compare) return column.compare;
  const field = column.field;
  if (!field) return undefined;
  return (a: T, b: T) =>
    String(a[field] ?? '').localeCompare(String(b[field] ?? ''));
}

/**
 * A plain MUI table with a title, sortable columns and its own pagination: only the rows of the
 * page are in the DOM. It replaces Backstage's `Table` (material-table) on the Pipelines tab,
 * whose mount measured the page (a forced synchronous layout per table) and drew many more
 * elements per row; the tab benchmark's profile put it among the largest costs of the switch.
 */
export function PagedTable<T>(props: {
  title: string;
  columns: PagedTableColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  pageSize: number;
  emptyContent: ReactNode;
  'aria-label'?: string;
}) {
  const { columns, rows, pageSize } = props;
  const classes = useStyles();
  const layout = useLayout();
  const [sort, setSort] = useState<{ column: number; order: Order }>();
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => {
    const compare = sort ? compareBy(columns[sort.column]) : undefined;
    if (!sort || !compare) return rows;
    const sign = sort.order === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(a, b));
  }, [rows, columns, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  // A filter that shortens the list brings the page back into range.
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * pageSize, (current + 1) * pageSize);

  return (
    <div>
      <div className={layout.tableTitle}>
        <Typography variant="h6" component="h3">
          {props.title}
        </Typography>
      </div>
      <SideScroll label={props['aria-label'] ?? props.title}>
        <Table size="small" aria-label={props['aria-label'] ?? props.title}>
          <TableHead>
            <TableRow>
              {columns.map((column, i) => {
                const sortable = compareBy(column) !== undefined;
                const active = sort?.column === i;
                return (
                  <TableCell
                    key={column.title}
                    className={classes.cell}
                    sortDirection={active ? sort!.order : false}
                  >
                    {sortable ? (
                      <TableSortLabel
                        active={active}
                        direction={active ? sort!.order : 'asc'}
                        onClick={() =>
                          setSort({
                            column: i,
                            order:
                              active && sort!.order === 'asc' ? 'desc' : 'asc',
                          })
                        }
                      >
                        {column.title}
                      </TableSortLabel>
                    ) : (
                      column.title
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map(row => (
              <TableRow key={props.rowKey(row)}>
                {columns.map(column => (
                  <TableCell
                    key={column.title}
                    className={
                      column.identifier ? classes.identifier : classes.cell
                    }
                  >
                    {column.render
                      ? column.render(row)
                      : String(
                          (column.field ? row[column.field] : undefined) ?? '',
                        )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {shown.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length}>
                  {props.emptyContent}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </SideScroll>
      {sorted.length > pageSize && (
        <TablePagination
          component="div"
          count={sorted.length}
          page={current}
          rowsPerPage={pageSize}
          rowsPerPageOptions={[pageSize]}
          onPageChange={(_event, next) => setPage(next)}
        />
      )}
    </div>
  );
}
