import { Link } from 'react-router';

export function Brand() {
  return (
    <Link to="/" className="brand" aria-label="oCore Agency home">
      <span className="brand-mark" aria-hidden="true" />
      <span className="brand-name">
        oCore <span className="brand-sub">Agency</span>
      </span>
    </Link>
  );
}
