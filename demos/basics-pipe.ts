// Basics: Pipe — seed 002, "Pipe".
// Lesson: Pipe() gives two connected ends; what one process send()s, the process holding the
// other end recv()s (waiting until it arrives).
import { Pipe, Process, isMainProcess, type Connection } from 'threadline';

export function sender(conn: Connection): void {
  conn.send('Hello from the sender!');
}

export function receiver(conn: Connection): void {
  const data = conn.recv();
  console.log(`Receiver received: ${data}`);
}

if (isMainProcess()) {
  const [parentConn, childConn] = Pipe();
  const senderProcess = new Process({ target: sender, args: [parentConn] });
  const receiverProcess = new Process({ target: receiver, args: [childConn] });
  senderProcess.start();
  receiverProcess.start();
  senderProcess.join();
  receiverProcess.join();
}
