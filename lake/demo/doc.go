// Package demo generates the demo lake of `tarn demo`: a global network
// company's traffic, customers, billing, security events and support tickets,
// as Arrow record batches that the caller writes into Iceberg tables through
// Tarn's own lake API. It only generates and describes; it never writes.
//
// Tables(o) describes every table (annotations, Arrow schema, partitioning,
// review state) and gives each a Generate function. The data is a pure
// function of Options: the same Seed, Scale and AsOf give the same batches,
// and each chunk of a table (one per day for the day-partitioned facts) is
// seeded from Seed and its index alone, so chunks can be generated in any
// order or in parallel.
//
// Volumes. The dimensions are the same at every scale: 2,000 accounts and
// 5,000 zones, so answers about customers do not depend on Scale, and so are
// invoices (per account and month) and 3,000 support tickets. The facts grow
// linearly with Scale: fct.http_requests has exactly round(2,000,000 x Scale)
// rows, fct.security_events about 2,000 x Scale a day plus the incident, and
// fct.traffic_daily is whatever the requests roll up to.
//
// Time. The data covers the Days (90) whole days before AsOf (a UTC date;
// AsOf itself is excluded). "Last month" is the calendar month before AsOf's
// month.
//
// What the data holds, so questions have real answers:
//   - Zones follow their own trends (growing, flat, declining) with weekly
//     rhythms (business sites quieter at weekends, consumer sites busier);
//     five established European business or enterprise accounts ramp their
//     traffic up four- to six-fold through last month.
//   - Client countries follow each zone's audience (mostly its account's
//     region), colos are real airport codes near the client, networks are
//     real ASNs, addresses are IPv4 and IPv6 from the right registry blocks.
//     Visits come in sessions of a few requests from one client.
//   - bot_score is 1-99; automated clients score low, much more often from
//     hosting networks and from a few countries (CN, RU, VN, BR, ID...).
//   - fct.traffic_daily is computed by regenerating the same requests and
//     aggregating them by (day, zone_id, client_country): requests = count,
//     bytes = sum(bytes), cached_bytes = sum(bytes) where cache_status =
//     'hit', threats = count where bot_score < 10. It agrees with
//     fct.http_requests to the row.
//   - The incident: three days before AsOf, during two hours (see
//     Options.IncidentWindow), five networks run a credential-stuffing burst
//     against twenty zones: 75 times the usual hourly rate of security events,
//     plus login POSTs in fct.http_requests.
//   - Billing: monthly invoices per product for the 13 months up to AsOf's
//     month; plans billed annually get one invoice a year. Statuses are paid,
//     open (most of the current month, some of last month) or void (2%).
//     fct.billings_allocated gives a monthly invoice's whole amount to its
//     month and an annual invoice billed_amount / 12, rounded half up to the
//     cent, to each of its twelve months (the twelve may differ from the
//     invoice by up to 6 cents); void invoices are left out.
//   - raw.support_tickets bodies sometimes hold e-mail addresses, E.164
//     phone numbers, IP addresses and API tokens (sk_live_, ghp_, xoxb-,
//     AKIA); the table stays unreviewed.
//
// Pages returns the curated pages (billing, customers, zones, security) that
// explain the business meaning of these tables.
package demo
