import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startPwa } from './lib/pwa';
import { applyTheme } from './lib/prefs';
import './styles.css';

applyTheme(); // before the first paint: no flash of the other theme
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

startPwa();
