import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProvider } from './app.provider';
import { AppRoutes } from './app.router';

/*
 * A data router around the declarative routes (one splat route renders them all): loaders
 * stay unused, but pages can ask before the user leaves them (useBlocker, e.g. the topology
 * editor with unsaved changes), which only a data router offers.
 */
const router = createBrowserRouter([{ path: '*', element: <AppRoutes /> }]);

export function App() {
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
