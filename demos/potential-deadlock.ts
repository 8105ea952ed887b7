// A lock-order inversion that does not deadlock — this time.
// Lesson: one process takes `accounts` then `audit`; later another takes `audit` then
// `accounts`. They never overlap here, so the run ends normally, but with other timing they
// would deadlock. Threadline reports the inversion (a potential deadlock) with both sites.
import { Lock, Process, isMainProcess } from 'threadline';

export function deposit(accounts: Lock, audit: Lock): void {
  accounts.withLock(() => {
    audit.withLock(() => console.log('deposit: accounts, then audit'));
  });
}

export function report(accounts: Lock, audit: Lock): void {
  audit.withLock(() => {
    accounts.withLock(() => console.log('report: audit, then accounts'));
  });
}

if (isMainProcess()) {
  const accounts = new Lock();
  const audit = new Lock();
  const first = new Process({ target: deposit, args: [accounts, audit] });
  first.start();
  first.join(); // the second starts only after the first ended: no overlap, no deadlock
  const second = new Process({ target: report, args: [accounts, audit] });
  second.start();
  second.join();
  console.log('finished without deadlock');
}
