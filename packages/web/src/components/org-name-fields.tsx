import { Field } from './field';

/** The name and optional slug of a new organization (also a client): the same rules for both. */
export function OrgNameFields({
  nameLabel,
  errors,
}: {
  nameLabel: string;
  errors: Record<string, string | undefined>;
}) {
  return (
    <>
      <Field
        label={nameLabel}
        name="name"
        required
        placeholder="Acme Corp"
        hint="2-100 characters."
        error={errors['name']}
      />
      <Field
        label="Slug (optional)"
        name="slug"
        autoCapitalize="none"
        spellCheck={false}
        placeholder="acme-corp"
        hint="3-50 lowercase letters, digits and hyphens. Leave empty to make one from the name."
        error={errors['slug']}
      />
    </>
  );
}

/** The create input from the form's values: an empty slug means "make one from the name". */
export function orgNameInput(values: { name: string; slug: string }): { name: string; slug?: string } {
  const slug = values.slug.trim();
  return { name: values.name, ...(slug ? { slug } : {}) };
}
