/** Demo schema for the MySQL-protocol engines; idempotent (`IF NOT EXISTS`). */

export const MYSQL_DDL = [
  `CREATE TABLE IF NOT EXISTS sensor_data (
     id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, sensor_id VARCHAR(64) NOT NULL,
     temperature DOUBLE NULL, humidity DOUBLE NULL, ts DATETIME(3) NOT NULL,
     KEY idx_ts (ts), KEY idx_sensor_ts (sensor_id, ts)) DEFAULT CHARSET = utf8mb4`,
  `CREATE TABLE IF NOT EXISTS sales (
     order_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, ts DATETIME(3) NOT NULL, city VARCHAR(64) NOT NULL,
     lat DOUBLE, lon DOUBLE, product VARCHAR(128) NOT NULL, category VARCHAR(64), quantity INT NOT NULL DEFAULT 1,
     unit_price DECIMAL(12,2) NOT NULL, amount DECIMAL(14,2) NOT NULL,
     KEY idx_ts (ts), KEY idx_city_ts (city, ts)) DEFAULT CHARSET = utf8mb4`,
  `CREATE TABLE IF NOT EXISTS _pulseboard_ingest_keys (
     idem_key VARCHAR(200) NOT NULL PRIMARY KEY, tbl VARCHAR(64) NOT NULL, row_count INT NOT NULL,
     created_at DATETIME NOT NULL) DEFAULT CHARSET = utf8mb4`,
];

/**
 * StarRocks DDL as its users write it for one node: DUPLICATE KEY (its leading columns, in order), daily partitions
 * by expression, one replica (https://docs.starrocks.io/docs/table_design/table_types/duplicate_key_table/).
 */
export const STARROCKS_DDL = [
  `CREATE TABLE IF NOT EXISTS sensor_data (
     id BIGINT NOT NULL, sensor_id VARCHAR(64) NOT NULL, temperature DOUBLE NULL, humidity DOUBLE NULL,
     ts DATETIME NOT NULL)
   DUPLICATE KEY(id, sensor_id)
   PARTITION BY date_trunc('day', ts)
   DISTRIBUTED BY HASH(sensor_id)
   PROPERTIES ("replication_num" = "1")`,
  `CREATE TABLE IF NOT EXISTS sales (
     ts DATETIME NOT NULL, order_id BIGINT NOT NULL, city VARCHAR(64) NOT NULL, lat DOUBLE, lon DOUBLE,
     product VARCHAR(128) NOT NULL, category VARCHAR(64), quantity INT NOT NULL DEFAULT "1",
     unit_price DECIMAL(12,2) NOT NULL, amount DECIMAL(14,2) NOT NULL)
   DUPLICATE KEY(ts, order_id)
   PARTITION BY date_trunc('day', ts)
   DISTRIBUTED BY HASH(order_id) BUCKETS 4
   PROPERTIES ("replication_num" = "1")`,
];
