import { brandingFields, type Branding, type BrandingField } from '@ocore/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../../../components/alert';
import { Button } from '../../../components/button';
import { useToast } from '../../../components/toast';
import { toFormErrors } from '../../../lib/errors';
import { useTRPC } from '../../../lib/trpc';
import { changesOf, draftOf, type BrandingDraft } from '../utils/branding-draft';
import { BrandingFields } from './branding-fields';
import { BrandingPreview } from './branding-preview';
import { BrandingResult } from './branding-result';

export interface BrandingFormProps {
  branding: Branding;
  readOnly: boolean;
}

/** The branding fields beside a live preview of the portal; saving sends only what changed. */
export function BrandingForm({ branding, readOnly }: BrandingFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const [draft, setDraft] = useState<BrandingDraft>(() => draftOf(branding));
  const update = useMutation(
    trpc.agency.updateBranding.mutationOptions({
      onSuccess: async (result) => {
        notify('Branding saved.');
        // The stored custom CSS is the sanitized one: the form shows what portals get.
        setDraft(draftOf(result));
        queryClient.setQueryData(trpc.agency.getBranding.queryKey(), result);
        await queryClient.invalidateQueries({ queryKey: trpc.portal.context.queryKey() });
      },
    }),
  );
  const errors = toFormErrors(update.error, brandingFields);
  const change = (field: BrandingField, value: string) => setDraft((d) => ({ ...d, [field]: value }));

  return (
    <div className="branding-layout">
      <form
        className="branding-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate(changesOf(branding, draft));
        }}
      >
        <fieldset className="plain-fieldset form" disabled={readOnly}>
          <BrandingFields draft={draft} onChange={change} errors={errors.fields} />
          {/* Beside the button that saved: what the server said about the colors and the CSS. */}
          {update.isSuccess ? <BrandingResult result={update.data} /> : null}
          <FormError message={errors.general} />
          {readOnly ? null : (
            <div className="form-actions">
              <Button type="submit" pending={update.isPending} pendingLabel="Saving…">
                Save branding
              </Button>
            </div>
          )}
        </fieldset>
      </form>
      <BrandingPreview draft={draft} />
    </div>
  );
}
