import { z } from 'zod';
import type { DataFrame } from '../frames/types';
import type { SqlPosition } from '../sql/error-position';
import { VariableSchema } from '../dashboards/schema';

/** Raw range as in Grafana URLs: `now-6h`, `now`, `now/d`, epoch ms, or ISO-8601. */
const RawRangeSchema = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });

/** Variable values: one string, or several for multi-value; `$__all` selects every option. */
export const VarValuesSchema = z.record(
  z.string().max(64),
  z.union([z.string().max(1000), z.array(z.string().max(1000)).max(1000)]),
);

/** `POST /api/query` body. Viewers never send SQL: the server looks it up from the panel. */
export const QueryRequestSchema = z.object({
  dashboardUid: z.string().min(1).max(40),
  panelId: z.number().int().positive(),
  range: RawRangeSchema,
  vars: VarValuesSchema.optional(),
  maxDataPoints: z.number().int().min(1).max(100_000).optional(),
  /** Embeds: the signed embed token; its locked variables win over `vars`. */
  embedToken: z.string().min(1).max(8192).optional(),
});

/**
 * `POST /api/ds/query` body (editors only): SQL typed in the panel editor, run as a saved panel's would be, with
 * the variables of `dashboardUid` when given. Grafana's endpoint has the same name and a similar shape.
 */
export const AdHocQueryRequestSchema = z.object({
  range: RawRangeSchema,
  queries: z
    .array(
      z.object({
        refId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'refId is 1-32 letters, digits, _ or -'),
        datasource: z.object({ uid: z.string().min(1).max(64) }).optional(),
        rawSql: z.string().min(1).max(100_000),
        format: z.enum(['time_series', 'table']).optional(),
      }),
    )
    .min(1)
    .max(10),
  dashboardUid: z.string().min(1).max(40).optional(),
  vars: VarValuesSchema.optional(),
  maxDataPoints: z.number().int().min(1).max(100_000).optional(),
  /** Smallest `$__interval`, as a panel's `interval` (`1s`, `1m`). */
  interval: z.string().max(20).optional(),
});

export type AdHocQueryRequest = z.infer<typeof AdHocQueryRequestSchema>;

/**
 * `POST /api/ds/variable-options` body (editors only): a variable as the variables editor holds it, not yet saved,
 * and the range its options query (`$__timeFilter`…) renders over.
 */
export const VariableOptionsRequestSchema = z.object({
  variable: VariableSchema.extend({ query: z.string().max(100_000).default('') }),
  range: RawRangeSchema,
  /** The dashboard being edited (it must exist). */
  dashboardUid: z.string().min(1).max(40).optional(),
});

export type VariableOptionsRequest = z.infer<typeof VariableOptionsRequestSchema>;

export type RawRange = z.infer<typeof RawRangeSchema>;
export type VarValues = z.infer<typeof VarValuesSchema>;
export type QueryRequest = z.infer<typeof QueryRequestSchema>;

export interface QueryError {
  refId: string;
  message: string;
  /**
   * Where the engine's error points in the query's SQL as the editor typed it (before macros and variables):
   * 1-based line, 1-based column in UTF-16 code units. Only on `POST /api/ds/query` answers, when the engine says.
   */
  position?: SqlPosition;
}

export interface QueryResponse {
  frames: DataFrame[];
  errors?: QueryError[];
}

/* ---------------- Live WebSocket protocol (/api/live) ---------------- */

const LiveSubscribeSchema = QueryRequestSchema.extend({
  type: z.literal('subscribe'),
  /** Client-chosen subscription id, unique per socket. */
  id: z.string().min(1).max(64),
  /** Resume after a reconnect: the channel epoch and the last seq this client applied. */
  resume: z.object({ epoch: z.string().max(64), seq: z.number().int().min(0) }).optional(),
});

const LiveUnsubscribeSchema = z.object({ type: z.literal('unsubscribe'), id: z.string().min(1).max(64) });

/**
 * Editors: be told when dashboard `uid` is saved, restored or deleted (by anyone, on any instance), until
 * `unsubscribe` with the same `id`. With `version` (the one the editor opened), a newer one already saved is told
 * at once.
 */
const LiveWatchDashboardSchema = z.object({
  type: z.literal('watch-dashboard'),
  id: z.string().min(1).max(64),
  uid: z.string().min(1).max(40),
  version: z.number().int().min(0).optional(),
});

export const LiveClientMessageSchema = z.discriminatedUnion('type', [
  LiveSubscribeSchema,
  LiveUnsubscribeSchema,
  LiveWatchDashboardSchema,
]);

export type LiveSubscribe = z.infer<typeof LiveSubscribeSchema>;

/**
 * One frame's change inside a delta:
 * - `upsert`: rows keyed by (time field + every string field) replace rows with the same key, others are appended;
 *   the frame stays sorted by time. Used for frames with a time field.
 * - `range`: the frame's rows whose time is in `[from, to)` (an absent bound is open) become `frame`'s rows: rows
 *   that disappeared, rows that fell out of a moving range (`to` only), a re-read whose keys are not unique.
 *   Without bounds the frame is replaced as it is.
 * - `replace`: the frame is replaced whole (frames without a time field, e.g. a bar chart by city).
 */
export interface FrameChange {
  refId: string;
  mode: 'upsert' | 'range' | 'replace';
  frame: DataFrame;
  /** `range`: first time (epoch ms) replaced; absent = from the oldest row. */
  from?: number;
  /** `range`: end of the range replaced, exclusive; absent = through the newest row. */
  to?: number;
}

/** Where a subscription stands: its channel's epoch and the last seq sent to it. */
export interface LivePosition {
  epoch: string;
  seq: number;
}

/**
 * Server → client. Every message of a subscription carries its `id`, the channel `epoch` and an increasing `seq`.
 * `sentAt` (server clock, epoch ms) is when the server handed the update to its subscribers: deltas are stamped
 * once per update, before fan-out, so receive time minus `sentAt` includes the fan-out (`npm run bench`).
 */
export type LiveServerMessage =
  | {
      type: 'snapshot';
      id: string;
      epoch: string;
      seq: number;
      frames: DataFrame[];
      errors?: QueryError[];
      sentAt?: number;
    }
  | {
      type: 'delta';
      id: string;
      epoch: string;
      seq: number;
      sentAt?: number;
      changes: FrameChange[];
      errors?: QueryError[];
    }
  | { type: 'error'; id: string; message: string };

/**
 * Server → client, for a `watch-dashboard` (`id`): dashboard `uid` was saved as `version` (a save, a restore, a
 * Grafana-API save) or deleted, by `by` (a login, `token:<name>`, or null when unknown) at `at` (epoch ms). Never
 * the document: only who and which version.
 */
export type LiveDashboardEvent =
  | { type: 'dashboard-saved'; id: string; uid: string; version: number; by: string | null; at: number }
  | { type: 'dashboard-deleted'; id: string; uid: string; by: string | null; at: number };

/**
 * Server → client, every `intervalMs`, per socket: the position of each subscription the server is sending to in
 * order. A client whose own seq is lower missed messages and resubscribes (resuming from its seq); a client that
 * hears nothing for a few intervals takes the connection for dead and reconnects. Subscriptions whose socket backed
 * up are left out: their catch-up snapshot goes as soon as the socket drains.
 */
export interface LiveHeartbeat {
  type: 'heartbeat';
  intervalMs: number;
  subs: Record<string, LivePosition>;
}
