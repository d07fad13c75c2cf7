import { BrowserRouter } from 'react-router';
import { AppProvider } from './app.provider';
import { AppRoutes } from './app.router';

export function App() {
  return (
    <AppProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProvider>
  );
}
