export type { SqlDriverOptions } from './sql/sql-driver.js';
export { SqlDriver } from './sql/sql-driver.js';
export type { SqlTarget } from './sql/parse-sql-url.js';
export { parseSqlUrl } from './sql/parse-sql-url.js';
export type { SqlSchema } from './sql/sql-schema.js';
export { sqlSchema, sqlTablePrefix } from './sql/sql-schema.js';
