import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browserSkipReason, buildPage, openPage, openSample, panelText, SCREENSHOT_DIR, type Session } from './browser.js';

const skip = browserSkipReason();

// `?stream-over=N` lowers the size above which the page streams a file (1 GiB by default), so
// small fixtures take the path a multi-gigabyte checkpoint would.
describe('inspector page streaming files over its buffer limit', { skip }, () => {
  let session: Session;

  before(async () => {
    session = await openPage(`${buildPage(join(SCREENSHOT_DIR, '..', 'web-page-stream'))}?stream-over=20`);
  });

  after(async () => {
    await session?.close();
  });

  test('a stream of pickles: each value, its byte range, and no claim of safety', async () => {
    const { page } = session;
    await openSample(page, 'stream.pkl');
    assert.equal(await page.textContent('#summary'), 'stream.pkl: 59 B · pickle stream · 3 pickles not scanned');
    const value = await panelText(page, 'value');
    assert.match(value, /pickle #0 dict len 1 \{'first': 1\}/);
    assert.match(value, /pickle #1 list len 2 \['second', 2\]/);
    assert.match(value, /pickle #2 str len 5 'third'/);
    const dis = await panelText(page, 'dis');
    assert.match(dis, /Pickle #1: bytes 21–47/);
    assert.match(dis, /Pickle #2: bytes 48–58/);
    const safety = await panelText(page, 'safety');
    assert.match(safety, /^Not checked completely: the scan could not finish, so this file must not be trusted as safe\./);
    assert.match(safety, /Scan stopped \(unsupported\) : the file was too large to hold in memory and was read as a stream/);
  });

  test('a gzip file is inflated as it streams', async () => {
    const { page } = session;
    await openSample(page, 'sample.pkl.gz');
    assert.match((await page.textContent('#summary')) ?? '', /^sample\.pkl\.gz: \d+ B · gzip → pickle stream · 1 pickle not scanned$/);
    assert.match(await panelText(page, 'value'), /dict len 7 \{'name': 'picklejar'/);
  });

  test('a malicious pickle streamed is shown inert and never called safe', async () => {
    const { page } = session;
    await openSample(page, 'malicious.pkl');
    assert.match((await page.textContent('#summary')) ?? '', / · pickle stream · 1 pickle not scanned$/);
    assert.doesNotMatch(await panelText(page, 'safety'), /^Safe/);
  });

  test('a zip container too large to buffer says why it cannot be opened', async () => {
    const { page } = session;
    await openSample(page, 'model.pt');
    const summary = (await page.textContent('#summary')) ?? '';
    assert.match(summary, /^model\.pt: 1\.0 KiB · pickle stream · 0 pickles not scanned/);
    assert.match(summary, /Cannot open: .*\(a file this large is read as a stream, which holds plain or compressed pickles only\)$/);
  });

  test('the streaming page made no network request and raised no error', () => {
    assert.deepEqual(session.blocked, []);
    assert.deepEqual(session.errors, []);
  });
});
