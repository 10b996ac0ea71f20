import { AddressPolicy, classifyAddress, FeedFetchError, resolveHost } from './address-guard';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['172.32.0.1', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe(AddressPolicy.name, () => {
  it('refuses every non-public address by default', () => {
    const policy = new AddressPolicy('');
    expect(policy.refusal('127.0.0.1')).toMatch(/loopback network address \(127\.0\.0\.1\)/);
    expect(policy.refusal('192.168.0.10')).toMatch(/private/);
    expect(policy.refusal('169.254.169.254')).toMatch(/link-local/);
    expect(policy.refusal('93.184.216.34')).toBeNull();
  });

  it('allows what the setting names, and only that', () => {
    const policy = new AddressPolicy('loopback, 10.9.0.0/16');
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('::1')).toBeNull();
    expect(policy.refusal('10.9.3.4')).toBeNull();
    expect(policy.refusal('10.8.3.4')).toMatch(/private/);
    expect(policy.refusal('169.254.1.1')).toMatch(/link-local/);
  });

  it('refuses a setting it does not understand at boot', () => {
    expect(() => new AddressPolicy('intranet')).toThrow(/FEEDS_ALLOW_PRIVATE/);
  });
});

describe('resolveHost', () => {
  it('refuses a name that resolves to loopback unless allowed', async () => {
    await expect(resolveHost('localhost', new AddressPolicy(''))).rejects.toThrow(FeedFetchError);
    await expect(resolveHost('localhost', new AddressPolicy(''))).rejects.toThrow(
      /The address localhost is not allowed: it points to a loopback/,
    );
    await expect(resolveHost('localhost', new AddressPolicy('loopback'))).resolves.toMatchObject({
      address: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
    });
  });

  it('checks IP literals, IPv6 in brackets included, without DNS', async () => {
    await expect(resolveHost('[::1]', new AddressPolicy(''))).rejects.toThrow(/loopback network address \(::1\)/);
    await expect(resolveHost('169.254.169.254', new AddressPolicy('loopback'))).rejects.toThrow(/link-local/);
  });

  it('says in words when a name does not exist', async () => {
    await expect(resolveHost('no-such-host.invalid', new AddressPolicy(''))).rejects.toThrow(/does not exist|could not be looked up/);
  });
});
