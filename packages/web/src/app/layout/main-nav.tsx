import { NavLink } from 'react-router';
import { hasPermission, useMe } from '../../lib/use-me';
import { navItems } from './nav-items';

export function MainNav() {
  const me = useMe();
  const items = navItems.filter((item) => !item.permission || hasPermission(me.data, item.permission));
  return (
    <ul className="nav-list">
      {items.map((item) => (
        <li key={item.path}>
          <NavLink
            to={item.path}
            end={item.path === '/'}
            className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
          >
            <span>{item.label}</span>
            {item.comingSoon ? <span className="nav-soon">Soon</span> : null}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
