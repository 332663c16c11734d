// The only bridge between the sandboxed renderer and main: one function per method of the API
// contract and a subscription per event topic. Nothing else of Electron is exposed.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { eventTopics, requestNames, type EventTopic } from '../shared/api'
import { EVENT_CHANNEL, requestChannel } from '../main/transport/ipc-channels'

const requests = Object.fromEntries(requestNames.map((name) => [name, (args: unknown) => ipcRenderer.invoke(requestChannel(name), args)]))

contextBridge.exposeInMainWorld('rackside', {
  requests,
  on(topic: EventTopic, listener: (payload: unknown) => void): () => void {
    if (!eventTopics.includes(topic)) throw new Error(`unknown event topic ${String(topic)}`)
    const handler = (_event: IpcRendererEvent, message: { topic: EventTopic; payload: unknown }) => {
      if (message.topic === topic) listener(message.payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
  }
})
