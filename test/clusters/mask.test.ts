import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskTexts } from '../../src/clusters/mask.js';
import type { Store } from '../../src/store/db.js';
import { openStore, tempDir } from '../helpers.js';

let store: Store;
beforeAll(async () => {
  store = await openStore(tempDir());
});
afterAll(() => store.close());

const cases: Array<[string, string]> = [
  ['Ping 10.1.22.254 fails', 'ping <ip> fails'],
  ['Mail from john.doe@example.com bounced', 'mail from <email> bounced'],
  ['See https://intranet.example.com/x?y=1 now', 'see <url> now'],
  ['Cannot open /var/log/messages', 'cannot open <path>'],
  ['Share \\\\fs01\\dept missing', 'share <path> missing'],
  ['Backup failed on 2024-03-05 at 02:15', 'backup failed on <date> at <time>'],
  ['Job failed 05.03.2024', 'job failed <date>'],
  ['Error 0x800CCC0E in Outlook', 'error <hex> in outlook'],
  ['Object deadbeef42 not found', 'object <hex> not found'],
  ['Duplicate of INC0012345', 'duplicate of <ticket>'],
  ['ALERT: srv-db-07 disk usage 99%', 'alert <host> disk usage <num>'],
  ['Printer PRN0451 offline', 'printer <host> offline'],
  ['Queue length 1,250 exceeded (-2147467259)', 'queue length <num> exceeded <num>'],
  ['Drucker PRN-VIE-0004 druckt nicht!', 'drucker <host> druckt nicht'],
];

describe('maskSql', () => {
  it('masks each kind of volatile token into its placeholder', async () => {
    const got = await maskTexts(store, cases.map((c) => c[0]));
    expect(got).toEqual(cases.map((c) => c[1]));
  });
});
