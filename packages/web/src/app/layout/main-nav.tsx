import { NavLink } from 'react-router';
import { navItems } from './nav-items';

export function MainNav() {
  return (
    <ul className="nav-list">
      {navItems.map((item) => (
        <li key={item.path}>
          <NavLink to={item.path} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
            <span>{item.label}</span>
            {item.comingSoon ? <span className="nav-soon">Soon</span> : null}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
