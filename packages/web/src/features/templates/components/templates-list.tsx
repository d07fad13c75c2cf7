import { odooEditions, templateSorts, type TemplateSort } from '@ocore/core';
import { ListFilter } from '../../../components/list-controls';
import { PagedList } from '../../../components/paged-list';
import { useListParams } from '../../../lib/use-list-params';
import { useTemplatePages } from '../api/use-templates';
import { TemplatesTable } from './templates-table';

const editionNames = { ce: 'Community', ee: 'Enterprise' } as const;

/** The templates, searched by name and description, filtered by edition, sortable and paged; the state is in the URL. */
export function TemplatesList({ canManage }: { canManage: boolean }) {
  const params = useListParams<TemplateSort>(templateSorts, ['odooEdition']);
  const edition = odooEditions.find((e) => e === params.filters['odooEdition']);
  const templates = useTemplatePages({ ...params.input, odooEdition: edition });
  return (
    <PagedList
      title="Templates"
      what="templates"
      params={params}
      query={templates}
      filters={
        <ListFilter
          label="Filter by edition"
          name="odooEdition"
          any="Any edition"
          value={edition}
          options={odooEditions.map((e) => ({ value: e, label: editionNames[e] }))}
          onChange={params.setFilter}
        />
      }
    >
      {(rows, empty) => (
        <TemplatesTable templates={rows} canManage={canManage} sorting={params.sorting} empty={empty} />
      )}
    </PagedList>
  );
}
