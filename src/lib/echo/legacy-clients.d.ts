/**
 * socket.io-client 2's prebuilt browser bundle (UMD, no Node dependencies) has no type
 * declarations of its own; this is the one call the demos make.
 */
declare module 'socket.io-client-2/dist/socket.io.slim.js' {
  const io: (uri?: string, options?: Record<string, unknown>) => unknown;
  export default io;
}
