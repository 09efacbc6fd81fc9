import './theme/theme.css';
import './theme/base.css';
import './components/components.css';
import { createRoot } from 'react-dom/client';
import { createContractClient } from '../../src-shared/contract/contract-client';
import { App } from './app/App';
import { AppModel } from './app/app-model';
import { UiState } from './app/ui-state';
import { createConnectionStore } from './contract/connection';
import { findElectronBridge } from './contract/electron-bridge';
import { contractSocketUrl, WebSocketBridge } from './contract/websocket-bridge';

/** Electron's preload bridge when present, else browser mode's WebSocket to the serving core. */
function connect(): { model: AppModel } {
  const electron = findElectronBridge();
  if (electron) {
    return { model: new AppModel(createContractClient(electron), createConnectionStore('open')) };
  }
  const bridge = new WebSocketBridge({ url: contractSocketUrl(window.location) });
  return { model: new AppModel(createContractClient(bridge), bridge.connection) };
}

const root = document.getElementById('root');
if (root) {
  const { model } = connect();
  createRoot(root).render(<App model={model} ui={new UiState()} />);
}
