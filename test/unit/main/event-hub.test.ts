import { describe, expect, it } from 'vitest'
import { EventHub } from '../../../src/main/event-hub'

const exit = (id: string) => ({ id, host: 'hv-01' })

describe('EventHub: events to every client, or to one', () => {
  it('gives each client the broadcasts and what is addressed to it, never what is addressed to another', () => {
    const hub = new EventHub()
    const received: Record<string, string[]> = { a: [], b: [] }
    hub.attachClient('a', (_topic, payload) => void received.a?.push((payload as { id: string }).id))
    hub.attachClient('b', (_topic, payload) => void received.b?.push((payload as { id: string }).id))
    hub.publish('terminal.exit', exit('all'))
    hub.publish('terminal.exit', exit('for-a'), 'a')
    hub.publish('terminal.exit', exit('for-b'), 'b')
    hub.publish('terminal.exit', exit('for-gone'), 'c')
    expect(received).toEqual({ a: ['all', 'for-a'], b: ['all', 'for-b'] })
  })

  it('says a client has gone when it detaches, once, and it then gets nothing', () => {
    const hub = new EventHub()
    const gone: string[] = []
    hub.onClientGone((client) => gone.push(client))
    const got: string[] = []
    const detach = hub.attachClient('tab-1', (topic) => void got.push(topic))
    detach()
    hub.publish('terminal.exit', exit('x'), 'tab-1')
    hub.publish('terminal.exit', exit('y'))
    expect(gone).toEqual(['tab-1'])
    expect(got).toEqual([])
  })

  it('hands a raw sink every event with its addressee, so a transport can filter for a client it names later', () => {
    const hub = new EventHub()
    const seen: Array<string | undefined> = []
    hub.attach((_topic, _payload, to) => void seen.push(to))
    hub.publish('terminal.exit', exit('1'))
    hub.publish('terminal.exit', exit('2'), 'renderer:3')
    expect(seen).toEqual([undefined, 'renderer:3'])
  })
})
