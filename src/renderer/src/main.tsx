import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createApiClient } from './api/client'
import { useAppStore } from './store/app-store'
import { stampStyleNonce } from './style-nonce'
import './ui/theme.css'

stampStyleNonce(document)

const root = createRoot(document.getElementById('root') as HTMLElement)
try {
  const api = createApiClient((state) => useAppStore.getState().setConnection(state))
  void useAppStore.getState().start(api)
  root.render(
    <StrictMode>
      <App />
    </StrictMode>
  )
} catch (error) {
  root.render(<p role="alert" className="fatal">{(error as Error).message}</p>)
}
