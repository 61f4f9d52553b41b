// Starts a real Bluesky PDS (@atproto/pds) and an in-memory PLC directory (@did-plc/server),
// both on 127.0.0.1, for smo-gen's syndication tests. Nothing here is for production.
//
//   node start-pds.mjs --plc-port 2582 --pds-port 2583 --data-dir /tmp/pds
//
// Prints one JSON line `{"ready": true, "pds": "http://localhost:2583", ...}` on stdout when
// both answer, and shuts down cleanly on SIGTERM or SIGINT. The data folder is wiped at start,
// because the PLC directory lives in memory and forgets every DID when it stops.
import { randomBytes } from 'node:crypto'
import dns from 'node:dns'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { PDS, envToCfg, envToSecrets, readEnv } from '@atproto/pds'
import * as plc from '@did-plc/server'

// `localhost` must reach the 127.0.0.1 listeners below, whatever the resolver prefers.
dns.setDefaultResultOrder('ipv4first')

const { values } = parseArgs({
  options: {
    'plc-port': { type: 'string' },
    'pds-port': { type: 'string' },
    'data-dir': { type: 'string' },
  },
})
const plcPort = Number(values['plc-port'])
const pdsPort = Number(values['pds-port'])
const dataDir = values['data-dir']
if (!plcPort || !pdsPort || !dataDir) {
  console.error('usage: node start-pds.mjs --plc-port N --pds-port N --data-dir DIR')
  process.exit(2)
}

async function listenOnLoopback(app, port) {
  const server = app.listen(port, '127.0.0.1')
  await once(server, 'listening')
  return server
}

const plcServer = plc.PlcServer.create({ db: plc.Database.mock(), port: plcPort })
const plcHttp = await listenOnLoopback(plcServer.app, plcPort)

fs.rmSync(dataDir, { recursive: true, force: true })
fs.mkdirSync(path.join(dataDir, 'blobs'), { recursive: true })
const hex = (n) => randomBytes(n).toString('hex')
Object.assign(process.env, {
  PDS_HOSTNAME: 'localhost',
  PDS_PORT: String(pdsPort),
  PDS_DEV_MODE: 'true',
  PDS_DATA_DIRECTORY: dataDir,
  PDS_BLOBSTORE_DISK_LOCATION: path.join(dataDir, 'blobs'),
  // A host name, not 127.0.0.1: the DID resolver refuses IP literals.
  PDS_DID_PLC_URL: `http://localhost:${plcPort}`,
  PDS_INVITE_REQUIRED: 'false',
  PDS_SERVICE_HANDLE_DOMAINS: '.test',
  PDS_JWT_SECRET: hex(16),
  PDS_ADMIN_PASSWORD: process.env.PDS_ADMIN_PASSWORD || hex(16),
  PDS_PLC_ROTATION_KEY_K256_PRIVATE_KEY_HEX: hex(32),
  PDS_RATE_LIMITS_ENABLED: 'false',
  PDS_CRAWLERS: '',
  LOG_ENABLED: process.env.LOG_ENABLED || 'false',
})
const env = readEnv()
const pds = await PDS.create(envToCfg(env), envToSecrets(env))
// pds.start() would listen on every interface; do what it does, on 127.0.0.1 only.
await pds.ctx.sequencer.start()
const pdsHttp = await listenOnLoopback(pds.app, pdsPort)
pds.server = pdsHttp

console.log(
  JSON.stringify({
    ready: true,
    pds: `http://localhost:${pdsPort}`,
    plc: `http://localhost:${plcPort}`,
    pid: process.pid,
  }),
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  pdsHttp.closeAllConnections?.()
  plcHttp.closeAllConnections?.()
  pdsHttp.close()
  plcHttp.close()
  try {
    await pds.ctx.sequencer.destroy()
  } catch {
    // shutting down anyway
  }
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
