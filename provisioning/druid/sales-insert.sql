-- SQL-based ingestion (multi-stage query engine): POST this as {"query": "<this file>", "context": {"maxNumTasks": 2}}
-- to /druid/v2/sql/task. Appends two demo orders to the `sales` datasource (created if missing).
INSERT INTO "sales"
SELECT
  TIME_PARSE("ts") AS "__time",
  "order_id", "city", "lat", "lon", "product", "category", "quantity", "unit_price", "amount"
FROM TABLE(EXTERN(
  '{"type":"inline","data":"{\"ts\":\"2024-01-01T00:00:00Z\",\"order_id\":1,\"city\":\"Lima\",\"lat\":-12.05,\"lon\":-77.04,\"product\":\"Ceviche\",\"category\":\"Food\",\"quantity\":1,\"unit_price\":12.9,\"amount\":12.9}\n{\"ts\":\"2024-01-01T00:00:03Z\",\"order_id\":2,\"city\":\"Bogotá\",\"lat\":4.711,\"lon\":-74.0721,\"product\":\"Arepa box\",\"category\":\"Food\",\"quantity\":3,\"unit_price\":9.4,\"amount\":28.2}"}',
  '{"type":"json"}',
  '[{"name":"ts","type":"string"},{"name":"order_id","type":"long"},{"name":"city","type":"string"},{"name":"lat","type":"double"},{"name":"lon","type":"double"},{"name":"product","type":"string"},{"name":"category","type":"string"},{"name":"quantity","type":"long"},{"name":"unit_price","type":"double"},{"name":"amount","type":"double"}]'
))
PARTITIONED BY DAY
