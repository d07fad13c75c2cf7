import { Link } from 'react-router';

/** The portal's logo, or its name when there is no logo; links to the portal's home. */
export function PortalBrand({ name, logoUrl }: { name: string; logoUrl: string | null }) {
  return (
    <Link to="/" className="portal-brand">
      {logoUrl ? (
        <img className="portal-logo" src={logoUrl} alt={name} referrerPolicy="no-referrer" />
      ) : (
        <span className="portal-name">{name}</span>
      )}
    </Link>
  );
}

/** The agency's footer text, when it set one. */
export function PortalFooter({ text }: { text: string | null | undefined }) {
  return text ? <footer className="portal-footer">{text}</footer> : null;
}
