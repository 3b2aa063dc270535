/** server.bind ("HOST:PORT", IPv6 as "[::1]:9984") as the host and port to listen on. */
export interface ListenAddress {
  host: string;
  port: number;
}

export function parseBind(bind: string): ListenAddress {
  const colon = bind.lastIndexOf(':');
  const rawHost = bind.slice(0, colon);
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
  return { host, port: Number(bind.slice(colon + 1)) };
}
