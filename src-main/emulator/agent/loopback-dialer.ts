import { lookup } from 'node:dns/promises';
import { isIP, connect, type Socket } from 'node:net';

/**
 * Dials a port target the way the agent does, with one deliberate restriction: the emulator forwards
 * only to loopback addresses, refusing everything else as the agent refuses IMDS and VPC DNS addresses,
 * so that nothing the emulator does can send traffic off this machine.
 */
export async function dialLoopback(host: string, port: number): Promise<Socket> {
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  const address = addresses.find(isLoopback);
  if (!address) {
    throw new Error(`Forwarding to IP address ${addresses[0] ?? host} is forbidden.`);
  }
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => reject(error));
  });
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address) || /^::ffff:127\./.test(address);
}
