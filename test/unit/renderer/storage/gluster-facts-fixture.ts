// Gluster facts shaped like the poller's for a 2 × 3 distributed-replicate volume over five
// nodes (the demo layout): hv-01 holds a brick of both sets.
import type { GlusterBrickFacts, GlusterFacts, GlusterVolumeLayout } from '../../../../src/shared/fleet'

export const B1 = '/data/glusterfs/vmstore/brick1/brick'
export const B2 = '/data/glusterfs/vmstore/brick2/brick'
const TIB = 1024 ** 4

export const layout: GlusterVolumeLayout = {
  name: 'vmstore',
  type: 'distributed-replicate',
  typeStr: 'Distributed-Replicate',
  status: 'started',
  brickCount: 6,
  replicaCount: 3,
  arbiterCount: 0,
  disperseCount: 0,
  redundancyCount: 0,
  distCount: 2,
  bricks: [
    { host: 'hv-01', path: B1, isArbiter: false },
    { host: 'hv-02', path: B1, isArbiter: false },
    { host: 'hv-03', path: B1, isArbiter: false },
    { host: 'hv-04', path: B1, isArbiter: false },
    { host: 'hv-05', path: B1, isArbiter: false },
    { host: 'hv-01', path: B2, isArbiter: false }
  ]
}

function brick(host: string, path: string, usedBytes: number, online = true): GlusterBrickFacts {
  return {
    volume: 'vmstore',
    host,
    path,
    online,
    sizeTotalBytes: online ? TIB : null,
    sizeFreeBytes: online ? TIB - usedBytes : null,
    pid: online ? 4000 + host.length : null,
    port: online ? 49152 : null,
    inodesTotal: online ? 1_000_000 : null,
    inodesFree: online ? 1_000_000 - Math.round(usedBytes / 1e6) : null
  }
}

/** hv-02's brick of set 0 killed: set 0 partial with 8 entries pending on its two good bricks. */
export function factsWithDeadBrick(): GlusterFacts {
  return {
    queriedHost: 'hv-01',
    volumes: [
      {
        name: 'vmstore',
        health: 'PARTIAL',
        subvolumes: [
          {
            index: 0,
            state: 'partial',
            bricks: [
              { host: 'hv-01', path: B1, isArbiter: false, online: true },
              { host: 'hv-02', path: B1, isArbiter: false, online: false },
              { host: 'hv-03', path: B1, isArbiter: false, online: true }
            ]
          },
          {
            index: 1,
            state: 'up',
            bricks: [
              { host: 'hv-04', path: B1, isArbiter: false, online: true },
              { host: 'hv-05', path: B1, isArbiter: false, online: true },
              { host: 'hv-01', path: B2, isArbiter: false, online: true }
            ]
          }
        ],
        reasons: [`brick hv-02:${B1} offline`, 'subvolume vmstore-replicate-0 partial: 2 of 3 bricks up']
      }
    ],
    bricks: [
      brick('hv-01', B1, 200e9),
      brick('hv-02', B1, 0, false),
      brick('hv-03', B1, 210e9),
      brick('hv-04', B1, 300e9),
      brick('hv-05', B1, 300e9),
      brick('hv-01', B2, 290e9)
    ],
    volumeInfo: [layout],
    infoAtMs: 1000,
    daemons: [],
    heal: {
      atMs: 5000,
      intervalMs: 60_000,
      bricks: [
        { volume: 'vmstore', host: 'hv-01', path: B1, connected: true, pending: 8, splitBrain: 0, possiblyHealing: 0 },
        { volume: 'vmstore', host: 'hv-02', path: B1, connected: false, pending: null, splitBrain: null, possiblyHealing: null },
        { volume: 'vmstore', host: 'hv-03', path: B1, connected: true, pending: 8, splitBrain: 0, possiblyHealing: 0 },
        { volume: 'vmstore', host: 'hv-04', path: B1, connected: true, pending: 0, splitBrain: 0, possiblyHealing: 0 },
        { volume: 'vmstore', host: 'hv-05', path: B1, connected: true, pending: 0, splitBrain: 0, possiblyHealing: 0 },
        { volume: 'vmstore', host: 'hv-01', path: B2, connected: true, pending: 0, splitBrain: 0, possiblyHealing: 0 }
      ],
      volumes: [{ volume: 'vmstore', pending: 8, splitBrain: 0 }]
    },
    peers: [
      { uuid: 'u2', hostname: 'hv-02', connected: true, state: 'Peer in Cluster' },
      { uuid: 'u3', hostname: 'hv-03', connected: true, state: 'Peer in Cluster' }
    ]
  }
}
