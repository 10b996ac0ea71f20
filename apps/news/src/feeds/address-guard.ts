import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

const RANGES: Record<Exclude<AddressKind, 'public'>, Array<[string, number]>> = {
  loopback: [
    ['127.0.0.0', 8],
    ['::1', 128],
  ],
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['100.64.0.0', 10],
    ['fc00::', 7],
    ['fec0::', 10],
  ],
  'link-local': [
    ['169.254.0.0', 16],
    ['fe80::', 10],
  ],
  reserved: [
    ['0.0.0.0', 8],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
    ['::', 128],
    ['ff00::', 8],
    ['2001:db8::', 32],
    ['100::', 64],
  ],
};

function blockList(ranges: Array<[string, number]>): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of ranges) list.addSubnet(net, prefix, isIP(net) === 6 ? 'ipv6' : 'ipv4');
  return list;
}
const LISTS = Object.entries(RANGES).map(([kind, ranges]) => [kind as AddressKind, blockList(ranges)] as const);

/** The IPv4 address an IPv6 one carries: NAT64 (64:ff9b::/96) and 6to4 (2002::/16); v4-mapped is BlockList's own. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const hex = (h: string) => h.padStart(4, '0');
  const nat64 = /^64:ff9b::([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  const m = nat64 ?? sixToFour;
  if (m) {
    const bytes = Buffer.from(hex(m[1]) + hex(m[2]), 'hex');
    return [...bytes].join('.');
  }
  const dotted = /^64:ff9b::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return dotted ? dotted[1] : null;
}

export function classifyAddress(address: string): AddressKind {
  const family = isIP(address);
  if (!family) return 'reserved';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of LISTS) if (list.check(address, type)) return kind;
  const inner = family === 6 ? embeddedIpv4(address) : null;
  return inner ? classifyAddress(inner) : 'public';
}

/**
 * Which non-public addresses feeds may reach (FEEDS_ALLOW_PRIVATE): none by
 * default, against SSRF into the platform's own network.
 */
export class AddressPolicy {
  private readonly kinds = new Set<AddressKind>();
  private readonly extra = new BlockList();
  private all = false;

  constructor(setting: string) {
    for (const item of setting
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (item === 'all') this.all = true;
      else if (item === 'loopback' || item === 'private' || item === 'link-local') this.kinds.add(item);
      else {
        const [net, prefix] = item.split('/');
        const family = isIP(net);
        if (!family || !/^\d{1,3}$/.test(prefix ?? ''))
          throw new Error(`FEEDS_ALLOW_PRIVATE: "${item}" is not loopback, private, link-local, all or a CIDR block`);
        this.extra.addSubnet(net, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
      }
    }
  }

  /** Why this address may not be fetched, or null when it may. */
  refusal(address: string): string | null {
    const kind = classifyAddress(address);
    if (kind === 'public' || this.all || this.kinds.has(kind)) return null;
    if (this.extra.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')) return null;
    const what = kind === 'reserved' ? 'a reserved' : `a ${kind}`;
    return `it points to ${what} network address (${address}); feeds must be on the public internet`;
  }
}

export interface ResolvedHost {
  address: string;
  family: 4 | 6;
}

/**
 * Thrown with a message meant for the channel's admins, and a reason code
 * that says the same for a client to word in its own language (DNS_NOT_FOUND,
 * HTTP_STATUS_404…; the list is in README, "News feeds").
 */
export class FeedFetchError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * Resolves a host and checks every address it has: one refused address
 * refuses the host (a name with a public and a private record is a classic
 * rebinding set-up). The connection is then pinned to the address checked
 * here, so DNS cannot answer differently between check and connect.
 */
export async function resolveHost(hostname: string, policy: AddressPolicy): Promise<ResolvedHost> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA')
        throw new FeedFetchError(`The server ${host} does not exist (no such name in DNS)`, 'DNS_NOT_FOUND');
      throw new FeedFetchError(`The name ${host} could not be looked up right now (DNS: ${code ?? 'error'})`, 'DNS_FAILED');
    }
  }
  if (!addresses.length) throw new FeedFetchError(`The server ${host} does not exist (no such name in DNS)`, 'DNS_NOT_FOUND');
  for (const a of addresses) {
    const why = policy.refusal(a.address);
    if (why) throw new FeedFetchError(`The address ${host} is not allowed: ${why}`, 'ADDRESS_REFUSED');
  }
  return { address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
