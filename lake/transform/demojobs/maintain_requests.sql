---
target: fct.http_requests
materialization: maintenance
schedule: "40 4 * * 0"
description: Weekly upkeep of the request log, the biggest table.
maintenance:
  compact: true
  expire_after: 168h
  retain_last: 2
  orphans: true
---
