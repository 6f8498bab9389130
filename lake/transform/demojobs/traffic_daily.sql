---
target: fct.traffic_daily
materialization: rollup
rollup: {source: fct.http_requests, time: ts, bucket: day, grain: day}
partition: [month(day)]
schedule: "10 * * * *"
owner: job:transformer
description: Daily rollup of fct.http_requests by day, zone and client country; agrees with it to the row.
tags: [curated]
columns:
  day: UTC day of the requests (the day of fct.http_requests.ts).
  zone_id: Zone the requests were for; joins dim.zones.zone_id.
  client_country: Client country, ISO 3166-1 alpha-2.
  requests: Number of requests.
  bytes: Sum of response bytes.
  cached_bytes: Sum of response bytes of requests with cache_status 'hit'.
  threats: Requests with bot_score below 10.
---
SELECT CAST(ts AS DATE) AS day,
       zone_id,
       client_country,
       count(*) AS requests,
       CAST(sum(bytes) AS BIGINT) AS bytes,
       CAST(coalesce(sum(bytes) FILTER (WHERE cache_status = 'hit'), 0) AS BIGINT) AS cached_bytes,
       count(*) FILTER (WHERE bot_score < 10) AS threats
FROM fct.http_requests
GROUP BY CAST(ts AS DATE), zone_id, client_country
