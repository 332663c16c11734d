// iproute2 6.1 `ss -tn[p] state established [filter]` layout: columns sized to their widest
// cell (titles count unless -H), addresses right-aligned against their ports, the Process
// column only with -p. Without a terminal ss does not spread columns over a screen width.

export interface SocketRow {
  localAddress: string
  localPort: number
  peerAddress: string
  peerPort: number
  /** `users:(("imap",pid=17160,fd=7))` when -p asks for it. */
  process: string
  /** Bytes waiting in the socket queues (0 when absent). */
  recvQueue?: number
  sendQueue?: number
}

export interface SsOptions {
  header: boolean
  processes: boolean
}

interface Column {
  title: string
  align: 'left' | 'right'
  delimiter: string
  cell: (row: SocketRow) => string
}

export function ssTable(rows: SocketRow[], options: SsOptions): string {
  const columns: Column[] = [
    // ss prints the queues with "%-6d", so they take 6 columns even without titles.
    { title: 'Recv-Q', align: 'left', delimiter: '', cell: (r) => String(r.recvQueue ?? 0).padEnd(6) },
    { title: 'Send-Q', align: 'left', delimiter: ' ', cell: (r) => String(r.sendQueue ?? 0).padEnd(6) },
    { title: 'Local Address:', align: 'right', delimiter: ' ', cell: (r) => `${r.localAddress}:` },
    { title: 'Port', align: 'left', delimiter: '', cell: (r) => String(r.localPort) },
    { title: 'Peer Address:', align: 'right', delimiter: ' ', cell: (r) => `${r.peerAddress}:` },
    { title: 'Port', align: 'left', delimiter: '', cell: (r) => String(r.peerPort) },
    { title: 'Process', align: 'left', delimiter: '', cell: (r) => (options.processes ? ` ${r.process}` : '') }
  ]
  const widths = columns.map((column) => {
    const cells = rows.map(column.cell)
    const longest = Math.max(0, ...cells.map((c) => c.length), options.header ? column.title.length : 0)
    return longest === 0 ? 0 : longest + column.delimiter.length
  })
  const render = (cells: string[]) =>
    columns
      .map((column, i) => {
        const width = widths[i] ?? 0
        if (width === 0) return ''
        const inner = width - column.delimiter.length
        const text = cells[i] ?? ''
        return column.delimiter + (column.align === 'right' ? text.padStart(inner) : text.padEnd(inner))
      })
      .join('') + '\n'
  const header = options.header ? render(columns.map((c) => c.title)) : ''
  return header + rows.map((row) => render(columns.map((c) => c.cell(row)))).join('')
}

export interface PortFilter {
  /** Any of these conditions (an `or` list); each is a list of `and`ed port tests. */
  anyOf: { side: 'sport' | 'dport'; port: number; negate: boolean }[][]
}

/** Parses ss's filter expression for port tests: `( sport = :143 or sport = :110 )`. */
export function parseSsFilter(words: string[]): PortFilter | string {
  const tokens = words
    .join(' ')
    .replace(/([()])/g, ' $1 ')
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '(' && t !== ')')
  const anyOf: PortFilter['anyOf'] = []
  let current: PortFilter['anyOf'][number] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    if (token === 'or' || token === '||') {
      anyOf.push(current)
      current = []
      continue
    }
    if (token === 'and' || token === '&&') continue
    const side = token === 'sport' || token === 'src' ? 'sport' : token === 'dport' || token === 'dst' ? 'dport' : null
    if (side === null) return `unsupported filter word '${token}'`
    const operator = tokens[i + 1]
    const value = tokens[i + 2]
    const negate = operator === '!=' || operator === 'neq'
    if (!operator || !value || !['=', '==', 'eq', '!=', 'neq'].includes(operator)) return `expected '= :PORT' after ${token}`
    const port = Number(value.replace(/^.*:/, ''))
    if (!Number.isInteger(port)) return `bad port '${value}'`
    current.push({ side, port, negate })
    i += 2
  }
  anyOf.push(current)
  return { anyOf: anyOf.filter((c) => c.length > 0) }
}

export function matchesFilter(row: SocketRow, filter: PortFilter): boolean {
  if (filter.anyOf.length === 0) return true
  return filter.anyOf.some((all) =>
    all.every((test) => {
      const port = test.side === 'sport' ? row.localPort : row.peerPort
      return (port === test.port) !== test.negate
    })
  )
}
