import type { BrandingField } from '@ocore/core';
import { Field, TextAreaField } from '../../../components/field';
import type { BrandingDraft } from '../utils/branding-draft';
import { ColorField } from './color-field';

export interface BrandingFieldsProps {
  draft: BrandingDraft;
  onChange: (field: BrandingField, value: string) => void;
  /** The server's message per field. */
  errors: Partial<Record<string, string>>;
}

const urlHint = 'An https:// address. Leave empty for none.';

/** The nine branding inputs, each showing its value from the draft and the server's error. */
export function BrandingFields({ draft, onChange, errors }: BrandingFieldsProps) {
  const input = (field: BrandingField) => ({
    name: field,
    value: draft[field],
    error: errors[field],
    onChange: (event: { target: { value: string } }) => onChange(field, event.target.value),
  });
  const color = (field: 'primaryColor' | 'accentColor') => ({
    name: field,
    value: draft[field],
    error: errors[field],
    onChange: (value: string) => onChange(field, value),
  });

  return (
    <>
      <div className="form-row form-row-even">
        <ColorField label="Primary color" hint="Buttons and the portal name." {...color('primaryColor')} />
        <ColorField label="Accent color" hint="Highlights and the current page." {...color('accentColor')} />
      </div>
      <Field
        label="Logo URL"
        type="url"
        inputMode="url"
        placeholder="https://cdn.example.com/logo.svg"
        hint={urlHint}
        {...input('logoUrl')}
      />
      <Field
        label="Favicon URL"
        type="url"
        inputMode="url"
        placeholder="https://cdn.example.com/favicon.ico"
        hint={urlHint}
        {...input('faviconUrl')}
      />
      <Field
        label="Login background URL"
        type="url"
        inputMode="url"
        placeholder="https://cdn.example.com/login.jpg"
        hint="An https:// image behind the sign-in page. Leave empty for none."
        {...input('loginBgUrl')}
      />
      <Field
        label="Font family"
        placeholder={'Inter, "Open Sans", sans-serif'}
        hint="Font names separated by commas, ending with a generic family such as sans-serif."
        {...input('fontFamily')}
      />
      <Field
        label="From email"
        type="email"
        autoComplete="off"
        placeholder="support@agency.example"
        hint="The sender of the portal's emails."
        {...input('fromEmail')}
      />
      <Field
        label="Footer text"
        placeholder="Hosted by Agency Inc."
        hint="Plain text at the bottom of every portal page."
        {...input('footerText')}
      />
      <TextAreaField
        label="Custom CSS"
        rows={8}
        spellCheck={false}
        autoCapitalize="none"
        className="code-input"
        placeholder=".portal-header { border-bottom: 3px solid var(--brand-accent); }"
        hint={
          <>
            Added to every portal page after the brand variables. Style <code>.portal-header</code>,{' '}
            <code>.portal-nav</code>, <code>.portal-footer</code> or <code>.btn-primary</code>. Imports, scripts and
            non-https URLs are removed when saved.
          </>
        }
        {...input('customCss')}
      />
    </>
  );
}
