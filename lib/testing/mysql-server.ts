import mysql from 'mysql2/promise';

/**
 * Why the MySQL-protocol server of `url` cannot be reached (tests then skip and say so), or undefined when it can.
 * `fresh` drops the URL's database first, so the test creates it anew.
 */
export async function mysqlUnavailable(url: string, opts: { fresh?: boolean } = {}): Promise<string | undefined> {
  const u = new URL(url);
  try {
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      connectTimeout: 3000,
    });
    if (opts.fresh) await c.query(`DROP DATABASE IF EXISTS \`${u.pathname.slice(1).replace(/`/g, '``')}\``);
    await c.end();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
