// Drives a Coffer server with node-vault exactly as an application would, and fails loudly on the
// first answer that differs from Vault's. VAULT_ADDR and VAULT_TOKEN (a root token) come from the
// environment; the test that runs this starts the server.
'use strict';
const assert = require('node:assert/strict');
const nodeVault = require('node-vault');

const root = nodeVault({ apiVersion: 'v1' });
const step = (name) => console.log(`ok ${name}`);

async function expectError(promise, status, message) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.response && e.response.statusCode, status, `status of ${message}`);
    if (message) assert.match(e.message, new RegExp(message));
    return;
  }
  assert.fail(`expected ${status} ${message}`);
}

async function main() {
  const health = await root.health();
  assert.equal(health.initialized, true);
  assert.equal(health.sealed, false);
  step('health');

  const w1 = await root.write('secret/data/app/db', { data: { user: 'app', password: 'made-up-1' } });
  assert.equal(w1.data.version, 1);
  await root.write('secret/data/app/db', { data: { user: 'app', password: 'made-up-2' } });
  step('kv write');

  const latest = await root.read('secret/data/app/db');
  assert.equal(latest.data.data.password, 'made-up-2');
  assert.equal(latest.data.metadata.version, 2);
  const v1 = await root.read('secret/data/app/db?version=1');
  assert.equal(v1.data.data.password, 'made-up-1');
  step('kv read latest and version');

  const listed = await root.list('secret/metadata/app/');
  assert.deepEqual(listed.data.keys, ['db']);
  const listedGet = await nodeVault({ apiVersion: 'v1', noCustomHTTPVerbs: true }).list('secret/metadata/app/');
  assert.deepEqual(listedGet.data.keys, ['db']);
  await expectError(root.list('secret/metadata/nothing/'), 404);
  step('kv list');

  await root.delete('secret/data/app/db');
  await expectError(root.read('secret/data/app/db'), 404);
  await root.write('secret/undelete/app/db', { versions: [2] });
  assert.equal((await root.read('secret/data/app/db')).data.data.password, 'made-up-2');
  step('kv soft delete and undelete');

  await root.update('secret/data/app/db', { data: { port: '5432' } });
  const patched = await root.read('secret/data/app/db');
  assert.equal(patched.data.data.port, '5432');
  assert.equal(patched.data.data.password, 'made-up-2');
  step('kv merge patch');

  await root.addPolicy({ name: 'app-read', rules: 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n' });
  const policy = await root.getPolicy({ name: 'app-read' });
  assert.match(policy.rules, /secret\/data\/app/);
  step('policy write');

  const created = await root.tokenCreate({ policies: ['app-read'], ttl: '1h' });
  const childToken = created.auth.client_token;
  assert.deepEqual(created.auth.policies, ['app-read', 'default']);
  const child = nodeVault({ apiVersion: 'v1', token: childToken });
  step('token create');

  assert.equal((await child.read('secret/data/app/db')).data.data.user, 'app');
  await expectError(child.write('secret/data/app/db', { data: { x: 'y' } }), 403, 'permission denied');
  await expectError(child.read('secret/data/other'), 403, 'permission denied');
  step('narrow token refused outside its policy');

  const self = await child.tokenLookupSelf();
  assert.equal(self.data.policies.includes('app-read'), true);
  assert.ok(self.data.ttl > 3500);
  const renewed = await child.tokenRenewSelf({ increment: '2h' });
  assert.equal(renewed.auth.lease_duration, 7200);
  step('token lookup and renew');

  await child.tokenRevokeSelf();
  await expectError(child.read('secret/data/app/db'), 403, 'permission denied');
  step('token revoke');
}

main().then(() => console.log('all ok'), (e) => {
  console.error(`FAILED: ${e && e.stack ? e.stack : e}`);
  if (e && e.response) console.error(`response: ${e.response.statusCode} ${JSON.stringify(e.response.body)}`);
  process.exit(1);
});
