/**
 * The real engines of the `test:druid` tier, by hand:
 *   npm run druid:up [-- --fresh]   ZooKeeper + Druid (druid/cluster.ts); waits for SQL through the router
 *   npm run kafka:up [-- --fresh]   a KRaft Kafka (kafka/broker.ts) with the topics sales and sensor_data
 *   npm run druid:down / kafka:down [-- --clean]   stop (--clean also removes var/: metadata, data, logs)
 *   npm run druid:status / kafka:status            pids, resident memory, log files
 * `up` is idempotent: it starts only what is not running. --fresh wipes var/ first when nothing runs.
 */
import { parseArgs } from 'node:util';
import { DRUID_URL, druidDown, druidUp, printStatus } from './druid/cluster';
import { KAFKA_BOOTSTRAP, kafkaDown, kafkaUp, printKafkaStatus } from './kafka/broker';

type Log = (line: string) => void;
interface Commands {
  up: (fresh: boolean, log: Log) => Promise<string>;
  down: (clean: boolean, log: Log) => Promise<void>;
  status: (log: Log) => void;
}

const SERVICES: Record<string, Commands> = {
  druid: {
    up: async (fresh, log) => (await druidUp({ fresh, log }), `DRUID_URL=${DRUID_URL}`),
    down: (clean, log) => druidDown({ clean, log }),
    status: printStatus,
  },
  kafka: {
    up: async (fresh, log) => (await kafkaUp({ fresh, log }), `bootstrap ${KAFKA_BOOTSTRAP}`),
    down: (clean, log) => kafkaDown({ clean, log }),
    status: printKafkaStatus,
  },
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { fresh: { type: 'boolean' }, clean: { type: 'boolean' } },
});
const [name, command] = positionals;
const service = SERVICES[name ?? ''];
if (!service || !['up', 'down', 'status'].includes(command ?? '')) {
  console.error('usage: tsx e2e/services/main.ts druid|kafka up [--fresh] | down [--clean] | status');
  process.exit(2);
}
const log: Log = (line) => console.log(`[${name}] ${line}`);
try {
  if (command === 'up') log(`ready: ${await service.up(values.fresh ?? false, log)}`);
  else if (command === 'down') await service.down(values.clean ?? false, log);
  else service.status(log);
} catch (err) {
  console.error(`[${name}] ${(err as Error).message}`);
  process.exit(1);
}
