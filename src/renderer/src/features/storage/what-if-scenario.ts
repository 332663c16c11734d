// The failure scenario being built in the what-if panel: hosts, whole cabinets and single feeds,
// toggled one at a time, and the request arguments it makes.
export interface WhatIfScenario {
  hosts: string[]
  cabinets: string[]
  /** "cabinet/feed" */
  feeds: string[]
}

export const emptyScenario: WhatIfScenario = { hosts: [], cabinets: [], feeds: [] }

const toggled = (list: readonly string[], item: string): string[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item])

export function toggleHost(scenario: WhatIfScenario, host: string): WhatIfScenario {
  return { ...scenario, hosts: toggled(scenario.hosts, host) }
}

export function toggleCabinet(scenario: WhatIfScenario, cabinet: string): WhatIfScenario {
  return { ...scenario, cabinets: toggled(scenario.cabinets, cabinet) }
}

export function toggleFeed(scenario: WhatIfScenario, cabinet: string, feed: string): WhatIfScenario {
  return { ...scenario, feeds: toggled(scenario.feeds, `${cabinet}/${feed}`) }
}

/** Just this host, as the one-click check from a brick or host offers it. */
export function onlyHost(host: string): WhatIfScenario {
  return { hosts: [host], cabinets: [], feeds: [] }
}

export function isEmptyScenario(scenario: WhatIfScenario): boolean {
  return scenario.hosts.length + scenario.cabinets.length + scenario.feeds.length === 0
}

export function scenarioArgs(scenario: WhatIfScenario): { hosts: string[]; cabinets: string[]; feeds: { cabinet: string; feed: string }[] } {
  return {
    hosts: scenario.hosts,
    cabinets: scenario.cabinets,
    feeds: scenario.feeds.map((key) => {
      const slash = key.indexOf('/')
      return { cabinet: key.slice(0, slash), feed: key.slice(slash + 1) }
    })
  }
}
