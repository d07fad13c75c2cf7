import type { RouterOutputs } from '@ocore/server';
import { Alert } from '../../../components/alert';

type BrandingUpdateResult = RouterOutputs['agency']['updateBranding'];

const fieldNames: Partial<Record<string, string>> = { primaryColor: 'Primary color', accentColor: 'Accent color' };

/** What the server said about a save: the contrast warnings, and what it removed from the custom CSS. */
export function BrandingResult({ result }: { result: BrandingUpdateResult }) {
  return (
    <>
      {result.warnings.length > 0 ? (
        <Alert tone="warning">
          <p>
            <strong>Saved, but hard to read:</strong>
          </p>
          <ul className="plain-list">
            {result.warnings.map((warning) => (
              <li key={`${warning.field}-${warning.code}`}>
                {fieldNames[warning.field] ?? warning.field}: {warning.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      {result.customCssRemoved.length > 0 ? (
        <Alert tone="warning">
          <p>
            <strong>Removed from the custom CSS</strong> (not allowed in portals):
          </p>
          <ul className="plain-list removed-css">
            {result.customCssRemoved.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </>
  );
}
