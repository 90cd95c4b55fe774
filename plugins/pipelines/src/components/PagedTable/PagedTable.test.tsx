import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PagedTable, type PagedTableColumn } from './PagedTable';

interface Row {
  id: string;
  name: string;
  size: number;
}

const rows: Row[] = Array.from({ length: 23 }, (_, i) => ({
  id: `r${i}`,
  name: `row ${String(i).padStart(2, '0')}`,
  size: (i * 7) % 23,
}));

const columns: PagedTableColumn<Row>[] = [
  { title: 'Name', field: 'name' },
  {
    title: 'Size',
    render: r => `${r.size} B`,
    compare: (a, b) => a.size - b.size,
  },
  { title: 'Note', render: r => `note of ${r.id}` },
];

function renderTable(options: {
  title: string;
  rows: Row[];
  pageSize: number;
  emptyContent?: string;
}) {
  return renderInTestApp(
    <PagedTable
      title={options.title}
      columns={columns}
      rows={options.rows}
      rowKey={r => r.id}
      pageSize={options.pageSize}
      emptyContent={options.emptyContent ?? 'none'}
    />,
  );
}

function shownNames() {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);
}

describe('PagedTable', () => {
  it('draws only the rows of the page and pages through the rest', async () => {
    await renderTable({ title: 'Things (23)', rows, pageSize: 10 });
    expect(screen.getByText('Things (23)')).toBeInTheDocument();
    expect(shownNames()).toHaveLength(10);
    expect(shownNames()[0]).toBe('row 00');
    expect(screen.getByText('1-10 of 23')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(shownNames()).toEqual(['row 20', 'row 21', 'row 22']);
  });

  it('sorts by a field or a comparison, both ways; a column with neither is not sortable', async () => {
    await renderTable({ title: 'Things', rows, pageSize: 5 });
    await userEvent.click(screen.getByRole('button', { name: 'Size' }));
    expect(
      screen
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual(['0 B', '1 B', '2 B', '3 B', '4 B']);
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    await userEvent.click(screen.getByRole('button', { name: 'Name' }));
    expect(shownNames()[0]).toBe('row 22');
    expect(screen.queryByRole('button', { name: 'Note' })).toBeNull();
  });

  it('shows the empty content and no pagination without rows', async () => {
    await renderTable({
      title: 'Things (0)',
      rows: [],
      pageSize: 5,
      emptyContent: 'Nothing yet.',
    });
    expect(screen.getByText('Nothing yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /next page/i })).toBeNull();
  });
});
