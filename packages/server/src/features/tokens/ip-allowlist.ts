import { BlockList, isIP } from 'node:net';

/** Whether `ip` is allowed by a list of addresses and CIDR ranges; an empty list allows any. */
export function ipAllowed(list: string[], ip: string): boolean {
  if (list.length === 0) return true;
  const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  const blocks = new BlockList();
  for (const entry of list) {
    const [address, bits] = entry.split('/');
    if (!address || !isIP(address)) continue;
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) blocks.addAddress(address, type);
    else blocks.addSubnet(address, Number(bits), type);
  }
  return blocks.check(plain, family);
}

export function isValidAllowlistEntry(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const version = isIP(address);
  if (!version) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= (version === 6 ? 128 : 32);
}
