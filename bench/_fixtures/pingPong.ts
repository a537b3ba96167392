/** `rec t. A→B ping. B→A pong. t`: the long-running two-role loop the engine benches drive. */
export const pingPong = {
  kind: 'rec',
  var: 't',
  body: {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [
      {
        label: { name: 'ping', sort: 'unit' },
        continuation: {
          kind: 'comm',
          sender: 'B',
          receiver: 'A',
          branches: [{ label: { name: 'pong', sort: 'unit' }, continuation: { kind: 'var', name: 't' } }],
        },
      },
    ],
  },
} as const;
