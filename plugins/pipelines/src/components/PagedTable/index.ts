export { PagedTable } from './PagedTable';
export type { PagedTableColumn } from './PagedTable';
