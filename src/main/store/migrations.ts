// Numbered schema migrations: index i brings user_version i to i + 1. Append only; never edit a
// migration that has shipped.
export const migrations: readonly string[] = [
  `
  CREATE TABLE site (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    description TEXT
  );
  CREATE TABLE cabinet (
    name TEXT PRIMARY KEY,
    sort INTEGER NOT NULL,
    height_u INTEGER NOT NULL,
    max_weight_kg REAL NOT NULL,
    cooling_watts REAL NOT NULL,
    contract_watts REAL
  );
  CREATE TABLE feed (
    cabinet TEXT NOT NULL REFERENCES cabinet(name) ON DELETE CASCADE,
    sort INTEGER NOT NULL,
    name TEXT NOT NULL,
    volts REAL NOT NULL,
    amps REAL NOT NULL,
    phases INTEGER NOT NULL,
    derate_percent REAL NOT NULL,
    PRIMARY KEY (cabinet, name)
  );
  CREATE TABLE device_model (
    name TEXT PRIMARY KEY,
    sort INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE TABLE device (
    name TEXT PRIMARY KEY,
    sort INTEGER NOT NULL,
    model TEXT NOT NULL REFERENCES device_model(name),
    cabinet TEXT NOT NULL REFERENCES cabinet(name),
    position_u INTEGER NOT NULL,
    face TEXT NOT NULL,
    feeds TEXT NOT NULL,
    host TEXT
  );
  CREATE TABLE host (
    name TEXT PRIMARY KEY,
    sort INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    command TEXT,
    result TEXT NOT NULL,
    detail TEXT
  );
  CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: mail metrics downsampled to 10 s per host (the Mail view's last hour and last day), kept 24 h.
  `
  CREATE TABLE mail_metric (
    host TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    sample TEXT NOT NULL,
    PRIMARY KEY (host, at_ms)
  ) WITHOUT ROWID;
  CREATE INDEX mail_metric_at ON mail_metric (at_ms);
  `,
  // 3: Gluster alerts with the times they were raised and cleared, so the Storage view's
  // notifications survive a restart (one row per raising; cleared rows kept 30 days, at most 1000),
  // and the alert reducer's heal-count history, so a growing backlog is still judged after one.
  `
  CREATE TABLE gluster_alert (
    id TEXT NOT NULL,
    raised_at_ms INTEGER NOT NULL,
    cleared_at_ms INTEGER,
    body TEXT NOT NULL,
    PRIMARY KEY (id, raised_at_ms)
  ) WITHOUT ROWID;
  CREATE INDEX gluster_alert_cleared ON gluster_alert (cleared_at_ms);
  CREATE TABLE gluster_alert_reducer (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_at_ms INTEGER,
    heal_pending TEXT NOT NULL
  );
  `
]
