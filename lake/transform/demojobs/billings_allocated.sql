---
target: fct.billings_allocated
materialization: full_replace
schedule: "20 3 * * *"
owner: job:transformer
description: "Revenue by month: each non-void invoice spread over the months it pays for. Revenue means alloc_amount."
tags: [curated]
columns:
  account_id: Account; joins dim.accounts.account_id.
  invoice_id: Invoice allocated; joins fct.billing_invoices.invoice_id.
  month: First day of the month the revenue belongs to.
  product: Product of the invoice.
  alloc_amount: "Revenue recognised in month: billed_amount for monthly invoices, billed_amount / 12 (rounded half up to the cent) for annual ones; void invoices never count."
---
-- A full replace, not a merge: an invoice that turns void must lose its
-- rows, which an upsert by key would keep.
SELECT account_id,
       invoice_id,
       CAST(invoice_month + INTERVAL (k) MONTH AS DATE) AS month,
       product,
       CASE WHEN billing_frequency = 'annual'
            THEN CAST(round(billed_amount / 12, 2) AS DECIMAL(12,2))
            ELSE billed_amount END AS alloc_amount
FROM (
    SELECT *, unnest(CASE WHEN billing_frequency = 'annual' THEN range(12) ELSE [0] END) AS k
    FROM fct.billing_invoices
    WHERE status <> 'void'
)
